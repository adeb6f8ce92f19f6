import { describe, expect, it } from 'vitest';
import { MessageTemplate } from './message-template.js';
import { allRules } from './rules/index.js';

/** How messages were filled before templates were split once: a regular expression per finding. */
const replaced = (template: string, data?: Readonly<Record<string, string | number>>): string =>
  data
    ? template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
        key in data ? String(data[key]) : whole,
      )
    : template;

describe('MessageTemplate', () => {
  const templates = [
    ...allRules.flatMap((r) => Object.values<string>(r.meta.messages)),
    'no placeholder',
    '{{a}}{{ b }}{{a}}',
    '{{ a}} and {{b }} {{c}} {{ }} {{d-e}} {{{a}}} }}{{',
    '{{toString}} {{constructor}}',
    '',
  ];
  const data: (Readonly<Record<string, string | number>> | undefined)[] = [
    undefined,
    {},
    { a: 'x', b: 2, name: 'ua-$&$1', kind: 'disk', line: 0, characters: '"{{a}}"' },
    { a: '', c: '{{b}}' },
  ];

  it('fills every rule message and odd templates as replacing each placeholder would', () => {
    for (const template of templates) {
      const compiled = new MessageTemplate(template);
      for (const d of data) expect(compiled.format(d), template).toBe(replaced(template, d));
    }
  });
});

import type { ReportDescriptor } from './rule.js';

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/**
 * A rule message split at its `{{name}}` placeholders once per rule and message, not searched
 * with a regular expression for every finding. `format` gives what replacing every placeholder
 * with `String(data[name])` gives (a name not in `data` stays as written).
 */
export class MessageTemplate {
  /** The text between placeholders: one more than `keys`. */
  private readonly literals: string[] = [];
  private readonly keys: string[] = [];
  /** Each placeholder as written, for a name the data lacks. */
  private readonly placeholders: string[] = [];

  constructor(readonly template: string) {
    let at = 0;
    for (const match of template.matchAll(PLACEHOLDER)) {
      this.literals.push(template.slice(at, match.index));
      this.keys.push(match[1]!);
      this.placeholders.push(match[0]);
      at = match.index + match[0].length;
    }
    this.literals.push(template.slice(at));
  }

  format(data: ReportDescriptor['data']): string {
    if (!data) return this.template;
    const { literals, keys, placeholders } = this;
    let out = literals[0]!;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      out += (key in data ? String(data[key]) : placeholders[i]!) + literals[i + 1]!;
    }
    return out;
  }
}

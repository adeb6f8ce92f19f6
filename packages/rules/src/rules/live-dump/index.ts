import { defineRule, docsUrl } from '../../rule.js';

const EXAMPLES = 3;

export default defineRule({
  id: 'live-dump',
  meta: {
    type: 'problem',
    docs: {
      description:
        'The file is a persistent definition (`virsh dumpxml --inactive`), not a dump of a running guest.',
      url: docsUrl('live-dump'),
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
    messages: {
      liveDump:
        'A live dump of a running guest ({{evidence}}), not a persistent definition: use `virsh dumpxml --inactive`.',
    },
    why: {
      liveDump:
        'Its generated aliases and runtime state are not a persistent definition, and defining it drops them. Only what survives an inactive define is judged here.',
    },
  },
  create(context) {
    return {
      end() {
        const { document } = context;
        const live = document.liveDump;
        if (!live) return;
        const evidence: string[] = [];
        if (live.id) evidence.push(`<domain id='${live.id.value}'>`);
        const generated = live.generatedAliases;
        if (generated.length > 0) {
          const names = generated.slice(0, EXAMPLES).map((d) => d.alias!.name!);
          const more = generated.length > EXAMPLES ? ', ...' : '';
          const count =
            generated.length === 1 ? '1 generated alias' : `${generated.length} generated aliases`;
          evidence.push(`${count}: ${names.join(', ')}${more}`);
        }
        context.report({
          messageId: 'liveDump',
          node: document.root,
          data: { evidence: evidence.join('; ') },
        });
      },
    };
  },
});

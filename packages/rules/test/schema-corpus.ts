/**
 * Mutations of valid domains, for checking the libvirt-schema rule against xmllint: each one
 * touches one thing libvirt's schema cares about (alias characters, required elements, unknown
 * elements and attributes, attribute values, nesting) or something it does not (comments,
 * order inside an interleave, a dotted alias). Deterministic: a fixed seed picks which
 * occurrence a mutation touches.
 */
import { seededRandom } from '@virt-alias/parser/testing';

export interface Mutation {
  readonly name: string;
  /** The mutated text, or undefined when the document has nothing this mutation touches. */
  apply(text: string, pick: (count: number) => number): string | undefined;
}

/** Replaces one (picked) match of `pattern` with what `replace` makes of it. */
function replaceOne(
  text: string,
  pattern: RegExp,
  pick: (count: number) => number,
  replace: (match: RegExpExecArray) => string,
): string | undefined {
  const matches = [...text.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))];
  if (matches.length === 0) return undefined;
  const m = matches[pick(matches.length)]!;
  return text.slice(0, m.index) + replace(m) + text.slice(m.index + m[0].length);
}

const ALIAS = /<alias name=(['"])([^'"]*)\1/;
const aliasNamed = (suffix: (name: string) => string): Mutation['apply'] => {
  return (text, pick) => replaceOne(text, ALIAS, pick, (m) => `<alias name=${m[1]}${suffix(m[2]!)}${m[1]}`);
};

export const MUTATIONS: readonly Mutation[] = [
  { name: 'alias-space', apply: aliasNamed((n) => `${n} x`) },
  { name: 'alias-dot', apply: aliasNamed((n) => `${n}.1`) },
  { name: 'alias-slash', apply: aliasNamed((n) => `${n}/1`) },
  { name: 'alias-non-ascii', apply: aliasNamed((n) => `${n}é`) },
  { name: 'alias-empty', apply: aliasNamed(() => '') },
  { name: 'alias-colon', apply: aliasNamed((n) => `${n}:0`) },
  {
    name: 'alias-on-os',
    apply: (text, pick) => replaceOne(text, /<os>/, pick, () => "<os>\n    <alias name='ua-os'/>"),
  },
  {
    name: 'alias-in-source',
    apply: (text, pick) =>
      replaceOne(text, /<source [^>]*\/>/, pick, (m) =>
        m[0].replace('/>', "><alias name='ua-in-source'/></source>"),
      ),
  },
  { name: 'no-name', apply: (text, pick) => replaceOne(text, /\s*<name>[^<]*<\/name>/, pick, () => '') },
  {
    name: 'two-names',
    apply: (text, pick) => replaceOne(text, /<name>[^<]*<\/name>/, pick, (m) => `${m[0]}\n  ${m[0]}`),
  },
  {
    name: 'no-os',
    apply: (text, pick) => replaceOne(text, /\s*<os(?:\s[^>]*)?>[\s\S]*?<\/os>/, pick, () => ''),
  },
  {
    name: 'no-disk-target',
    apply: (text, pick) => replaceOne(text, /(<disk\b[\s\S]*?)\s*<target [^>]*\/>/, pick, (m) => m[1]!),
  },
  {
    name: 'unknown-device',
    apply: (text, pick) => replaceOne(text, /<devices>/, pick, () => '<devices>\n    <frobnicator/>'),
  },
  {
    name: 'unknown-element-in-disk',
    apply: (text, pick) => replaceOne(text, /<disk\b[^>]*>/, pick, (m) => `${m[0]}\n      <frob/>`),
  },
  {
    name: 'unknown-attribute-on-disk',
    apply: (text, pick) => replaceOne(text, /<disk\b/, pick, () => "<disk frob='1'"),
  },
  {
    name: 'unknown-attribute-on-alias',
    apply: (text, pick) => replaceOne(text, /<alias /, pick, () => "<alias frob='1' "),
  },
  {
    name: 'disk-device-value',
    apply: (text, pick) => replaceOne(text, /device=(['"])disk\1/, pick, (m) => `device=${m[1]}dsk${m[1]}`),
  },
  {
    name: 'target-bus-value',
    apply: (text, pick) =>
      replaceOne(text, /bus=(['"])(virtio|scsi|sata|ide)\1/, pick, (m) => `bus=${m[1]}virtio2${m[1]}`),
  },
  {
    name: 'domain-type-value',
    apply: (text, pick) =>
      replaceOne(text, /<domain type=(['"])\w+\1/, pick, (m) => `<domain type=${m[1]}kvmx${m[1]}`),
  },
  {
    name: 'interface-type-value',
    apply: (text, pick) =>
      replaceOne(text, /<interface type=(['"])\w+\1/, pick, (m) => `<interface type=${m[1]}bogus${m[1]}`),
  },
  {
    name: 'mac-value',
    apply: (text, pick) =>
      replaceOne(
        text,
        /<mac address=(['"])[^'"]+\1/,
        pick,
        (m) => `<mac address=${m[1]}zz:54:00:00:00:01${m[1]}`,
      ),
  },
  {
    name: 'memory-unit-value',
    apply: (text, pick) =>
      replaceOne(text, /<memory(?: unit=(['"])\w+\1)?>/, pick, () => "<memory unit='XB'>"),
  },
  {
    name: 'uuid-value',
    apply: (text, pick) => replaceOne(text, /<uuid>[^<]*<\/uuid>/, pick, () => '<uuid>not-a-uuid</uuid>'),
  },
  {
    name: 'pci-slot-value',
    apply: (text, pick) =>
      replaceOne(text, /slot=(['"])0x[0-9a-f]+\1/, pick, (m) => `slot=${m[1]}0xZZ${m[1]}`),
  },
  {
    name: 'extra-disk',
    apply: (text, pick) =>
      replaceOne(
        text,
        /<devices>/,
        pick,
        () =>
          "<devices>\n    <disk type='file' device='disk'><source file='/x'/><target dev='vdz' bus='virtio'/></disk>",
      ),
  },
  {
    name: 'deep-metadata',
    apply: (text, pick) => {
      const nested = `<x:a xmlns:x='urn:x'>${'<x:b>'.repeat(260)}${'</x:b>'.repeat(260)}</x:a>`;
      if (/<metadata>/.test(text)) return replaceOne(text, /<metadata>/, pick, () => `<metadata>${nested}`);
      return replaceOne(
        text,
        /\n(\s*)<devices>/,
        pick,
        (m) => `\n${m[1]}<metadata>${nested}</metadata>${m[0]}`,
      );
    },
  },
  {
    name: 'comment-in-devices',
    apply: (text, pick) => replaceOne(text, /<\/devices>/, pick, () => '  <!-- a comment -->\n  </devices>'),
  },
  {
    name: 'name-after-memory',
    apply: (text) => {
      const name = /\n\s*<name>[^<]*<\/name>/.exec(text);
      const memory = /<\/memory>/.exec(text);
      if (!name || !memory || memory.index < name.index) return undefined;
      const without = text.slice(0, name.index) + text.slice(name.index + name[0].length);
      const at = without.indexOf('</memory>') + '</memory>'.length;
      return without.slice(0, at) + name[0] + without.slice(at);
    },
  },
  {
    name: 'latin1-declaration',
    apply: (text) => {
      if (!/<description>/.test(text) && !/<name>/.test(text)) return undefined;
      const body = text.replace(/^\uFEFF?<\?xml[^>]*\?>\s*/, '');
      return `<?xml version='1.0' encoding='ISO-8859-1'?>\n${body.replace(/<name>/, '<description>café</description>\n  <name>')}`;
    },
  },
];

/**
 * Each base with every `share`-th mutation (a different third of them for consecutive bases, by
 * default): every mutation meets many bases, and the corpus stays a few hundred documents.
 */
export function mutate(
  bases: readonly { readonly label: string; readonly text: string }[],
  share = 3,
  seed = 20240514,
): { label: string; text: string }[] {
  const random = seededRandom(seed);
  const pick = (count: number): number => Math.floor(random() * count);
  const out: { label: string; text: string }[] = [];
  bases.forEach((base, i) => {
    MUTATIONS.forEach((mutation, j) => {
      if ((i + j) % share !== 0) return;
      const text = mutation.apply(base.text, pick);
      if (text !== undefined && text !== base.text)
        out.push({ label: `${base.label}~${mutation.name}`, text });
    });
  });
  return out;
}

import type { DomainDocument } from '@virt-alias/parser';
import { compareAliases } from '@virt-alias/rewriter';

/**
 * The aliases of the file that the stored definition does not carry on the same device. libvirt
 * drops an alias it does not accept without a word (define succeeds), so a define is only done
 * once the definition read back has every one of them. A console that mirrors serial[0] is left
 * out: libvirt gives it serial[0]'s alias, whatever the file says.
 */
export function missingAliases(file: DomainDocument, stored: DomainDocument): string[] {
  const { changes, onlyAfter } = compareAliases(stored, file, { skipMirroredConsoles: true });
  return [
    ...changes
      .filter((c) => c.new !== null)
      .map((c) => `${c.device}: ${c.new} (stored: ${c.old ?? 'no alias'})`),
    ...onlyAfter
      .filter((d) => d.alias !== null)
      .map((d) => `${d.device}: ${d.alias} (no such device in the stored definition)`),
  ];
}

import type { DomainDocument } from '@virt-alias/parser';
import { compareAliases, pairingKeys } from '@virt-alias/rewriter';

/**
 * The aliases of the file that the stored definition does not carry on the same device. libvirt
 * drops an alias it does not accept without a word (define succeeds), so a define is only done
 * once the definition read back has every one of them.
 */
export function missingAliases(file: DomainDocument, stored: DomainDocument): string[] {
  const { changes, onlyAfter } = compareAliases(stored, file);
  const missing = changes
    .filter((c) => c.new !== null)
    .map((c) => `${c.device}: ${c.new} (stored: ${c.old ?? 'no alias'})`);
  const keys = pairingKeys(file.devices);
  file.devices.forEach((device, i) => {
    const alias = device.alias?.name;
    if (alias !== undefined && onlyAfter.includes(keys[i]!)) {
      missing.push(`${keys[i]!}: ${alias} (no such device in the stored definition)`);
    }
  });
  return missing;
}

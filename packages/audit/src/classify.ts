import type { LintMessage } from '@virt-alias/rules';
import type { Action, NovaAction } from './report.js';

/**
 * What a finding needs. A fix: `fix` repairs it alone. No fix: the linter says why
 * (`unfixableKind`), `mapping` when a `--mapping` file would give the missing identifier; a
 * finding of a rule that has no fixes (a parse error, a live dump, the schema) needs a person.
 */
export function actionOf(message: LintMessage): Action {
  if (message.fix) return 'fix';
  return message.unfixableKind === 'mapping' ? 'mapping' : 'person';
}

/** Volume disks without an alias, as alias-required reports them (`lun` is a volume too). */
const VOLUME_WITHOUT_ALIAS: ReadonlySet<string> = new Set(['volume', 'lun']);

/**
 * What the finding asks of a Nova operator, for a domain Nova manages (see
 * docs/reference/nova-devices.md): Nova 2024.1+ writes `ua-<volume uuid>` itself whenever it
 * rebuilds a guest's XML (hard reboot, power-on), so a volume disk without one waits for that;
 * an alias naming another volume, or `ua-` on a local disk, makes Nova take the disk for the
 * wrong device.
 */
export function novaActionOf(message: LintMessage, novaManaged: boolean): NovaAction | null {
  if (!novaManaged) return null;
  switch (message.ruleId) {
    case 'alias-required':
      return VOLUME_WITHOUT_ALIAS.has(message.messageId ?? '') ? 'hard-reboot' : null;
    case 'alias-identity':
      return message.messageId === 'volume' ? 'wrong-device' : null;
    case 'alias-local-disk':
      return 'wrong-device';
    default:
      return null;
  }
}

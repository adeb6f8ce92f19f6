import { parseDomain, type DomainDocument } from '@virt-alias/parser';
import { compareAliases, type AliasChange } from '@virt-alias/rewriter';
import type { BackupDir } from './backup.js';
import { definitionDrift, definitionFacts } from './drift.js';
import { domainKey, type DoneDomain, type Journal, type JournalRecord } from './journal.js';
import { NOVA_MANAGED_REASON, NOVA_MANAGED_WARNING, RUNNING_NOTE } from './messages.js';
import { missingAliases } from './verify.js';
import { VirshError, type ListedDomain, type Virsh } from './virsh.js';

/** One file to apply: checked by the caller (parses, not a live dump, no error finding left). */
export interface ApplyFile {
  /** The file as the user named it, for messages and the journal. */
  readonly file: string;
  readonly text: string;
  readonly document: DomainDocument;
  /** sha256 of `text`, hex: the journal tells files apart by it. */
  readonly sha256: string;
}

export interface ApplySettings {
  readonly virsh: Virsh;
  /** The URI as the connection reports it, for messages. */
  readonly uri: string;
  /** Every domain at the start of the run (`virsh list --all`). */
  readonly listing: readonly ListedDomain[];
  /** Check and report only: no backup, no define, no journal record. */
  readonly dryRun: boolean;
  /** Define over a definition that changed since the dump. */
  readonly force: boolean;
  /** Define files of domains libvirt does not know. */
  readonly allowNew: boolean;
  readonly includeNovaManaged: boolean;
  readonly backups: BackupDir;
  readonly journal?: Journal | undefined;
  /** Names this run in the journal: a resumed run appends to the journal of another. */
  readonly runId?: string | undefined;
  /** Domains a journal (`--resume`) records as done. */
  readonly done?: ReadonlyMap<string, DoneDomain> | undefined;
  /** TEST-ONLY: runs after each journal record is on disk. */
  readonly afterJournal?: ((record: JournalRecord) => Promise<void>) | undefined;
}

export type Outcome =
  | 'defined'
  | 'would-define'
  | 'unchanged'
  | 'already-done'
  | 'skipped'
  | 'rolled-back'
  /** Nothing was changed, but libvirt or the disk failed under us (a virsh call, the backup). */
  | 'failed'
  /** The define went wrong and so did putting the backup back: the definition may be neither. */
  | 'rollback-failed';

export interface DomainResult {
  readonly file: string;
  readonly domain: { readonly name: string | null; readonly uuid: string | null };
  readonly outcome: Outcome;
  /** Why it was skipped, rolled back or failed. */
  readonly reason?: string;
  /** What backs the reason up: drift lines, missing aliases, libvirt's error lines. */
  readonly details: readonly string[];
  /** Alias changes against the stored definition (all of the file's aliases for a new domain). */
  readonly changes: readonly AliasChange[];
  /** What the operator must know: running guest, Nova, --force over drift, how a rollback went. */
  readonly notes: readonly string[];
  readonly backup?: string;
  readonly created?: boolean;
  /**
   * The journal could not be written during this domain: its steps went on to their end (a
   * define is still verified, or rolled back), and the caller should start no other domain.
   */
  readonly journalError?: string;
}

const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');

function virshDetails(error: unknown): string[] {
  if (error instanceof VirshError) return lines(error.detail);
  throw error;
}

function parsed(text: string): DomainDocument | undefined {
  const result = parseDomain(text);
  return result.kind === 'domain' ? result.document : undefined;
}

/** Every alias of a file for a domain libvirt does not know yet: all of them are new. */
function newAliases(document: DomainDocument): readonly AliasChange[] {
  const empty = parsed('<domain/>')!;
  return compareAliases(empty, document, { skipMirroredConsoles: true }).onlyAfter.flatMap((d) =>
    d.alias === null ? [] : [{ device: d.device, old: null, new: d.alias }],
  );
}

type Match =
  | { readonly kind: 'existing'; readonly uuid: string }
  | { readonly kind: 'new' }
  | { readonly kind: 'conflict'; readonly reason: string };

/** The defined domain this file is for: same uuid and same name, or none of either. */
function match(name: string, uuid: string | null, listing: readonly ListedDomain[], uri: string): Match {
  const byUuid = uuid === null ? undefined : listing.find((d) => d.uuid === uuid);
  if (byUuid) {
    return byUuid.name === name
      ? { kind: 'existing', uuid: byUuid.uuid }
      : {
          kind: 'conflict',
          reason: `uuid ${uuid} is the domain '${byUuid.name}' on ${uri}, but the file names it '${name}': apply does not rename domains`,
        };
  }
  const byName = listing.find((d) => d.name === name);
  if (byName) {
    return {
      kind: 'conflict',
      reason: `the domain '${name}' on ${uri} has uuid ${byName.uuid}, the file ${uuid === null ? 'has no <uuid>' : `has uuid ${uuid}`}: not the same domain`,
    };
  }
  return { kind: 'new' };
}

/** One domain through the pipeline of docs/apply.md: a result whatever happens, never a throw for libvirt. */
class DomainRun {
  private readonly domain: DomainResult['domain'];
  private readonly notes: string[] = [];
  private changes: readonly AliasChange[] = [];
  private backup: string | undefined;
  private journalError: string | undefined;

  constructor(
    private readonly input: ApplyFile,
    private readonly s: ApplySettings,
  ) {
    this.domain = { name: input.document.name ?? null, uuid: input.document.uuid ?? null };
  }

  /** A journal that fails must not stop a domain between its define and its verification. */
  private async record(record: JournalRecord): Promise<void> {
    if (!this.s.journal || this.s.dryRun) return;
    try {
      await this.s.journal.write(this.s.runId !== undefined ? { ...record, run: this.s.runId } : record);
    } catch (error) {
      this.journalError ??= error instanceof Error ? error.message : String(error);
      return;
    }
    await this.s.afterJournal?.(record);
  }

  private step(step: string, extra: Record<string, unknown> = {}): Promise<void> {
    const { file, sha256 } = this.input;
    return this.record({ event: 'step', step, domain: this.domain, file, sha256, ...extra });
  }

  private async finish(
    outcome: Outcome,
    extra: { reason?: string; details?: readonly string[]; created?: boolean } = {},
  ): Promise<DomainResult> {
    const result: DomainResult = {
      file: this.input.file,
      domain: this.domain,
      outcome,
      details: extra.details ?? [],
      changes: this.changes,
      notes: this.notes,
      ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
      ...(this.backup !== undefined ? { backup: this.backup } : {}),
      ...(extra.created !== undefined ? { created: extra.created } : {}),
    };
    await this.record({
      event: 'outcome',
      outcome,
      domain: this.domain,
      file: this.input.file,
      sha256: this.input.sha256,
      ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
      ...(result.details.length > 0 ? { details: result.details } : {}),
      ...(this.backup !== undefined ? { backup: this.backup } : {}),
      changes: this.changes,
    });
    return this.journalError === undefined ? result : { ...result, journalError: this.journalError };
  }

  async run(): Promise<DomainResult> {
    const { name, uuid } = this.domain;
    if (name === null || name === '') return this.finish('skipped', { reason: 'the file has no <name>' });
    const earlier = this.s.done?.get(domainKey(this.domain));
    if (earlier && earlier.sha256 === this.input.sha256) {
      this.notes.push(`${earlier.outcome} at ${earlier.time} (journal); not looked at again`);
      return this.finish('already-done');
    }
    const found = match(name, uuid, this.s.listing, this.s.uri);
    if (found.kind === 'conflict') return this.finish('skipped', { reason: found.reason });
    if (found.kind === 'new') return this.runNew(name);
    return this.runExisting(name, found.uuid);
  }

  private novaSkip(documents: readonly DomainDocument[]): boolean {
    if (!documents.some((d) => d.nova !== null)) return false;
    if (!this.s.includeNovaManaged) return true;
    this.notes.push(NOVA_MANAGED_WARNING);
    return false;
  }

  private async runNew(name: string): Promise<DomainResult> {
    if (!this.s.allowNew) {
      return this.finish('skipped', {
        reason: `no domain '${name}' on ${this.s.uri}: a file for a new domain is defined only with --allow-new`,
      });
    }
    if (this.novaSkip([this.input.document])) return this.finish('skipped', { reason: NOVA_MANAGED_REASON });
    this.changes = newAliases(this.input.document);
    if (this.s.dryRun) return this.finish('would-define', { created: true });
    const validate = await this.s.virsh.supportsValidate();
    try {
      await this.s.virsh.defineText(this.input.text, validate);
    } catch (error) {
      // libvirt leaves nothing behind when define fails.
      return this.finish('skipped', {
        reason: 'libvirt refused the definition (nothing was defined)',
        details: virshDetails(error),
        created: false,
      });
    }
    await this.step('define', { created: true });
    let uuid: string;
    try {
      const listed = (await this.s.virsh.list()).find((d) => d.name === name);
      if (!listed) throw new VirshError(['list'], `'${name}' is not listed after its define`, 'exit');
      uuid = listed.uuid;
      const stored = parsed(await this.s.virsh.dumpInactive(uuid));
      const missing = stored
        ? missingAliases(this.input.document, stored)
        : ['the stored definition does not parse'];
      if (missing.length > 0) {
        return await this.undefineNew(uuid, 'libvirt did not keep every alias of the file', missing);
      }
    } catch (error) {
      return this.finish('rollback-failed', {
        reason: 'the new domain could not be read back; it is left defined',
        details: virshDetails(error),
        created: true,
      });
    }
    await this.step('verify', { uuid });
    return this.finish('defined', { created: true });
  }

  private async undefineNew(uuid: string, reason: string, details: readonly string[]): Promise<DomainResult> {
    await this.step('rollback', { reason, uuid });
    try {
      await this.s.virsh.undefine(uuid);
      const left = (await this.s.virsh.list()).some((d) => d.uuid === uuid);
      if (left) throw new VirshError(['list'], `${uuid} is still listed after its undefine`, 'exit');
    } catch (error) {
      return this.finish('rollback-failed', {
        reason,
        details: [...details, ...virshDetails(error)],
        created: true,
      });
    }
    this.notes.push('the new domain was undefined again');
    await this.step('restored', { undefined: true });
    return this.finish('rolled-back', { reason, details, created: false });
  }

  private async runExisting(name: string, uuid: string): Promise<DomainResult> {
    const { virsh } = this.s;
    let storedText: string;
    let active: boolean;
    try {
      const info = await virsh.info(uuid);
      if (!info.persistent) {
        return await this.finish('skipped', {
          reason: 'a transient domain (no persistent definition): defining would make it persistent',
        });
      }
      active = info.active;
      storedText = await virsh.dumpInactive(uuid);
    } catch (error) {
      return this.finish('failed', {
        reason: 'cannot read the current definition; nothing was changed',
        details: virshDetails(error),
      });
    }
    const stored = parsed(storedText);
    if (!stored) {
      return this.finish('failed', {
        reason: 'the current definition from libvirt does not parse; nothing was changed',
      });
    }
    if (this.novaSkip([this.input.document, stored]))
      return this.finish('skipped', { reason: NOVA_MANAGED_REASON });
    const drift = definitionDrift(stored, this.input.document);
    this.changes = compareAliases(stored, this.input.document, { skipMirroredConsoles: true }).changes;
    if (drift.length > 0 && !this.s.force) {
      return this.finish('skipped', {
        reason:
          'the domain changed since the dump the file was fixed from (- current definition, + file); ' +
          'dump and fix it again, or define it anyway with --force',
        details: drift,
      });
    }
    if (drift.length > 0) {
      this.notes.push(
        `--force: the new definition replaces the ${drift.length} difference(s) from the current one shown below`,
      );
    }
    if (drift.length === 0 && this.changes.length === 0) {
      if (active && (await this.runsWithout(uuid))) this.notes.push(RUNNING_NOTE);
      return this.finish('unchanged');
    }
    if (active) this.notes.push(RUNNING_NOTE);
    if (this.s.dryRun) return this.finish('would-define', { details: drift, created: false });

    let backup: string;
    try {
      backup = await this.s.backups.keep(name, uuid, storedText);
      this.backup = backup;
    } catch (error) {
      return this.finish('failed', {
        reason: `cannot keep a backup of the current definition, so nothing was defined: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    await this.step('backup', { backup: this.backup });
    const validate = await virsh.supportsValidate();
    try {
      await virsh.defineText(this.input.text, validate);
    } catch (error) {
      return this.rollBack(
        uuid,
        { file: backup, text: storedText },
        'libvirt refused the definition',
        virshDetails(error),
      );
    }
    await this.step('define', { validate });
    let missing: string[];
    try {
      const readBack = parsed(await virsh.dumpInactive(uuid));
      missing = readBack
        ? missingAliases(this.input.document, readBack)
        : ['the stored definition does not parse'];
    } catch (error) {
      return this.rollBack(
        uuid,
        { file: backup, text: storedText },
        'cannot read the new definition back',
        virshDetails(error),
      );
    }
    if (missing.length > 0) {
      return this.rollBack(
        uuid,
        { file: backup, text: storedText },
        'libvirt did not keep every alias of the file (it drops an alias it does not accept, silently)',
        missing,
      );
    }
    await this.step('verify');
    return this.finish('defined', { created: false, details: drift });
  }

  /**
   * Whether a running guest still runs without the file's aliases (defined earlier, not yet cold
   * booted). Unknown (the live XML cannot be read) counts as yes: the note is then said anyway.
   */
  private async runsWithout(uuid: string): Promise<boolean> {
    try {
      const live = parsed(await this.s.virsh.dumpLive(uuid));
      return live === undefined || missingAliases(this.input.document, live).length > 0;
    } catch (error) {
      virshDetails(error);
      return true;
    }
  }

  /**
   * Puts the backup back and checks it: the definition libvirt reports afterwards must be the
   * backup byte for byte. When libvirt still holds the backup (a define that failed changes
   * nothing), it is not defined again.
   */
  private async rollBack(
    uuid: string,
    backup: { readonly file: string; readonly text: string },
    reason: string,
    details: readonly string[],
  ): Promise<DomainResult> {
    await this.step('rollback', { reason });
    const { virsh } = this.s;
    try {
      if ((await virsh.dumpInactive(uuid)) === backup.text) {
        this.notes.push('the definition is the one before, byte for byte (libvirt changed nothing)');
        await this.step('restored', { redefined: false });
        return await this.finish('rolled-back', { reason, details, created: false });
      }
      // The backup file itself, as kept: libvirt's own dump, so no --validate.
      await virsh.define(backup.file, false);
      const after = await virsh.dumpInactive(uuid);
      if (after !== backup.text) {
        const again = parsed(after);
        const before = parsed(backup.text);
        const same =
          again !== undefined &&
          before !== undefined &&
          definitionFacts(again).join('\n') === definitionFacts(before).join('\n') &&
          missingAliases(before, again).length === 0;
        if (!same) {
          return await this.finish('rollback-failed', {
            reason: `${reason}; the backup was defined again but reads back different from it`,
            details,
          });
        }
      }
    } catch (error) {
      return this.finish('rollback-failed', {
        reason: `${reason}; putting the backup back failed`,
        details: [...details, ...virshDetails(error)],
      });
    }
    this.notes.push('the backup was defined again and reads back as it was');
    await this.step('restored', { redefined: true });
    return this.finish('rolled-back', { reason, details, created: false });
  }
}

/** Applies one file (see docs/apply.md): never throws for what libvirt says, only for a bug. */
export function applyDomain(input: ApplyFile, settings: ApplySettings): Promise<DomainResult> {
  return new DomainRun(input, settings).run();
}

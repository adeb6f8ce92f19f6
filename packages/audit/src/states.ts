import path from 'node:path';
import { MAX_INPUT_BYTES, readRegularFile } from '@virt-alias/rules';

/**
 * The file of guest states beside a host's dumps, as examples/ansible writes it: one
 * `<domain name><TAB><virsh domstate>` a line.
 */
export const STATES_FILE = 'states.tsv';

/** A states file that cannot be read or is not `name<TAB>state` lines: the message names file and line. */
export class StatesError extends Error {
  override readonly name = 'StatesError';
}

/** The states of one file's text: domain name to state. Throws `StatesError` naming `file:line`. */
export function parseStates(text: string, file: string): Map<string, string> {
  const states = new Map<string, string>();
  // A byte order mark (Windows editors write one) would be part of the first domain's name.
  const lines = text.replace(/^\uFEFF/u, '').split(/\r?\n/u);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const tab = line.indexOf('\t');
    const name = tab < 0 ? '' : line.slice(0, tab);
    const state = tab < 0 ? '' : line.slice(tab + 1).trim();
    if (name === '' || state === '') {
      throw new StatesError(
        `${file}:${i + 1}:1: not "<domain name><TAB><state>" (as virsh domstate says it): ${JSON.stringify(line)}`,
      );
    }
    const earlier = states.get(name);
    if (earlier !== undefined && earlier !== state) {
      throw new StatesError(`${file}:${i + 1}:1: domain ${JSON.stringify(name)} is listed twice`);
    }
    states.set(name, state);
  });
  return states;
}

const isMissing = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');

/**
 * The recorded state of each domain file: looked up by the domain's name in the `states.tsv` of
 * the file's directory, each directory's file read once. No such file, or no line for the
 * domain: null (unknown). A file that cannot be read or parsed is reported once through
 * `onError` (its directory's states are then unknown).
 */
export class StateFiles {
  private readonly dirs = new Map<string, Promise<ReadonlyMap<string, string> | null>>();

  constructor(
    private readonly onError: (error: StatesError) => void,
    /** How messages name a states file; default its path. */
    private readonly shown: (file: string) => string = (file) => file,
    /** Why a states file cannot be read, in words; default the error's message. */
    private readonly why: (error: unknown) => string = (error) =>
      error instanceof Error ? error.message : String(error),
  ) {}

  stateOf(filePath: string, domainName: string | undefined): Promise<string | null> | null {
    if (domainName === undefined || !path.isAbsolute(filePath)) return null;
    const dir = path.dirname(filePath);
    let states = this.dirs.get(dir);
    if (!states) {
      states = this.read(path.join(dir, STATES_FILE));
      this.dirs.set(dir, states);
    }
    return states.then((s) => s?.get(domainName) ?? null);
  }

  private async read(file: string): Promise<ReadonlyMap<string, string> | null> {
    let text: string;
    try {
      text = (await readRegularFile(file, MAX_INPUT_BYTES)).toString('utf8');
    } catch (error) {
      if (isMissing(error)) return null;
      this.onError(new StatesError(`${this.shown(file)}: cannot read: ${this.why(error)}`));
      return null;
    }
    try {
      return parseStates(text, this.shown(file));
    } catch (error) {
      if (!(error instanceof StatesError)) throw error;
      this.onError(error);
      return null;
    }
  }
}

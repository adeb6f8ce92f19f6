import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A virsh call that failed: its arguments, and what virsh said, verbatim. */
export class VirshError extends Error {
  override readonly name = 'VirshError';
  constructor(
    /** The arguments after `virsh` (`-c URI` included), as run. */
    readonly args: readonly string[],
    /** virsh's standard error, trimmed, or why it did not run or was killed. */
    readonly detail: string,
    readonly reason: 'exit' | 'timeout' | 'spawn',
  ) {
    super(detail);
  }
}

export interface VirshOptions {
  /** `--connect URI`; undefined: libvirt's default URI (LIBVIRT_DEFAULT_URI, libvirt.conf). */
  readonly uri?: string | undefined;
  /** Per call: a call that takes longer is killed and fails. */
  readonly timeoutMs: number;
  /** The program; default `virsh` from PATH. */
  readonly program?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** One domain of `virsh list --all`. */
export interface ListedDomain {
  readonly uuid: string;
  readonly name: string;
}

export interface DomainInfo {
  /** A running or paused guest: a QEMU process holds its live definition. */
  readonly active: boolean;
  readonly persistent: boolean;
  /** The `State:` line as virsh printed it (`running`, `shut off`, ...). */
  readonly state: string;
}

const MAX_OUTPUT = 64 * 1024 * 1024;
const UUID_LINE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) (.+)$/i;

/**
 * libvirt through the `virsh` binary, what operators have on hosts: no shell (argument arrays),
 * a timeout per call, libvirt's own error text passed on as it is. Messages are in the C locale
 * so the few outputs read here (`list`, `dominfo`) parse the same everywhere.
 */
export class Virsh {
  private validateSupport: Promise<boolean> | undefined;

  constructor(private readonly options: VirshOptions) {}

  get uri(): string | undefined {
    return this.options.uri;
  }

  /** Runs `virsh [-c URI] ARGS`, feeding `input` to its standard input; resolves with stdout. */
  run(args: readonly string[], input?: string): Promise<string> {
    const full = [...(this.options.uri !== undefined ? ['-c', this.options.uri] : []), ...args];
    const env = { ...(this.options.env ?? process.env), LC_ALL: 'C' };
    const program = this.options.program ?? 'virsh';
    const seconds = Math.round(this.options.timeoutMs / 100) / 10;
    return new Promise((resolve, reject) => {
      const child = execFile(
        program,
        full,
        { timeout: this.options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT, env },
        (error, stdout, stderr) => {
          if (!error) {
            resolve(stdout);
            return;
          }
          const said = stderr.trim();
          if (error.killed || error.signal) {
            const why = error.killed ? `no answer within ${seconds} s: killed` : `killed by ${error.signal}`;
            reject(new VirshError(full, said ? `${said}\n${why}` : why, 'timeout'));
          } else if (typeof error.code === 'number') {
            reject(new VirshError(full, said || `exit status ${error.code}`, 'exit'));
          } else {
            reject(new VirshError(full, `cannot run ${program}: ${error.message}`, 'spawn'));
          }
        },
      );
      // A broken pipe when virsh fails before reading its input is reported by the callback.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input ?? '');
    });
  }

  /** The URI the connection really uses (`virsh uri`): also the connection check. */
  async connectedUri(): Promise<string> {
    return (await this.run(['uri'])).trim();
  }

  /** Every domain, defined or transient, running or not. */
  async list(): Promise<ListedDomain[]> {
    const out = await this.run(['list', '--all', '--uuid', '--name']);
    const domains: ListedDomain[] = [];
    for (const line of out.split('\n')) {
      const match = UUID_LINE.exec(line.trim());
      if (match) domains.push({ uuid: match[1]!.toLowerCase(), name: match[2]! });
    }
    return domains;
  }

  async info(uuid: string): Promise<DomainInfo> {
    const out = await this.run(['dominfo', uuid]);
    const field = (name: string): string | undefined =>
      new RegExp(`^${name}:[ \\t]*(.*)$`, 'm').exec(out)?.[1]?.trim();
    const id = field('Id');
    const persistent = field('Persistent');
    if (id === undefined || persistent === undefined) {
      throw new VirshError(['dominfo', uuid], `unexpected output of virsh dominfo:\n${out}`, 'exit');
    }
    return { active: id !== '-', persistent: persistent === 'yes', state: field('State') ?? '' };
  }

  /**
   * The persistent definition, with `--security-info`: without it virsh leaves out secrets such
   * as a VNC password, and defining that text back would drop them.
   */
  dumpInactive(uuid: string): Promise<string> {
    return this.run(['dumpxml', '--inactive', '--security-info', uuid]);
  }

  /** The live definition of a running guest: the aliases its devices have now. */
  dumpLive(uuid: string): Promise<string> {
    return this.run(['dumpxml', uuid]);
  }

  /** Whether this virsh has `define --validate` (asked of `virsh help define`: old ones lack it). */
  supportsValidate(): Promise<boolean> {
    this.validateSupport ??= this.run(['help', 'define']).then(
      (help) => /--validate\b/.test(help),
      () => false,
    );
    return this.validateSupport;
  }

  /** `virsh define FILE`. */
  async define(file: string, validate: boolean): Promise<void> {
    await this.run(['define', ...(validate ? ['--validate'] : []), file]);
  }

  /**
   * `virsh define` of exactly this text, through a private copy (a 0700 directory of its own,
   * removed afterwards), so that what is defined is what was checked whatever happens to the
   * user's file meanwhile. (virsh cannot read /dev/stdin from Node: its stdin is a socket.)
   */
  async defineText(xml: string, validate: boolean): Promise<void> {
    const dir = await mkdtemp(path.join(tmpdir(), 'virt-alias-define-'));
    try {
      const file = path.join(dir, 'domain.xml');
      await writeFile(file, xml, { mode: 0o600 });
      await this.define(file, validate);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async undefine(uuid: string): Promise<void> {
    await this.run(['undefine', uuid]);
  }
}

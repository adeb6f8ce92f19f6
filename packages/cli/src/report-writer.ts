import { appendFile } from 'node:fs/promises';
import type { SourceFacts } from '@virt-alias/engine';
import type { LintResult, SeverityLevel } from '@virt-alias/rules';
import { getStreamingFormatter, type FormatStream, type FormatterContext } from './formatters/index.js';
import { markdownWithin, STEP_SUMMARY_MAX_BYTES } from './formatters/markdown.js';
import { PROGRAM, type CliIo } from './io.js';
import type { OutputsOverInputs } from './output-over-input.js';
import { reportWriteFailure, withNewline, writeOutput, type PlannedOutput } from './output-files.js';

/** A format written file by file: to stdout at once, or gathered for its file. */
interface Streamed {
  readonly output: PlannedOutput;
  readonly format: FormatStream;
  /** Undefined for stdout, written as it comes. */
  readonly chunks: string[] | undefined;
  /** The last character written, so that the output can end with a line end. */
  last: string;
}

/** See `ReportWriter.pending`. */
const STDOUT_CHUNK = 16 * 1024;

/** The formats that read the whole run's results kept their facts of the text: `sarif`, `gitlab`. */
const NEEDS_SOURCES: ReadonlySet<string> = new Set(['sarif', 'gitlab']);

/**
 * Writes a run's outputs as results arrive. Formats that can be written file by file (`stylish`,
 * `compact`, `github`, `json`, `checkstyle`) go to stdout at once, or are gathered for their
 * file; only the others (and `GITHUB_STEP_SUMMARY`) keep the results, without their texts.
 * Files are written atomically at the end, even when empty. Colour only ever goes to a stylish
 * stdout.
 */
export class ReportWriter {
  private readonly streamed: Streamed[] = [];
  private readonly whole: PlannedOutput[] = [];
  private readonly results: LintResult[] = [];
  private readonly sources = new Map<string, SourceFacts>();
  private readonly keepsResults: boolean;
  private readonly keepsSources: boolean;
  private readonly summaryFile: string | undefined;

  constructor(
    private readonly planned: readonly PlannedOutput[],
    private readonly context: Omit<FormatterContext, 'color' | 'severities' | 'sources'>,
    private readonly io: CliIo,
    color: boolean,
    private readonly inputs?: OutputsOverInputs,
  ) {
    for (const output of planned) {
      const stream = getStreamingFormatter(output.format);
      if (!stream) {
        this.whole.push(output);
        continue;
      }
      const stdoutColor = output.file === undefined && output.format === 'stylish' && color;
      this.streamed.push({
        output,
        format: stream({ ...context, color: stdoutColor }),
        chunks: output.file === undefined ? undefined : [],
        last: '',
      });
    }
    const summary = io.env.GITHUB_STEP_SUMMARY;
    this.summaryFile =
      summary !== undefined && summary !== '' && planned.some((p) => p.format === 'github')
        ? summary
        : undefined;
    this.keepsResults = this.whole.length > 0 || this.summaryFile !== undefined;
    this.keepsSources = this.whole.some((p) => NEEDS_SOURCES.has(p.format));
  }

  /**
   * Standard output not written yet: results that are ready at once (cache hits) go out in
   * chunks of `STDOUT_CHUNK` characters, not in one system call each (10,000 files: 10,000
   * writes). Written when it is full, when the run waits for a result (`setImmediate` runs only
   * then), and at the end.
   */
  private pending = '';
  private flushQueued = false;

  private readonly flush = (): void => {
    this.flushQueued = false;
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.io.stdout.write(text);
  };

  private put(s: Streamed, text: string): void {
    if (text === '') return;
    if (s.chunks) s.chunks.push(text);
    else {
      this.pending += text;
      if (this.pending.length >= STDOUT_CHUNK) this.flush();
      else if (!this.flushQueued) {
        this.flushQueued = true;
        setImmediate(this.flush);
      }
    }
    s.last = text[text.length - 1]!;
  }

  /** One file's result, as reported: written now where the format allows. */
  add(result: LintResult, facts: SourceFacts): void {
    for (const s of this.streamed) this.put(s, s.format.file(result));
    if (this.keepsResults) this.results.push(result);
    if (this.keepsSources) this.sources.set(result.filePath, facts);
  }

  /** Ends every output and writes the files. Failures are reported on stderr: false when any failed. */
  async finish(severities: ReadonlyMap<string, SeverityLevel> | undefined): Promise<boolean> {
    let ok = true;
    const write = async (output: PlannedOutput, text: string): Promise<void> => {
      const refused = output.file === undefined ? undefined : this.inputs?.refusal(this.io.cwd, output.file);
      if (refused !== undefined) {
        this.io.stderr.write(`${PROGRAM}: cannot write ${output.shown ?? output.file}: ${refused}\n`);
        ok = false;
        return;
      }
      if (!(await writeOutput(output, text, this.io))) ok = false;
    };
    const context = {
      ...this.context,
      ...(severities ? { severities } : {}),
      ...(this.keepsSources ? { sources: this.sources } : {}),
    };
    // In the order of the command line.
    for (const output of this.planned) {
      const s = this.streamed.find((x) => x.output === output);
      if (s) {
        this.put(s, s.format.end());
        if (s.last !== '' && s.last !== '\n') this.put(s, '\n');
        this.flush();
        if (s.chunks) await write(output, s.chunks.join(''));
        continue;
      }
      // Only stylish is coloured, and it is streamed.
      await write(output, withNewline(output.formatter(this.results, { ...context, color: false })));
    }
    if (this.summaryFile !== undefined) {
      try {
        const summary = markdownWithin(this.results, { ...context, color: false }, STEP_SUMMARY_MAX_BYTES);
        await appendFile(this.summaryFile, withNewline(summary));
      } catch (error) {
        reportWriteFailure(this.io, `GITHUB_STEP_SUMMARY ${this.summaryFile}`, error);
        ok = false;
      }
    }
    return ok;
  }
}

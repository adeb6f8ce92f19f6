import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceFacts } from '@virt-alias/engine';
import { pathInside } from '@virt-alias/rewriter';
import {
  PRESETS,
  severityLevel,
  type LintMessage,
  type LintResult,
  type RuleModule,
  type SeverityLevel,
} from '@virt-alias/rules';
import type * as Sarif from 'sarif';
import { isPseudoPath } from '../display-path.js';
import {
  FingerprintTexts,
  hashHex,
  INFORMATION_URI,
  Occurrences,
  PARSE_ERROR_ID,
  rulesOf,
} from './shared.js';
import type { Formatter, FormatterContext } from './types.js';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The base the artifact URIs are relative to: the working directory of the run. */
export const SRCROOT = '%SRCROOT%';

/** The preset `defaultConfiguration` reflects. */
const DEFAULT_PRESET_FOR_SARIF = 'recommended';

const levelOf = (severity: SeverityLevel): 'error' | 'warning' => (severity === 2 ? 'error' : 'warning');

/** `off` (undefined), warn (1) or error (2) of a preset entry. */
function presetSeverity(rule: RuleModule): SeverityLevel | undefined {
  const level = severityLevel(PRESETS[DEFAULT_PRESET_FOR_SARIF][rule.id]);
  return level === 0 ? undefined : level;
}

function configuration(severity: SeverityLevel | undefined): Sarif.ReportingConfiguration {
  return severity === undefined ? { enabled: false } : { level: levelOf(severity) };
}

function descriptor(rule: RuleModule): Sarif.ReportingDescriptor {
  const { description, url } = rule.meta.docs;
  const fixable = rule.meta.fixable !== undefined ? ' `virt-alias fix` fixes it where it can.' : '';
  return {
    id: rule.id,
    shortDescription: { text: description },
    fullDescription: { text: `${description}${fixable}` },
    help: {
      text: `${description}${fixable}\n\nDocumentation: ${url}`,
      markdown: `${description}${fixable}\n\n[Documentation](${url})`,
    },
    helpUri: url,
    defaultConfiguration: configuration(presetSeverity(rule)),
    properties: {
      tags: ['libvirt', rule.meta.type, ...(rule.meta.fixable !== undefined ? ['fixable'] : [])],
    },
  };
}

/** Listed only when a file did not parse: fatal parse errors are results of this pseudo-rule. */
const PARSE_ERROR_DESCRIPTOR: Sarif.ReportingDescriptor = {
  id: PARSE_ERROR_ID,
  shortDescription: { text: 'The file is not well-formed XML.' },
  fullDescription: {
    text: 'The file is not well-formed, namespace-valid XML (or has a DOCTYPE): virt-alias stops at the first syntax error and runs no rule on it.',
  },
  help: {
    text: 'Fix the XML syntax error at the location given; libvirt would reject the file too.',
    markdown: 'Fix the XML syntax error at the location given; libvirt would reject the file too.',
  },
  helpUri: INFORMATION_URI,
  defaultConfiguration: { level: 'error' },
  properties: { tags: ['libvirt', 'syntax'] },
};

/** A relative path as a URI reference: every segment percent-encoded, `/` between them. */
const relativeUri = (relative: string): string => relative.split(path.sep).map(encodeURIComponent).join('/');

function artifactLocation(cwd: string, filePath: string): Sarif.ArtifactLocation {
  if (isPseudoPath(filePath) || !path.isAbsolute(filePath)) return { uri: relativeUri(filePath) };
  const relative = pathInside(cwd, filePath);
  if (relative === undefined || relative === '') {
    return { uri: pathToFileURL(filePath).href };
  }
  return { uri: relativeUri(relative), uriBaseId: SRCROOT };
}

function region(m: LintMessage): Sarif.Region {
  return {
    startLine: m.line,
    startColumn: m.column,
    ...(m.endLine !== undefined && m.endColumn !== undefined
      ? { endLine: m.endLine, endColumn: m.endColumn }
      : {}),
  };
}

function fixes(
  m: LintMessage,
  location: Sarif.ArtifactLocation,
  source: SourceFacts | undefined,
): Sarif.Fix[] {
  if (!m.fix) return [];
  // The byte-order mark is not text: SARIF offsets, like columns, do not count it.
  const bom = source?.bom ? 1 : 0;
  const [start, end] = m.fix.range;
  return [
    {
      description: { text: `Apply the ${m.ruleId ?? PARSE_ERROR_ID} fix, as \`virt-alias fix\` would.` },
      artifactChanges: [
        {
          artifactLocation: location,
          replacements: [
            {
              deletedRegion: { charOffset: Math.max(0, start - bom), charLength: end - start },
              insertedContent: { text: m.fix.text },
            },
          ],
        },
      ],
    },
  ];
}

/**
 * How the run's severities differ from `defaultConfiguration` (the recommended preset): a rule
 * turned off, on, or to another level.
 */
function overrides(
  rules: readonly RuleModule[],
  severities: ReadonlyMap<string, SeverityLevel>,
): Sarif.ConfigurationOverride[] {
  const out: Sarif.ConfigurationOverride[] = [];
  rules.forEach((rule, index) => {
    const preset = presetSeverity(rule);
    const run = severities.get(rule.id);
    if (run === preset) return;
    out.push({ descriptor: { id: rule.id, index }, configuration: configuration(run) });
  });
  return out;
}

/**
 * SARIF 2.1.0, as GitHub code scanning takes it: one run; every rule as a descriptor; results
 * relative to `%SRCROOT%` (the working directory); fixes as SARIF fixes.
 *
 * `partialFingerprints.primaryLocationLineHash` is `<16 hex digits>:<n>`: SHA-256 of the rule id
 * and the trimmed text of the finding's line, and n, the occurrence of that (rule, line text)
 * pair in the file, from 1. As GitHub's own fingerprints, it follows the content of the line, so
 * findings keep their identity when lines move.
 */
export const sarif: Formatter = (results: readonly LintResult[], context: FormatterContext) => {
  const rules = rulesOf(context);
  const descriptors = rules.map(descriptor);
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  const texts = new FingerprintTexts(context.sources);
  const sarifResults: Sarif.Result[] = [];
  for (const result of results) {
    const location = artifactLocation(context.cwd, result.filePath);
    const occurrences = new Occurrences();
    for (const m of result.messages) {
      const ruleId = m.ruleId ?? PARSE_ERROR_ID;
      let ruleIndex = indexOf.get(ruleId);
      if (ruleIndex === undefined) {
        ruleIndex = descriptors.length;
        descriptors.push(
          ruleId === PARSE_ERROR_ID
            ? PARSE_ERROR_DESCRIPTOR
            : { id: ruleId, shortDescription: { text: ruleId } },
        );
        indexOf.set(ruleId, ruleIndex);
      }
      const text = texts.of(result, m);
      const hash = hashHex('sha256', ruleId, text).slice(0, 16);
      sarifResults.push({
        ruleId,
        ruleIndex,
        level: m.fatal ? 'error' : levelOf(m.severity),
        message: { text: m.message },
        locations: [{ physicalLocation: { artifactLocation: location, region: region(m) } }],
        partialFingerprints: {
          primaryLocationLineHash: `${hash}:${occurrences.next(`${ruleId}\u0000${text}`)}`,
        },
        ...(result.preset !== undefined ? { properties: { preset: result.preset } } : {}),
        ...(m.fix ? { fixes: fixes(m, location, context.sources?.get(result.filePath)) } : {}),
      });
    }
  }
  const cwdUri = pathToFileURL(context.cwd).href;
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: 'virt-alias',
        ...(context.version !== undefined
          ? { version: context.version, semanticVersion: context.version }
          : {}),
        informationUri: INFORMATION_URI,
        rules: descriptors,
      },
    },
    ...(context.severities
      ? {
          invocations: [
            {
              executionSuccessful: true,
              ruleConfigurationOverrides: overrides(rules, context.severities),
            },
          ],
        }
      : {}),
    originalUriBaseIds: { [SRCROOT]: { uri: cwdUri.endsWith('/') ? cwdUri : `${cwdUri}/` } },
    columnKind: 'utf16CodeUnits',
    results: sarifResults,
  };
  const log: Sarif.Log = { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
  return JSON.stringify(log, null, 2);
};

export default sarif;

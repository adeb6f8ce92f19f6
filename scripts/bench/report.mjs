// The numbers of a bench run: medians, ratios, the targets of issue 7, and the printed table.

/** The targets on the 2-core reference machine (docs/performance.md). */
export const TARGETS = [
  { name: 'lint / xmllint --noout', side: 'lint', versus: 'xmllint', max: 1.0 },
  { name: 'lint / python3-lxml', side: 'lint', versus: 'lxml', max: 0.67 },
  { name: 'audit / lint', side: 'audit', versus: 'lint', max: 1.2 },
  { name: 'fix --out-dir / xmllint --noout', side: 'fix', versus: 'xmllint', max: 2.0 },
  { name: 'lint --cache re-run / xmllint --noout', side: 'cache', versus: 'xmllint', max: 0.3 },
  // Issue 8: the libvirt-schema rule no slower per file than xmllint with the schema compiled
  // once. The whole commands, and the schema's own share: each side minus the same command
  // without the schema (lint without the rule, xmllint without --relaxng).
  { name: 'lint + schema / xmllint --relaxng', side: 'schema', versus: 'xmllint-rng', max: 1.0 },
  {
    name: 'the schema alone: rule / xmllint',
    side: 'schema',
    sideBase: 'lint',
    versus: 'xmllint-rng',
    versusBase: 'xmllint',
    max: 1.0,
  },
  { name: 'peak RSS of lint', side: 'lint', maxMiB: 200 },
  { name: 'peak RSS of audit', side: 'audit', maxMiB: 200 },
  { name: 'peak RSS of fix', side: 'fix', maxMiB: 200 },
  { name: 'peak RSS of lint --cache', side: 'cache', maxMiB: 200 },
];
/**
 * Context, not targets: Node's floor (floor.mjs: virt-alias's reader and parser, nothing else)
 * against the reference each target uses. A floor at or above a target's goal leaves the rules,
 * the engine and the output no time at all (docs/performance.md, "Node's floor").
 */
export const CONTEXT = [
  {
    name: 'floor: read + parse / xmllint',
    side: 'floor',
    versus: 'xmllint',
    goalOf: 'lint / xmllint --noout',
  },
  {
    name: 'floor: read + parse / python3-lxml',
    side: 'floor',
    versus: 'lxml',
    goalOf: 'lint / python3-lxml',
  },
  {
    name: 'floor: + parse + write / xmllint',
    side: 'floor-fix',
    versus: 'xmllint',
    goalOf: 'fix --out-dir / xmllint --noout',
  },
];

/** The fleet size the RSS targets are set for. */
export const RSS_TARGET_FILES = 10_000;

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Per side: `{ label, runs: [{ ms, cpuMs, peakKiB, code, samples }], medianMs, medianCpuMs,
 * filesPerSecond, peakMiB }`, or `{ label, skipped: reason }`; peak RSS is the largest of the runs.
 */
export function summarise(sides, runs, files) {
  const out = {};
  for (const [name, side] of Object.entries(sides)) {
    if (side.skipped) {
      out[name] = { label: side.label, skipped: side.skipped };
      continue;
    }
    const mine = runs[name] ?? [];
    const medianMs = median(mine.map((r) => r.ms));
    out[name] = {
      label: side.label,
      runs: mine,
      medianMs,
      medianCpuMs: median(mine.map((r) => r.cpuMs)),
      filesPerSecond: files / (medianMs / 1000),
      peakMiB: Math.max(...mine.map((r) => r.peakKiB)) / 1024,
    };
  }
  return out;
}

/** Each target with its value and verdict: `met` true/false, or null when a side did not run. */
export function judge(summary, files) {
  return TARGETS.map((target) => {
    const side = summary[target.side];
    if (target.maxMiB !== undefined) {
      const value = side?.peakMiB;
      const note = files === RSS_TARGET_FILES ? '' : `set for ${RSS_TARGET_FILES.toLocaleString('en')} files`;
      return { ...target, value, met: value === undefined ? null : value < target.maxMiB, note };
    }
    // A side's time, less its base's when the target has one (the share of one feature).
    const time = (name, base, key) => {
      const t = summary[name]?.[key];
      if (t === undefined) return undefined;
      if (base === undefined) return t;
      const b = summary[base]?.[key];
      return b === undefined ? undefined : t - b;
    };
    const ms = time(target.side, target.sideBase, 'medianMs');
    const versusMs = time(target.versus, target.versusBase, 'medianMs');
    const both = ms !== undefined && versusMs !== undefined;
    const value = both ? ms / versusMs : undefined;
    // The CPU-time ratio is context for a loaded machine, not the target (which is wall time).
    // GNU time counts CPU in 10 ms ticks: a tiny fleet's xmllint can measure 0, and no ratio.
    const versusCpuMs = both ? time(target.versus, target.versusBase, 'medianCpuMs') : 0;
    const cpuValue =
      versusCpuMs > 0 ? time(target.side, target.sideBase, 'medianCpuMs') / versusCpuMs : undefined;
    return { ...target, value, cpuValue, met: value === undefined ? null : value <= target.max, note: '' };
  });
}

/** Each context ratio with its value (undefined when a side did not run) and the goal it bounds. */
export function context(summary) {
  return CONTEXT.map((c) => {
    const ms = summary[c.side]?.medianMs;
    const versusMs = summary[c.versus]?.medianMs;
    const goal = TARGETS.find((t) => t.name === c.goalOf).max;
    return { ...c, value: ms === undefined || versusMs === undefined ? undefined : ms / versusMs, goal };
  });
}

const pad = (text, width, right = false) =>
  right ? String(text).padStart(width) : String(text).padEnd(width);

/** The table `pnpm bench` prints. */
export function formatReport({ fleet, rounds, machine, summary, verdicts, floors = [] }) {
  const lines = [];
  const kib = fleet.bytes / fleet.files / 1024;
  const kinds = Object.entries(fleet.kinds)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  lines.push(
    `${fleet.files.toLocaleString('en')} guests over ${fleet.hosts} host directories, ${(fleet.bytes / 1e6).toFixed(1)} MB (${kib.toFixed(1)} KiB each on average; ${kinds}), seed ${fleet.seed}`,
    `${rounds} interleaved round${rounds === 1 ? '' : 's'}: medians of wall and CPU time (user + system, whole tree); peak RSS of the whole tree, the largest of the rounds`,
    `machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB.toFixed(1)} GiB; load average ${machine.loadStart} at start, ${machine.loadEnd} at end`,
    `${machine.virtAlias}; node ${machine.node}; ${machine.xmllint}; ${machine.lxml}`,
    '',
  );
  const header = [
    pad('command', 34),
    pad('wall s', 8, true),
    pad('CPU s', 8, true),
    pad('files/s', 9, true),
    pad('peak RSS MiB', 14, true),
    '  wall of each run (s)',
  ];
  lines.push(header.join(''));
  for (const side of Object.values(summary)) {
    if (side.skipped) {
      lines.push(`${pad(side.label, 34)}${pad('n/a', 8, true)}   ${side.skipped}`);
      continue;
    }
    lines.push(
      [
        pad(side.label, 34),
        pad((side.medianMs / 1000).toFixed(2), 8, true),
        pad((side.medianCpuMs / 1000).toFixed(2), 8, true),
        pad(Math.round(side.filesPerSecond).toLocaleString('en'), 9, true),
        pad(side.peakMiB.toFixed(0), 14, true),
        `  ${side.runs.map((r) => (r.ms / 1000).toFixed(2)).join(' ')}`,
      ].join(''),
    );
  }
  lines.push(
    '',
    [
      pad('target (wall time)', 40),
      pad('value', 9, true),
      pad('goal', 11, true),
      pad('met', 5, true),
      pad('CPU ratio', 11, true),
    ].join(''),
  );
  for (const v of verdicts) {
    const value =
      v.value === undefined
        ? 'n/a'
        : v.maxMiB !== undefined
          ? `${v.value.toFixed(0)} MiB`
          : v.value.toFixed(2);
    const goal = v.maxMiB !== undefined ? `< ${v.maxMiB} MiB` : `<= ${v.max.toFixed(2)}`;
    const met = v.met === null ? 'n/a' : v.met ? 'yes' : 'NO';
    const cpu = v.cpuValue === undefined ? '' : v.cpuValue.toFixed(2);
    const note = v.note ? `  (${v.note})` : '';
    lines.push(
      `${pad(v.name, 40)}${pad(value, 9, true)}${pad(goal, 11, true)}${pad(met, 5, true)}${pad(cpu, 11, true)}${note}`.trimEnd(),
    );
  }
  const measured = floors.filter((f) => f.value !== undefined);
  if (measured.length > 0) {
    lines.push(
      '',
      `${pad("Node's floor (context, no goal)", 40)}${pad('value', 9, true)}   the goal it bounds`,
    );
    for (const f of measured) {
      lines.push(
        `${pad(f.name, 40)}${pad(f.value.toFixed(2), 9, true)}   ${f.goalOf} <= ${f.goal.toFixed(2)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

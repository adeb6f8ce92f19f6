// The package.json of the tarball: the CLI's own fields, and as dependencies only what the
// bundle leaves out (everything else is inside dist/main.js).

/** Fields copied as they are from packages/cli/package.json. */
const COPIED = [
  'name',
  'version',
  'description',
  'keywords',
  'license',
  'homepage',
  'repository',
  'bugs',
  'type',
  'engines',
  'bin',
  // What the tarball holds besides package.json, README.md and LICENSE: its dist/ is the bundle.
  'files',
];

/**
 * `externals`' version ranges, as the workspace packages that import them declare them: one range
 * per package, never a `workspace:` one.
 */
function dependencyRanges(externals, workspace) {
  const dependencies = {};
  for (const name of externals) {
    const ranges = new Set(workspace.map((m) => m.dependencies?.[name]).filter((r) => r !== undefined));
    if (ranges.size !== 1) {
      throw new Error(
        `${name}: expected one version range in the workspace, found ${[...ranges].join(', ')}`,
      );
    }
    const [range] = ranges;
    if (range.startsWith('workspace:')) throw new Error(`${name}: a workspace package cannot be external`);
    dependencies[name] = range;
  }
  return dependencies;
}

export function tarballManifest(cli, workspace, externals) {
  const manifest = {};
  for (const field of COPIED) {
    if (cli[field] !== undefined) manifest[field] = cli[field];
  }
  return {
    ...manifest,
    exports: {
      './package.json': './package.json',
      './config.schema.json': './config.schema.json',
      './mapping.schema.json': './mapping.schema.json',
    },
    dependencies: dependencyRanges(externals, workspace),
  };
}

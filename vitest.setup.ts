// libxml2-wasm (the libvirt-schema rule) loads only when a run's config turns the rule on: the
// CLI, the engine and each worker thread await `loadRuleSupport` first. Tests that call
// `lintText` or `fixText` directly with such a config (every preset, `strict` included) get it
// loaded here, before each test file; the CLI's and the engine's own loading is tested through
// them (packages/cli/test/schema-flag.test.ts, install.test.ts, fuzz.test.ts).
import { loadLibxml2 } from './packages/rules/src/rules/libvirt-schema/relaxng.js';

await loadLibxml2();

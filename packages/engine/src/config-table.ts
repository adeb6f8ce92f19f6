import type { ResolvedConfig } from '@virt-alias/rules';

/** A config as canonical JSON: equal configs, equal keys (Maps as entry lists). */
export function configKey(config: ResolvedConfig): string {
  const plain = (c: ResolvedConfig): unknown => ({
    preset: c.preset,
    rules: [...c.rules],
    ...(c.novaManaged ? { novaManaged: plain(c.novaManaged) } : {}),
    ...(c.noInlineConfig ? { noInlineConfig: true } : {}),
  });
  return JSON.stringify(plain(config));
}

/**
 * The distinct configs of a run, numbered: a task names its config by number, and each worker
 * receives the table once. Files of one directory resolve to equal configs, so a run of
 * thousands of files has a handful.
 */
export class ConfigTable {
  readonly configs: ResolvedConfig[] = [];
  readonly keys: string[] = [];
  private readonly byObject = new WeakMap<ResolvedConfig, number>();
  private readonly byKey = new Map<string, number>();

  id(config: ResolvedConfig): number {
    let id = this.byObject.get(config);
    if (id !== undefined) return id;
    const key = configKey(config);
    id = this.byKey.get(key);
    if (id === undefined) {
      id = this.configs.length;
      this.configs.push(config);
      this.keys.push(key);
      this.byKey.set(key, id);
    }
    this.byObject.set(config, id);
    return id;
  }
}

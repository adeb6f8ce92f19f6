import path from 'node:path';
import { pathInside } from '@virt-alias/rewriter';

/** Names that are not file-system paths, such as `<stdin>`, are shown as they are. */
export function isPseudoPath(filePath: string): boolean {
  return filePath.startsWith('<') && filePath.endsWith('>');
}

/**
 * How a file is named in output: relative to `cwd` when it is inside it, else absolute
 * (`../../etc/libvirt/qemu/vm.xml` helps nobody).
 */
export function displayPath(cwd: string, filePath: string): string {
  if (isPseudoPath(filePath) || !path.isAbsolute(filePath)) return filePath;
  const relative = pathInside(cwd, filePath);
  if (relative === undefined) return filePath;
  return relative === '' ? '.' : relative;
}

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a component of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
};

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `no such file or directory (ENOENT)`: the reason of a file-system error, without Node's path echo. */
export function describeFsError(error: unknown): string {
  const code = errorCode(error);
  if (code === undefined) return errorMessage(error);
  const reason = FS_REASONS[code];
  return reason ? `${reason} (${code})` : errorMessage(error);
}

export function isFsError(error: unknown, code: string): boolean {
  return errorCode(error) === code;
}

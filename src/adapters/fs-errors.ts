/**
 * Node's file-system errors in a user's words: `EEXIST: file already exists, mkdir '…'` becomes
 * "Could not create the directory …: a file of that name is in the way (EEXIST)."
 */

/** An error Node raised for a system call: it carries a `code` such as ENOENT, and usually a syscall and path. */
export interface SystemError {
  readonly code: string
  readonly syscall?: string
  readonly path?: string
  readonly dest?: string
}

export function isSystemError(error: unknown): error is SystemError {
  if (typeof error !== 'object' || error === null) return false
  const { code, syscall } = error as { code?: unknown; syscall?: unknown }
  return typeof code === 'string' && /^(ERR_FS_)?E[A-Z0-9]+$/.test(code) && typeof syscall === 'string'
}

/** fs.rm says ERR_FS_EISDIR where the system call would say EISDIR. */
function plainCode(error: SystemError): string {
  return error.code.replace(/^ERR_FS_/, '')
}

export function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'something of that name is already there',
  EISDIR: 'it is a directory',
  ENOTEMPTY: 'the directory is not empty',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'it goes through too many symbolic links',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  EBUSY: 'it is busy',
  EIO: 'the disk reported an input/output error',
  EXDEV: 'it would move a file across file systems'
}

const ACTIONS: Readonly<Record<string, string>> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the directory',
  rmdir: 'remove the directory',
  rm: 'remove',
  unlink: 'remove',
  rename: 'replace',
  realpath: 'reach',
  lstat: 'reach',
  stat: 'reach',
  scandir: 'list',
  opendir: 'list',
  copyfile: 'copy',
  mkdtemp: 'create a temporary directory in',
  chmod: 'change the permissions of'
}

/** The reason alone, e.g. "the disk is full (ENOSPC)". */
export function systemErrorReason(error: SystemError): string {
  const code = plainCode(error)
  return `${REASONS[code] ?? 'the system refused'} (${code})`
}

/**
 * One sentence, e.g. "Could not create the directory /repo/admin/status: something of that name is
 * already there (EEXIST)." `path` overrides the error's own (a repository-relative name reads better).
 */
export function describeSystemError(error: SystemError, path?: string): string {
  const action = ACTIONS[error.syscall ?? ''] ?? 'use'
  const where = path ?? error.path
  return `Could not ${action}${where ? ` ${where}` : ''}: ${systemErrorReason(error)}.`
}

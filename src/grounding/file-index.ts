/** Repository paths: normalising what a plan writes, and fast lookups over the listed files. */
import path from 'node:path'

/**
 * The top directories of a machine's own file system (Linux, macOS): an absolute path that starts with
 * one and is not in the repository is the machine's, not a path from the repository root.
 */
const SYSTEM_ROOTS = new Set([
  'etc',
  'usr',
  'var',
  'tmp',
  'home',
  'opt',
  'root',
  'proc',
  'dev',
  'sys',
  'bin',
  'sbin',
  'lib',
  'lib64',
  'mnt',
  'media',
  'srv',
  'run',
  'boot',
  'nix',
  'snap',
  'Users',
  'Library',
  'Applications',
  'System',
  'Volumes',
  'private'
])

/**
 * Where a path a plan writes points. A leading `/` or `./` is the repository root (`/main.py` is
 * `main.py`, `/system_workspace/utils.py` a file to create there) unless it starts with a directory of
 * the machine's own (`/etc/app.conf`) that the repository does not have; a home path (`~/.config/x.yaml`)
 * or one that climbs out of the root is outside the repository.
 */
export function normalizeRepoPath(raw: string, index?: FileIndex): string | undefined {
  const cleaned = raw.trim().replace(/\\/g, '/')
  if (!cleaned || cleaned.startsWith('~') || cleaned.startsWith('$') || /^[A-Za-z]:\//.test(cleaned))
    return undefined
  let relative = cleaned
  if (cleaned.startsWith('/')) {
    relative = cleaned.replace(/^\/+/, '')
    const top = relative.split('/')[0] ?? ''
    const known =
      index !== undefined && (index.fileSet.has(relative) || index.dirSet.has(top) || index.fileSet.has(top))
    if (!known && SYSTEM_ROOTS.has(top)) return undefined
  }
  const normal = path.posix.normalize(relative).replace(/\/+$/, '')
  if (normal === '.' || normal === '..' || normal.startsWith('../') || normal === '') return undefined
  return normal
}

export function basename(file: string): string {
  const slash = file.lastIndexOf('/')
  return slash === -1 ? file : file.slice(slash + 1)
}

export function dirname(file: string): string {
  const slash = file.lastIndexOf('/')
  return slash === -1 ? '' : file.slice(0, slash)
}

/** The index of each listing already indexed: the language and the grounding both ask for one. */
const indexes = new WeakMap<readonly string[], FileIndex>()

/** Fast membership for the listed files and every directory that holds one. */
export class FileIndex {
  /** The index of `files`, built once per listing (the array is not expected to change). */
  static of(files: readonly string[]): FileIndex {
    let index = indexes.get(files)
    if (index === undefined) indexes.set(files, (index = new FileIndex(files)))
    return index
  }

  readonly fileSet: Set<string>
  readonly dirSet = new Set<string>()
  private byBasename: Map<string, string[]> | undefined
  constructor(readonly files: readonly string[]) {
    this.fileSet = new Set(files)
    for (const file of files) {
      for (let dir = dirname(file); dir && !this.dirSet.has(dir); dir = dirname(dir)) this.dirSet.add(dir)
    }
  }

  /** Listed files whose last path segment is `name`, sorted (the index is built on first use). */
  filesNamed(name: string): string[] {
    if (this.byBasename === undefined) {
      this.byBasename = new Map()
      for (const file of this.fileSet) {
        const key = basename(file)
        const same = this.byBasename.get(key)
        if (same) same.push(file)
        else this.byBasename.set(key, [file])
      }
    }
    return [...(this.byBasename.get(name) ?? [])].sort()
  }

  /** A listed path as written, or under `src/` when the plan left that prefix out. */
  resolvePath(file: string): { path: string; exists: boolean; isDirectory: boolean } {
    for (const candidate of [file, `src/${file}`]) {
      if (this.fileSet.has(candidate)) return { path: candidate, exists: true, isDirectory: false }
      if (this.dirSet.has(candidate)) return { path: candidate, exists: true, isDirectory: true }
    }
    return { path: file, exists: false, isDirectory: false }
  }
}

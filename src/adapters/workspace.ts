/**
 * The workspace edge: the repository's files (listed through git, or a careful walk), reads and writes,
 * all rooted. Every path is resolved to its real path and must stay inside the root (rooted.ts); writes
 * refuse `.git/`, `.github/workflows/`, symlinks and directories. Grounding reads the repository only
 * through `files()` and `readRepositoryFile`.
 */
import { constants, type Stats } from 'node:fs'
import { lstat, open, realpath, stat } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { UserError } from '../errors.js'
import type { ReadFile, RepositoryFiles } from '../grounding/types.js'
import { describeSystemError, hasCode, isSystemError } from './fs-errors.js'
import { listRepositoryFiles, repositoryReader } from './repository-files.js'
import { isWithin } from './rooted.js'
import { writeDocuments, type DocumentToWrite } from './write-documents.js'

export { isForbiddenWrite, type DocumentToWrite } from './write-documents.js'

export interface Workspace {
  readonly root: string
  /** Reads a repository-relative text file; `what` names it in errors (e.g. "master plan (--master-plan)"). */
  readText(path: string, what: string, maxBytes: number): Promise<string>
  exists(path: string): Promise<boolean>
  /** Reads a file if it exists, undefined otherwise; over `maxBytes` (default 10 MiB) is an error. */
  readIfExists(path: string, maxBytes?: number): Promise<string | undefined>
  writeText(path: string, content: string): Promise<void>
  /** Writes every document or none (see write-documents.ts); a failure says what was in the way. */
  writeDocuments(documents: readonly DocumentToWrite[]): Promise<void>
  /** The repository's files (git's index and untracked files, else a walk); links out of the root dropped. */
  files(): Promise<RepositoryFiles>
  /** Reads a file the listing named, for grounding: never outside the root, a link only when it stays in. */
  readonly readRepositoryFile: ReadFile
}

const DEFAULT_MAX_READ_BYTES = 10 * 1024 * 1024

export async function openWorkspace(root: string): Promise<Workspace> {
  let realRoot: string
  try {
    realRoot = await realpath(root)
    if (!(await stat(realRoot)).isDirectory())
      throw new UserError(`${root} is a file, not a directory; plan-phase needs the repository's directory.`)
  } catch (error) {
    if (isMissing(error)) throw new UserError(`The directory ${root} does not exist; nothing to plan in.`)
    if (isSystemError(error)) throw new UserError(describeSystemError(error, root))
    throw error
  }
  const inside = (path: string): boolean => isWithin(realRoot, path)
  const checkPath = (path: string, what: string): string => {
    if (path.trim() === '' || isAbsolute(path) || path.includes('\0')) {
      throw new UserError(`The ${what} path "${path}" must be a relative path inside the repository.`)
    }
    const full = resolve(realRoot, path)
    if (!inside(full))
      throw new UserError(`The ${what} path "${path}" leaves the repository; use a path inside it.`)
    return full
  }
  const realInside = async (full: string, path: string, what: string): Promise<string> => {
    const real = await realpath(full)
    if (!inside(real)) {
      throw new UserError(
        `The ${what} path "${path}" is a symbolic link that leads outside the repository; refusing to use it.`
      )
    }
    return real
  }
  return {
    root: realRoot,
    async readText(path, what, maxBytes) {
      const full = checkPath(path, what)
      let real: string
      try {
        real = await realInside(full, path, what)
      } catch (error) {
        if (isMissing(error))
          throw new UserError(`The ${what} "${path}" does not exist in the repository. Check the path.`)
        if (isSystemError(error))
          throw new UserError(`The ${what} "${path}" cannot be read. ${describeSystemError(error)}`)
        throw error
      }
      return decodeText(await readBounded(real, path, what, maxBytes), path, what)
    },
    async exists(path) {
      try {
        await lstat(checkPath(path, 'file'))
        return true
      } catch {
        return false
      }
    },
    async readIfExists(path, maxBytes = DEFAULT_MAX_READ_BYTES) {
      let real: string
      try {
        real = await realInside(checkPath(path, 'file'), path, 'file')
      } catch (error) {
        if (isMissing(error)) return undefined
        throw error
      }
      return (await readBounded(real, path, 'file', maxBytes)).toString('utf8')
    },
    writeText(path, content) {
      return writeDocuments(realRoot, [{ path, text: content }])
    },
    writeDocuments(documents) {
      return writeDocuments(realRoot, documents)
    },
    files: () => listRepositoryFiles(realRoot),
    readRepositoryFile: repositoryReader(realRoot)
  }
}

/**
 * At most `maxBytes` of a regular file, read through one descriptor: a FIFO or device would block or
 * never end, and a file that grows after the size check must not take the memory with it.
 */
async function readBounded(real: string, path: string, what: string, maxBytes: number): Promise<Buffer> {
  const checked = (stats: Stats): Stats => {
    if (stats.isDirectory()) throw new UserError(`The ${what} "${path}" is a directory, not a file.`)
    if (!stats.isFile())
      throw new UserError(`The ${what} "${path}" is not a regular file (a FIFO, socket or device).`)
    if (stats.size > maxBytes) tooBig(stats.size)
    return stats
  }
  const tooBig = (size?: number): never => {
    const actual = size === undefined ? 'over' : `${formatBytes(size)}, over`
    throw new UserError(`The ${what} "${path}" is ${actual} the ${formatBytes(maxBytes)} limit.`)
  }
  checked(await stat(real))
  // Non-blocking: should a FIFO be swapped in after the check, opening it must not wait for a writer.
  const handle = await open(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const { size } = checked(await handle.stat())
    // One buffer of the size just checked, and a byte more to see a file that grew since: chunks joined
    // at the end cost a 10 MB master plan twice its size, and malloc keeps much of it for the whole run.
    let buffer = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1)
    let length = 0
    for (;;) {
      if (length === buffer.length) {
        const larger = Buffer.allocUnsafe(Math.min(Math.max(length * 2, 64 * 1024), maxBytes + 1))
        buffer.copy(larger, 0, 0, length)
        buffer = larger
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null)
      if (bytesRead === 0) break
      length += bytesRead
      if (length > maxBytes) tooBig()
    }
    return buffer.subarray(0, length)
  } finally {
    await handle.close()
  }
}

/** Nothing there: the path does not exist, or one of its parents is a file. */
function isMissing(error: unknown): boolean {
  return hasCode(error, 'ENOENT') || hasCode(error, 'ENOTDIR')
}

export function decodeText(bytes: Uint8Array, path: string, what: string): string {
  if (bytes.length === 0) throw new UserError(`The ${what} "${path}" is empty.`)
  if (bytes.subarray(0, 8000).includes(0))
    throw new UserError(`The ${what} "${path}" is a binary file, not Markdown.`)
  const text = (() => {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
    } catch {
      throw new UserError(`The ${what} "${path}" is not valid UTF-8; save it as UTF-8 Markdown.`)
    }
  })()
  if (text.startsWith('version https://git-lfs.github.com/spec/')) {
    throw new UserError(
      `The ${what} "${path}" is a Git LFS pointer, not the file: check it out with LFS (actions/checkout with lfs: true).`
    )
  }
  if (text.trim() === '') throw new UserError(`The ${what} "${path}" is empty.`)
  return text
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

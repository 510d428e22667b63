/**
 * The file-system edge, rooted at the workspace: every path is resolved to its real path and must stay
 * inside the root; writes refuse `.git/`, `.github/workflows/`, symlinks and directories.
 */
import { lstat, mkdir, readFile, realpath, rename, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { UserError } from '../errors.js'

export interface Workspace {
  readonly root: string
  /** Reads a repository-relative text file; `what` names it in errors (e.g. "master plan (input master-plan)"). */
  readText(path: string, what: string, maxBytes: number): Promise<string>
  exists(path: string): Promise<boolean>
  /** Reads a file if it exists, undefined otherwise. */
  readIfExists(path: string): Promise<string | undefined>
  writeText(path: string, content: string): Promise<void>
}

const FORBIDDEN_WRITES = [/^\.git(\/|$)/, /^\.github\/workflows(\/|$)/]

export async function openWorkspace(root: string): Promise<Workspace> {
  const realRoot = await realpath(root)
  const inside = (path: string): boolean => {
    const rel = relative(realRoot, path)
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
  }
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
        throw error
      }
      const stats = await lstat(real)
      if (stats.isDirectory())
        throw new UserError(`The ${what} "${path}" is a directory; expected a Markdown file.`)
      if (stats.size > maxBytes) {
        throw new UserError(
          `The ${what} "${path}" is ${formatBytes(stats.size)}, over the ${formatBytes(maxBytes)} limit.`
        )
      }
      const bytes = await readFile(real)
      return decodeText(bytes, path, what)
    },
    async exists(path) {
      try {
        await lstat(checkPath(path, 'file'))
        return true
      } catch {
        return false
      }
    },
    async readIfExists(path) {
      try {
        const real = await realInside(checkPath(path, 'file'), path, 'file')
        return await readFile(real, 'utf8')
      } catch (error) {
        if (isMissing(error)) return undefined
        throw error
      }
    },
    async writeText(path, content) {
      const full = checkPath(path, 'output')
      const rel = relative(realRoot, full).split(sep).join('/')
      if (FORBIDDEN_WRITES.some(pattern => pattern.test(rel))) {
        throw new UserError(
          `Refusing to write "${path}": plan-phase never writes into .git/ or .github/workflows/. Change plan-path or status-path.`
        )
      }
      await mkdir(dirname(full), { recursive: true })
      const realDir = await realInside(dirname(full), dirname(path), 'output')
      const target = join(realDir, full.slice(dirname(full).length + 1))
      try {
        const stats = await lstat(target)
        if (stats.isSymbolicLink())
          throw new UserError(
            `Refusing to write "${path}": it is a symbolic link. Remove the link or change the path.`
          )
        if (stats.isDirectory())
          throw new UserError(
            `Refusing to write "${path}": it is a directory. Change plan-path or status-path.`
          )
      } catch (error) {
        if (!isMissing(error)) throw error
      }
      // Write then rename, so a crash never leaves half a document behind.
      const temporary = `${target}.plan-phase-${process.pid}.tmp`
      await writeFile(temporary, content, 'utf8')
      await rename(temporary, target)
    }
  }
}

function isMissing(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    (error as { code: unknown }).code === 'ENOENT'
  )
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

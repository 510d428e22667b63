/**
 * Writing documents into the repository, all of them or none. Each document is checked first (inside
 * the repository, not into `.git/` or `.github/`, every parent a directory, no symbolic link
 * or directory where the file goes); then each is staged as a temporary file beside its target; then
 * the temporary files are renamed into place. A failure at any point removes what was staged, puts back
 * what was already replaced and removes the directories it created, and says what was in the way.
 */
import { lstat, mkdir, readFile, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { errorMessage, UserError } from '../errors.js'
import { describeSystemError, hasCode, isSystemError, type SystemError } from './fs-errors.js'
import { isWithin } from './rooted.js'

export interface DocumentToWrite {
  /** Repository-relative path. */
  readonly path: string
  readonly text: string
  /** What the document is, for messages: "plan", "status file". Default "output". */
  readonly what?: string
  /** The setting that chose the path, as its user wrote it (setting-names.ts): "--status-path"… */
  readonly setting?: string
}

/** The one file-system call a test replaces to fail a write half-way; everything else is real. */
export interface WriteOperations {
  rename(from: string, to: string): Promise<void>
}

const REAL_OPERATIONS: WriteOperations = { rename }

/**
 * Repository-relative POSIX paths plan-phase never writes: any `.git` part (git's own data, a nested
 * repository) and anything under `.github/` (a workflow or action there would run with the repository's
 * secrets; `.github/plan-phase.yml` decides how plan-phase itself runs). Case-insensitive: macOS and
 * Windows runners resolve `.GIT` and `.GitHub/Workflows` to the same place.
 */
const FORBIDDEN_WRITES = [/(^|\/)\.git(\/|$)/i, /^\.github(\/|$)/i]

export function isForbiddenWrite(path: string): boolean {
  const normal = path
    .split(/[\\/]+/)
    .filter(part => part !== '' && part !== '.')
    .join('/')
  return FORBIDDEN_WRITES.some(pattern => pattern.test(normal))
}

interface Checked {
  readonly document: DocumentToWrite
  /** Where the file goes, with every existing parent resolved to its real path. */
  readonly target: string
  /** Directories to create, outermost first. */
  readonly missing: readonly string[]
  /** The bytes the target holds now, to put back if a later document fails. */
  readonly previous?: Buffer
}

export async function writeDocuments(
  root: string,
  documents: readonly DocumentToWrite[],
  operations: WriteOperations = REAL_OPERATIONS
): Promise<void> {
  const checked: Checked[] = []
  // The old bytes are kept only when a later document could fail after this one is in place.
  const keepPrevious = documents.length > 1
  for (const document of documents) checked.push(await check(root, document, keepPrevious))
  refuseSameTarget(checked)

  const created: string[] = []
  const staged: { readonly temporary: string; readonly item: Checked }[] = []
  const replaced: Checked[] = []
  let current: Checked | undefined
  try {
    for (const item of checked) {
      current = item
      for (const directory of item.missing) {
        if (await makeDirectory(directory)) created.push(directory)
      }
      // A directory swapped for a link after the check must not carry the write elsewhere.
      if (item.missing.length > 0 && !isWithin(root, await realpath(dirname(item.target))))
        throw linkOutside(item.document, dirname(item.document.path))
      // `wx` creates the temporary file afresh: a link planted under its name is removed, never written through.
      const temporary = `${item.target}.plan-phase-${process.pid}.tmp`
      await rm(temporary, { force: true })
      staged.push({ temporary, item })
      await writeFile(temporary, item.document.text, { encoding: 'utf8', flag: 'wx' })
    }
    for (const { temporary, item } of staged) {
      current = item
      await operations.rename(temporary, item.target)
      replaced.push(item)
    }
  } catch (error) {
    const leftovers = await undo(staged, replaced, created)
    throw new UserError(failureMessage(root, error, current, leftovers))
  }
}

async function check(root: string, document: DocumentToWrite, keepPrevious: boolean): Promise<Checked> {
  const { path } = document
  if (path.trim() === '' || isAbsolute(path) || path.includes('\0'))
    throw new UserError(`The output path "${path}" must be a relative path inside the repository.`)
  const full = resolve(root, path)
  if (!isWithin(root, full))
    throw new UserError(`The output path "${path}" leaves the repository; use a path inside it.`)
  if (isForbiddenWrite(relative(root, full).split(sep).join('/'))) throw forbidden(document)

  // Walk down from the root: nothing is created until every existing parent is known to be a directory
  // inside the repository (`mkdir -p` through a link would make directories wherever it leads).
  let current = root
  const missing: string[] = []
  for (const part of relative(root, dirname(full)).split(sep).filter(Boolean)) {
    const next = join(current, part)
    if (missing.length > 0) {
      missing.push(next)
      current = next
      continue
    }
    const stats = await lstatOrUndefined(next, document)
    if (stats === undefined) {
      missing.push(next)
      current = next
      continue
    }
    if (stats.isSymbolicLink()) {
      const real = await realpath(next).catch(() => undefined)
      if (real === undefined) throw blocked(root, document, next, 'a symbolic link that leads nowhere')
      if (!isWithin(root, real)) throw linkOutside(document, relative(root, next))
      if (!(await stat(real)).isDirectory()) throw blocked(root, document, next, 'a link to a file')
      current = real
      continue
    }
    if (!stats.isDirectory()) throw blocked(root, document, next, 'a file, not a directory')
    current = next
  }
  const target = join(current, basename(full))
  // A link inside the repository to .git/ or .github/ is a write there all the same.
  if (isForbiddenWrite(relative(root, target).split(sep).join('/'))) throw forbidden(document)
  if (missing.length > 0) return { document, target, missing }
  const existing = await lstatOrUndefined(target, document)
  if (existing?.isSymbolicLink())
    throw new UserError(
      `Refusing to write "${path}": it is a symbolic link. Remove the link or ${changePath(document)}.`
    )
  if (existing?.isDirectory())
    throw new UserError(
      `Refusing to write "${path}": it is a directory. ${capitalise(changePath(document))}.`
    )
  if (existing && !existing.isFile())
    throw new UserError(
      `Refusing to write "${path}": it is not a regular file (a FIFO, socket or device). ${capitalise(changePath(document))}.`
    )
  return existing && keepPrevious
    ? { document, target, missing, previous: await readFile(target) }
    : { document, target, missing }
}

function refuseSameTarget(checked: readonly Checked[]): void {
  const seen = new Map<string, DocumentToWrite>()
  for (const { target, document } of checked) {
    const first = seen.get(target)
    if (first)
      throw new UserError(
        `The ${name(first)} and the ${name(document)} would both be written to "${document.path}": give them different paths. Nothing was written.`
      )
    seen.set(target, document)
  }
}

/** True when it created the directory; an existing directory (a concurrent run made it) is fine too. */
async function makeDirectory(directory: string): Promise<boolean> {
  try {
    await mkdir(directory)
    return true
  } catch (error) {
    if (hasCode(error, 'EEXIST') && (await lstat(directory)).isDirectory()) return false
    throw error
  }
}

/** Puts everything back; returns what could not be put back, for the message. */
async function undo(
  staged: readonly { temporary: string; item: Checked }[],
  replaced: readonly Checked[],
  created: readonly string[]
): Promise<string[]> {
  const leftovers: string[] = []
  for (const item of [...replaced].reverse()) {
    try {
      if (item.previous === undefined) await rm(item.target, { force: true })
      else {
        const restore = `${item.target}.plan-phase-${process.pid}.restore`
        await writeFile(restore, item.previous, { flag: 'w' })
        await rename(restore, item.target)
      }
    } catch (error) {
      leftovers.push(`${item.document.path} (${errorMessage(error)})`)
    }
  }
  for (const { temporary } of staged) await rm(temporary, { force: true }).catch(() => undefined)
  for (const directory of [...created].reverse()) await rmdir(directory).catch(() => undefined)
  return leftovers
}

function failureMessage(
  root: string,
  error: unknown,
  current: Checked | undefined,
  leftovers: readonly string[]
): string {
  if (error instanceof UserError && leftovers.length === 0) return error.message
  const what = current ? `the ${name(current.document)} "${current.document.path}"` : 'the documents'
  const cause =
    error instanceof UserError
      ? error.message
      : isSystemError(error)
        ? describeSystemError(error, where(root, error, current))
        : errorMessage(error)
  const after =
    leftovers.length === 0
      ? 'Nothing was changed.'
      : `Putting back what was already written failed for ${leftovers.join(', ')}: check ${leftovers.length === 1 ? 'that file' : 'those files'} by hand.`
  return `Could not write ${what}. ${cause} ${after}`
}

/** The document's own path when the failing file is its temporary twin; a directory by its name. */
function where(root: string, error: SystemError, current: Checked | undefined): string | undefined {
  if (error.path === undefined) return undefined
  if (current && error.path.startsWith(current.target)) return current.document.path
  return shown(root, error.path)
}

/** A repository-relative name for paths inside the repository, the absolute one otherwise. */
function shown(root: string, path: string): string {
  return isWithin(root, path) ? relative(root, path).split(sep).join('/') || '.' : path
}

async function lstatOrUndefined(path: string, document: DocumentToWrite) {
  try {
    return await lstat(path)
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return undefined
    if (isSystemError(error))
      throw new UserError(
        `The ${name(document)} "${document.path}" cannot be written. ${describeSystemError(error)}`
      )
    throw error
  }
}

function name(document: DocumentToWrite): string {
  return document.what ?? 'output'
}

function changePath(document: DocumentToWrite): string {
  return document.setting ? `choose another path with ${document.setting}` : 'choose another path'
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function blocked(root: string, document: DocumentToWrite, path: string, what: string): UserError {
  return new UserError(
    `The ${name(document)} "${document.path}" cannot be written: "${shown(root, path)}" is ${what}. Move or rename it, or ${changePath(document)}. Nothing was written.`
  )
}

function linkOutside(document: DocumentToWrite, path: string): UserError {
  return new UserError(
    `The ${name(document)} path "${path}" is a symbolic link that leads outside the repository; refusing to use it.`
  )
}

function forbidden(document: DocumentToWrite): UserError {
  return new UserError(
    `Refusing to write "${document.path}": plan-phase never writes into .git/ or .github/. ${capitalise(changePath(document))}.`
  )
}

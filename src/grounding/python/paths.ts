/** Path ↔ module rules for Python repositories, and which files are tests. */
import { basename, dirname, type FileIndex } from '../file-index.js'

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u

export function isPythonPath(file: string): boolean {
  return file.endsWith('.py') || file.endsWith('.pyi')
}

/** `test_*.py`, `*_test.py`, `conftest.py`, or any Python file under a `tests/` or `test/` directory. */
export function isTestPath(file: string): boolean {
  if (!file.endsWith('.py')) return false
  const name = basename(file)
  if (name.startsWith('test_') || name.endsWith('_test.py') || name === 'conftest.py') return true
  return file
    .split('/')
    .slice(0, -1)
    .some(segment => segment === 'tests' || segment === 'test')
}

/** The dotted module a Python file (or package directory) is imported as; `src/` layouts are stripped. */
export function moduleForPath(file: string): string | undefined {
  let parts = file.replace(/\.pyi?$/, '').split('/')
  if (parts[0] === 'src' && parts.length > 1) parts = parts.slice(1)
  if (parts[parts.length - 1] === '__init__') parts = parts.slice(0, -1)
  if (parts.length === 0 || !parts.every(part => IDENTIFIER.test(part))) return undefined
  return parts.join('.')
}

/**
 * The dotted module a file is in a repository whose packages are known: a file inside a package (its
 * folder has an `__init__.py`) is imported from the first folder up that is no package, so
 * `services/catalog/catalog/models.py` is `catalog.models` when `services/catalog/` is no package. A file
 * outside packages keeps the path rule (`moduleForPath`).
 */
export function packageModuleForPath(file: string, index: FileIndex): string | undefined {
  let dir = dirname(file)
  if (dir === '' || !isPackage(dir, index)) return moduleForPath(file)
  while (dir !== '' && isPackage(dir, index)) dir = dirname(dir)
  return moduleForPath(dir === '' ? file : file.slice(dir.length + 1))
}

function isPackage(dir: string, index: FileIndex): boolean {
  return index.fileSet.has(`${dir}/__init__.py`) || index.fileSet.has(`${dir}/__init__.pyi`)
}

/**
 * Folders that hold top-level packages without being packages themselves, beyond the root and `src/`
 * (a monorepo's `services/catalog/`): where an absolute import may start. Sorted, shortest first.
 */
export function packageRoots(index: FileIndex): string[] {
  const roots = new Set<string>()
  for (const file of index.files) {
    if (!/(^|\/)__init__\.pyi?$/.test(file)) continue
    let dir = dirname(file)
    while (dir !== '' && isPackage(dirname(dir), index)) dir = dirname(dir)
    const root = dirname(dir)
    if (root !== '' && root !== 'src') roots.add(root)
  }
  return [...roots].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
}

/** Resolves a relative import (`.x`, `..`) seen in `fromFile` to an absolute dotted module. */
export function absoluteModule(
  imported: string,
  fromFile: string,
  moduleOf: (file: string) => string | undefined = moduleForPath
): string | undefined {
  const level = /^\.*/.exec(imported)?.[0].length ?? 0
  if (level === 0) return imported
  const own = moduleOf(fromFile)
  if (own === undefined) return undefined
  let packageParts = own.split('.')
  if (!basename(fromFile).startsWith('__init__.')) packageParts = packageParts.slice(0, -1)
  if (level - 1 > packageParts.length) return undefined
  const base = packageParts.slice(0, packageParts.length - (level - 1))
  const rest = imported.slice(level)
  const parts = rest ? [...base, rest] : base
  return parts.length > 0 ? parts.join('.') : undefined
}

/** The existing file or package a dotted module is, trying flat and `src/` layouts. */
export function resolveModule(
  index: FileIndex,
  module: string,
  roots: readonly string[] = []
): { path: string; exists: boolean; isDirectory: boolean } {
  const rel = module.split('.').join('/')
  const prefixes = ['', 'src/', ...roots.map(root => `${root}/`)]
  for (const prefix of prefixes) {
    for (const candidate of [`${rel}.py`, `${rel}/__init__.py`, `${rel}.pyi`, `${rel}/__init__.pyi`]) {
      if (index.fileSet.has(prefix + candidate))
        return { path: prefix + candidate, exists: true, isDirectory: false }
    }
  }
  for (const prefix of prefixes) {
    if (index.dirSet.has(prefix + rel)) return { path: prefix + rel, exists: true, isDirectory: true }
  }
  // A new module goes where its top-level package is.
  const top = rel.split('/')[0] ?? rel
  const home = prefixes.find(prefix => index.dirSet.has(prefix + top)) ?? ''
  return { path: `${home}${rel}.py`, exists: false, isDirectory: false }
}

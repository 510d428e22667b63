/** Path ↔ module rules for Python repositories, and which files are tests. */
import { basename, type FileIndex } from '../file-index.js'

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

/** Resolves a relative import (`.x`, `..`) seen in `fromFile` to an absolute dotted module. */
export function absoluteModule(imported: string, fromFile: string): string | undefined {
  const level = /^\.*/.exec(imported)?.[0].length ?? 0
  if (level === 0) return imported
  const own = moduleForPath(fromFile)
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
  module: string
): { path: string; exists: boolean; isDirectory: boolean } {
  const rel = module.split('.').join('/')
  for (const prefix of ['', 'src/']) {
    for (const candidate of [`${rel}.py`, `${rel}/__init__.py`, `${rel}.pyi`, `${rel}/__init__.pyi`]) {
      if (index.fileSet.has(prefix + candidate))
        return { path: prefix + candidate, exists: true, isDirectory: false }
    }
  }
  for (const prefix of ['', 'src/']) {
    if (index.dirSet.has(prefix + rel)) return { path: prefix + rel, exists: true, isDirectory: true }
  }
  const top = rel.split('/')[0] ?? rel
  const useSrc = !index.dirSet.has(top) && index.dirSet.has(`src/${top}`)
  return { path: `${useSrc ? 'src/' : ''}${rel}.py`, exists: false, isDirectory: false }
}

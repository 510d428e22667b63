/**
 * The one test of "this path stays inside that root", for every reader and writer at the edge: the
 * workspace, the repository listing and reader, the gate's report finder and the staged hand-over. The
 * caller resolves symbolic links first (`realpath`) when a link could lead out.
 */
import { isAbsolute, relative, sep } from 'node:path'

/** Whether `path` is `root` or below it (both absolute; compare real paths when links matter). */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (rel.split(sep)[0] !== '..' && !isAbsolute(rel))
}

/** Whether `path` is strictly below `root`: a file in it, never the root itself. */
export function isBelow(root: string, path: string): boolean {
  return relative(root, path) !== '' && isWithin(root, path)
}

/**
 * plan-phase's own version, from the package.json it ships with: found by walking up from this module
 * (dist/cli/index.js in the package, src/ in a checkout), so every way of starting the CLI agrees.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE_NAME = 'plan-phase'

export function packageVersion(from: string = import.meta.url): string | undefined {
  let dir = dirname(fileURLToPath(from))
  for (;;) {
    const version = versionIn(join(dir, 'package.json'))
    if (version !== undefined) return version
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

function versionIn(path: string): string | undefined {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown }
    return data.name === PACKAGE_NAME && typeof data.version === 'string' ? data.version : undefined
  } catch {
    // No package.json here, or not ours (dist/cli/package.json only sets the module type).
    return undefined
  }
}

// The runtime and the environment every figure of the bench runs in.
//
// Runtime: the action runs on node24 (action.yml), so the bench does too. When the Node that starts the
// bench is another major version, the official Node 24 binary comes from the npm registry (the
// `node-<platform>-<arch>` package holds it), is kept in a cache folder, and the bench starts again on it.
//
// Environment: one explicit, minimal set of variables, the same for both sides of every comparison.
// Nothing is inherited that changes how Node starts (NODE_OPTIONS, NODE_EXTRA_CA_CERTS — 144 extra
// certificates cost `node -e 0` 35 ms on the machine the issue was measured on — NODE_PATH, …).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'

export const WANTED_MAJOR = 24

/** Variables a bench child may see; everything else the shell has is left out. */
const KEPT = ['PATH', 'LANG', 'LC_ALL', 'TZ']

/**
 * The environment of every measured process: PATH (git, python3), a UTF-8 locale, a HOME of its own
 * (no user git configuration), plus `extra`. Both sides of a ratio get the same object.
 */
export function cleanEnv(home, extra = {}) {
  const env = {}
  for (const name of KEPT) if (process.env[name] !== undefined) env[name] = process.env[name]
  env.LANG ??= 'C.UTF-8'
  env.HOME = home
  return { ...env, ...extra }
}

/** Variables the bench passes to itself when it starts again on Node 24. */
export function benchEnv(home) {
  const own = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('BENCH_')))
  return cleanEnv(home, own)
}

function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache')
  return join(base, 'plan-phase-bench')
}

/**
 * A Node 24 executable: this one when it is Node 24, else the cached copy of the registry's binary
 * (downloaded with `npm pack` on first use). Returns its path.
 */
export function node24(log) {
  if (Number(process.versions.node.split('.')[0]) === WANTED_MAJOR) return process.execPath
  const dir = cacheDir()
  const found = existsSync(dir)
    ? readdirSync(dir)
        .filter(name => name.startsWith(`node-v${WANTED_MAJOR}.`))
        .sort()
        .pop()
    : undefined
  if (found && existsSync(join(dir, found, 'node'))) return join(dir, found, 'node')
  const pkg = `node-${process.platform}-${process.arch}@${WANTED_MAJOR}`
  log(`installing Node ${WANTED_MAJOR} for the bench: npm pack ${pkg} (into ${dir})`)
  mkdirSync(dir, { recursive: true })
  const work = mkdtempSync(join(tmpdir(), 'plan-phase-node24-'))
  try {
    const tarball = execFileSync('npm', ['pack', '--silent', pkg], { cwd: work, encoding: 'utf8' }).trim()
    execFileSync('tar', ['xzf', tarball, 'package/bin/node'], { cwd: work })
    const version = execFileSync(join(work, 'package', 'bin', 'node'), ['--version'], {
      encoding: 'utf8'
    }).trim()
    const target = join(dir, `node-${version}`)
    mkdirSync(target, { recursive: true })
    renameSync(join(work, 'package', 'bin', 'node'), join(target, 'node'))
    return join(target, 'node')
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** Read-only facts from a local git checkout (argv, no shell). */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'

export async function headCommit(repoDir: string): Promise<string | undefined> {
  const run = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], repoDir, { timeoutMs: 10_000 })
  const sha = run.stdout.toString('utf8').trim()
  return run.failed || !/^[0-9a-f]{40,64}$/.test(sha) ? undefined : sha
}

/**
 * The top-level directory of the git work tree holding `dir` and the commit its HEAD names, from one
 * `git rev-parse`; `top` undefined outside a work tree (or without git), `head` undefined before the
 * first commit. The CLI plans from the repository's root wherever in it it is started.
 */
export async function gitCheckout(dir: string): Promise<{ top?: string; head?: string }> {
  const run = await runGit(['rev-parse', '--show-toplevel', '--verify', '--quiet', 'HEAD'], dir, {
    timeoutMs: 10_000
  })
  // An unborn HEAD fails the command after the top level is printed: the top level still counts.
  const [top = '', sha = ''] = run.stdout
    .toString('utf8')
    .split('\n')
    .map(line => line.trim())
  return {
    ...(top !== '' && !/^[0-9a-f]{40,64}$/.test(top) ? { top } : {}),
    ...(/^[0-9a-f]{40,64}$/.test(sha) ? { head: sha } : {})
  }
}

/** The id git gives an object of this kind and body: a hash of `<kind> <length>\0<body>`. */
export function gitObjectSha(
  kind: 'commit' | 'tree' | 'blob',
  body: Uint8Array,
  algorithm: 'sha1' | 'sha256' = 'sha1'
): string {
  return createHash(algorithm).update(`${kind} ${body.length}\0`).update(body).digest('hex')
}

/** The git blob id of a file's bytes (what GitHub's API calls its `sha`). */
export function gitBlobSha(content: string | Uint8Array): string {
  if (typeof content !== 'string') return gitObjectSha('blob', content)
  // Hashed in pieces: a 10 MB master plan's bytes made whole would be 10 MB more while the plan is read.
  const hash = createHash('sha1').update(`blob ${Buffer.byteLength(content, 'utf8')}\0`)
  for (let at = 0; at < content.length;) {
    let end = Math.min(at + BLOB_PIECE_CHARS, content.length)
    // A piece never ends between the two halves of a surrogate pair (each half alone is not UTF-8).
    if (end < content.length && isHighSurrogate(content.charCodeAt(end - 1))) end++
    hash.update(content.slice(at, end), 'utf8')
    at = end
  }
  return hash.digest('hex')
}

const BLOB_PIECE_CHARS = 256 * 1024

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

export interface GitOptions {
  readonly maxBuffer?: number
  readonly timeoutMs?: number
  readonly env?: NodeJS.ProcessEnv
}

/** Runs git (argv, no shell) in `cwd` and gives its standard output; rejects when git fails. */
export async function gitText(
  args: readonly string[],
  cwd: string,
  options: GitOptions = {}
): Promise<string> {
  const run = await runGit(args, cwd, options)
  if (run.failed) throw run.error ?? new Error(`git ${args[0] ?? ''} failed`)
  return run.stdout.toString('utf8')
}

/** Runs git and gives its standard output as bytes (objects); undefined when git fails. */
export async function gitBytes(
  args: readonly string[],
  cwd: string,
  options: GitOptions = {}
): Promise<Buffer | undefined> {
  const run = await runGit(args, cwd, options)
  return run.failed ? undefined : run.stdout
}

/** The one place plan-phase starts git: what it printed, and whether it failed (and how). */
function runGit(
  args: readonly string[],
  cwd: string,
  options: GitOptions
): Promise<{ failed: boolean; stdout: Buffer; error?: Error }> {
  return new Promise(resolve => {
    execFile(
      'git',
      [...args],
      {
        cwd,
        encoding: 'buffer',
        ...(options.maxBuffer ? { maxBuffer: options.maxBuffer } : {}),
        ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
        ...(options.env ? { env: options.env } : {})
      },
      (error, stdout) =>
        // Without git at all (ENOENT) there is no output to read.
        resolve({
          failed: error !== null,
          stdout: Buffer.isBuffer(stdout) ? stdout : Buffer.alloc(0),
          ...(error ? { error } : {})
        })
    )
  })
}

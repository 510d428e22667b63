/** Read-only facts from a local git checkout (argv, no shell). */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'

export function headCommit(repoDir: string): Promise<string | undefined> {
  return new Promise(resolve => {
    execFile(
      'git',
      ['rev-parse', '--verify', '--quiet', 'HEAD'],
      { cwd: repoDir, timeout: 10_000 },
      (error, stdout) => {
        const sha = stdout.trim()
        resolve(error || !/^[0-9a-f]{40,64}$/.test(sha) ? undefined : sha)
      }
    )
  })
}

/**
 * The top-level directory of the git work tree holding `dir` and the commit its HEAD names, from one
 * `git rev-parse`; `top` undefined outside a work tree (or without git), `head` undefined before the
 * first commit. The CLI plans from the repository's root wherever in it it is started.
 */
export function gitCheckout(dir: string): Promise<{ top?: string; head?: string }> {
  return new Promise(resolve => {
    execFile(
      'git',
      ['rev-parse', '--show-toplevel', '--verify', '--quiet', 'HEAD'],
      { cwd: dir, timeout: 10_000 },
      (_error, stdout) => {
        // An unborn HEAD fails the command after the top level is printed: the top level still counts.
        const [top = '', sha = ''] = stdout.split('\n').map(line => line.trim())
        resolve({
          ...(top !== '' && !/^[0-9a-f]{40,64}$/.test(top) ? { top } : {}),
          ...(/^[0-9a-f]{40,64}$/.test(sha) ? { head: sha } : {})
        })
      }
    )
  })
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
  return gitObjectSha('blob', typeof content === 'string' ? Buffer.from(content, 'utf8') : content)
}

export interface GitOptions {
  readonly maxBuffer?: number
  readonly timeoutMs?: number
  readonly env?: NodeJS.ProcessEnv
}

/** Runs git (argv, no shell) in `cwd` and gives its standard output; rejects when git fails. */
export function gitText(args: readonly string[], cwd: string, options: GitOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      {
        cwd,
        encoding: 'utf8',
        ...(options.maxBuffer ? { maxBuffer: options.maxBuffer } : {}),
        ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
        ...(options.env ? { env: options.env } : {})
      },
      (error, stdout) => (error ? reject(error) : resolve(stdout))
    )
  })
}

/** Runs git and gives its standard output as bytes (objects); undefined when git fails. */
export function gitBytes(
  args: readonly string[],
  cwd: string,
  options: GitOptions = {}
): Promise<Buffer | undefined> {
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
      (error, stdout) => resolve(error ? undefined : stdout)
    )
  })
}

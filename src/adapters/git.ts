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
 * The top-level directory of the git work tree holding `dir`, or undefined outside one (or without
 * git): the CLI plans from the repository's root wherever in it it is started.
 */
export function gitTopLevel(dir: string): Promise<string | undefined> {
  return new Promise(resolve => {
    execFile('git', ['rev-parse', '--show-toplevel'], { cwd: dir, timeout: 10_000 }, (error, stdout) => {
      const top = stdout.trim()
      resolve(error || top === '' ? undefined : top)
    })
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

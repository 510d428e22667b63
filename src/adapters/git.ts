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

/** The git blob id of a file's bytes (what GitHub's API calls its `sha`). */
export function gitBlobSha(content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content)
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
}

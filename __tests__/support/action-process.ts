/**
 * Runs the shipped bundle (dist/index.js) as the runner would: a child process with the runner's
 * environment, a real git checkout as the workspace, and the local GitHub-shaped server as the API.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GitHubServer } from './github-server/index.js'
import { writeEventFile } from './github-server/index.js'
import { PROJECT_ROOT } from './example-repo.js'

export const BUNDLE = join(PROJECT_ROOT, 'dist', 'index.js')

export interface ActionRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly outputs: Record<string, string>
  readonly summary: string
  /** With `interrupt`: milliseconds from sending the signal to the process's exit. */
  readonly exitAfterSignalMs?: number
}

export interface RunOptions {
  readonly server: GitHubServer
  readonly owner: string
  readonly repo: string
  readonly eventName: string
  readonly payload: unknown
  /** The checkout the action runs in. */
  readonly workspace: string
  /** Action inputs by name, e.g. { 'test-command': 'python3 -m pytest' }. */
  readonly inputs?: Record<string, string>
  readonly token?: string
  readonly workflow?: string
  readonly env?: Record<string, string>
  readonly timeoutMs?: number
  /** Sends `signal` to the action once its stdout contains `when` (a job cancelled mid-run). */
  readonly interrupt?: { readonly when: string; readonly signal: NodeJS.Signals }
  /**
   * The action's stdout is a pipe, as the runner gives it (through `cat`): Node's own stdio pipes are
   * sockets, which a process cannot reopen through `/proc/<pid>/fd/1` the way it can a pipe.
   */
  readonly stdoutPipe?: boolean
}

/** Asynchronous on purpose: the server runs on this process's event loop. */
export async function runBundle(options: RunOptions): Promise<ActionRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'plan-phase-run-'))
  const outputFile = join(scratch, 'output')
  const summaryFile = join(scratch, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const inputs: Record<string, string> = {
    token: options.token ?? 'test-token',
    'test-command': 'python3 -m pytest -p no:cacheprovider',
    ...options.inputs
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? scratch,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: writeEventFile(options.payload as Parameters<typeof writeEventFile>[0], scratch),
    GITHUB_API_URL: options.server.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: `${options.owner}/${options.repo}`,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_WORKFLOW: options.workflow ?? 'plan-phase',
    GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: scratch,
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
    ),
    ...options.env
  }
  const [program, ...args] = options.stdoutPipe
    ? ['bash', '-o', 'pipefail', '-c', '"$0" "$@" | cat', process.execPath, BUNDLE]
    : [process.execPath, BUNDLE]
  const child = spawn(program ?? process.execPath, args, {
    cwd: options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  let signalledAt: number | undefined
  child.stdout.on('data', chunk => {
    stdout += String(chunk)
    if (options.interrupt && signalledAt === undefined && stdout.includes(options.interrupt.when)) {
      signalledAt = Date.now()
      child.kill(options.interrupt.signal)
    }
  })
  child.stderr.on('data', chunk => (stderr += String(chunk)))
  let exitedAt = 0
  child.on('exit', () => (exitedAt = Date.now()))
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`dist/index.js did not finish in time.\n${stdout}\n${stderr}`))
    }, options.timeoutMs ?? 60_000)
    child.on('close', exit => {
      clearTimeout(timer)
      resolve(exit)
    })
  })
  const result = {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    ...(signalledAt !== undefined ? { exitAfterSignalMs: exitedAt - signalledAt } : {})
  }
  rmSync(scratch, { recursive: true, force: true })
  return result
}

/** GITHUB_OUTPUT's `name<<DELIMITER` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[index] ?? '')
    if (!match?.[1] || !match[2]) continue
    const value: string[] = []
    for (index++; index < lines.length && lines[index] !== match[2]; index++) value.push(lines[index] ?? '')
    outputs[match[1]] = value.join('\n')
  }
  return outputs
}

export { readTree } from './example-repo.js'

/**
 * A local checkout of `sha` holding the server's own objects, so its HEAD has the very SHA GitHub
 * reports for the PR head.
 */
export function checkoutFromServer(server: GitHubServer, sha: string, dir: string): void {
  mkdirSync(dir, { recursive: true })
  const git = (args: string[], input?: Buffer): string =>
    execFileSync('git', args, { cwd: dir, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] }).trim()
  git(['init', '-q', '-b', 'work'])
  const store = server.state.git
  const pending = [sha]
  const seen = new Set<string>()
  while (pending.length > 0) {
    const next = pending.pop() as string
    if (seen.has(next)) continue
    seen.add(next)
    const raw = store.rawObject(next)
    if (!raw) throw new Error(`The server has no object ${next}`)
    const written = git(['hash-object', '-w', '-t', raw.kind, '--stdin', '--literally'], raw.body)
    if (written !== next) throw new Error(`Object ${next} was written as ${written}`)
    if (raw.kind === 'commit') {
      const commit = store.getCommit(next)
      if (commit) pending.push(commit.tree, ...commit.parents)
    } else if (raw.kind === 'tree') {
      for (const entry of store.getTree(next)?.entries ?? []) pending.push(entry.sha)
    }
  }
  git(['update-ref', 'refs/heads/work', sha])
  git(['checkout', '-q', '-f', 'work'])
}

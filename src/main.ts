/**
 * The action: read the run's settings and event, run the pipeline (trigger → authorise → gate →
 * master plan → render → deliver), then notify. Only this file decides the job's exit status.
 */
import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { coreReporter } from './adapters/core-reporter.js'
import { loadOnFirstCall } from './adapters/lazy-clients.js'
import { createLocalExec } from './adapters/local-exec.js'
import { errorMessage } from './errors.js'
import type { Reporter } from './reporter.js'
import { finish } from './notify/finish.js'
import { FAILING_OUTCOMES } from './outcome.js'
import { runAction, type ActionIO, type RunReport } from './pipeline.js'

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const reporter = coreReporter()
  let report: RunReport
  try {
    report = await runAction({
      env,
      getInput: name => core.getInput(name),
      reporter,
      exec: createLocalExec(),
      now: () => new Date(),
      tempDir: env.RUNNER_TEMP ?? tmpdir(),
      readEvent: () => readEvent(env.GITHUB_EVENT_PATH),
      connect: token => {
        let github: Promise<GitHub> | undefined
        const load = (): Promise<GitHub> => (github ??= connectGitHub(token, env, reporter))
        return {
          clients: loadOnFirstCall(async () => (await load()).clients),
          permissions: {
            getCollaboratorPermission: async params =>
              (await load()).permissions.getCollaboratorPermission(params)
          }
        }
      }
    })
  } catch (error) {
    const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
    report = {
      notify: false,
      reply: { outcome: 'failed', message: `plan-phase failed: ${errorMessage(error)}`, owner, repo, web: '' }
    }
  }
  await finish(report, {
    reporter,
    summary: { write: async markdown => void (await core.summary.addRaw(markdown, true).write()) },
    setOutput: (name, value) => core.setOutput(name, value),
    workflow: env.GITHUB_WORKFLOW ?? 'plan-phase'
  }).catch((error: unknown) => reporter.warning(`Could not finish notifying: ${errorMessage(error)}`))
  const { outcome, message } = report.reply
  if (FAILING_OUTCOMES.has(outcome)) core.setFailed(`${outcome}: ${message}`)
  else core.info(`${outcome}: ${message}`)
}

type GitHub = Awaited<ReturnType<ActionIO['connect']>>

/** Loaded on the first API call: Octokit and its HTTP stack are most of the bundle. */
async function connectGitHub(token: string, env: NodeJS.ProcessEnv, reporter: Reporter): Promise<GitHub> {
  const { createOctokit, githubClients } = await import('./adapters/octokit.js')
  const baseUrl = env.GITHUB_API_URL ?? 'https://api.github.com'
  // Write spacing protects github.com's abuse limits; a server on this machine has none.
  const local = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(baseUrl)
  const octokit = createOctokit({
    token,
    baseUrl,
    userAgent: 'plan-phase',
    reporter,
    ...(local ? { timing: { spaceWrites: false } } : {})
  })
  return {
    clients: githubClients(octokit),
    permissions: {
      getCollaboratorPermission: params => octokit.rest.repos.getCollaboratorPermissionLevel(params)
    }
  }
}

async function readEvent(path: string | undefined): Promise<unknown> {
  if (!path) return {}
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown
  } catch (error) {
    throw new Error(`Cannot read the event payload at GITHUB_EVENT_PATH (${path}): ${errorMessage(error)}`)
  }
}

/**
 * The action: read the run's settings and event, run the pipeline (trigger → authorise → gate →
 * master plan → render → deliver), then notify. Only this file decides the job's exit status.
 */
import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { ApiClock, apiLimitsFrom } from './adapters/api-deadline.js'
import { coreReporter } from './adapters/core-reporter.js'
import { loadOnFirstCall } from './adapters/lazy-clients.js'
import { createLocalExec } from './adapters/local-exec.js'
import { afterAbort, watchForCancellation } from './cancellation.js'
import { errorMessage } from './errors.js'
import type { Reporter } from './reporter.js'
import { finish } from './notify/finish.js'
import { FAILING_OUTCOMES, type OutcomeCode } from './outcome.js'
import { runAction, type ActionIO, type RunReport } from './pipeline.js'
import { startParserEarly } from './plan-parser/parser-thread.js'

/**
 * After a cancel signal the runner waits 7.5 s before it escalates (see cancellation.ts): the pipeline
 * gets this long to stop the gate and hand back its report, the reply's API calls end by the second
 * mark, and the third ends the process whatever still runs.
 */
const CANCEL_PIPELINE_MS = 2500
const CANCEL_API_MS = 5500
const CANCEL_EXIT_MS = 7000
/** API time for the report (reactions, reply), however much the run's work used: at most its budget. */
const REPORT_API_MS = 30_000
const EXIT_AFTER_REPORT_MS = 1000

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const reporter = coreReporter()
  const cancellation = watchForCancellation()
  // The master plan parser's thread starts while the run reads its event and asks GitHub who may run it.
  startParserEarly()
  let report: RunReport
  let cancelled = false
  let api: ApiClock | undefined
  try {
    const clock = (api = new ApiClock(apiLimitsFrom(env)))
    cancellation.signal.addEventListener('abort', () => {
      reporter.warning(`${errorMessage(cancellation.signal.reason)} Stopping the test suite and reporting.`)
      clock.cutTo(CANCEL_API_MS, 'the job was cancelled')
      setTimeout(() => {
        core.setFailed('cancelled: the job was cancelled and plan-phase could not finish reporting in time.')
        process.exit(1)
      }, CANCEL_EXIT_MS).unref()
    })
    const pipeline = runAction({
      env,
      getInput: name => core.getInput(name),
      reporter,
      exec: createLocalExec(),
      now: () => new Date(),
      tempDir: env.RUNNER_TEMP ?? tmpdir(),
      readEvent: () => readEvent(env.GITHUB_EVENT_PATH),
      signal: cancellation.signal,
      connect: token => {
        let github: Promise<GitHub> | undefined
        const load = (): Promise<GitHub> => (github ??= connectGitHub(token, env, reporter, clock))
        return {
          clients: loadOnFirstCall(async () => (await load()).clients),
          permissions: {
            getCollaboratorPermission: async params =>
              (await load()).permissions.getCollaboratorPermission(params)
          }
        }
      }
    })
    // A pipeline abandoned after a cancellation may still fail later: that is no longer news.
    pipeline.catch(() => undefined)
    const stopped = afterAbort(cancellation.signal, CANCEL_PIPELINE_MS).then(() => undefined)
    report = (await Promise.race([pipeline, stopped])) ?? failedReport(env, 'cancelled', '')
    cancelled = cancellation.signal.aborted
  } catch (error) {
    cancelled = cancellation.signal.aborted
    report = failedReport(env, 'failed', `plan-phase failed: ${errorMessage(error)}`)
  }
  if (cancelled) report = cancelledReport(report, cancellation.received() ?? 'SIGTERM')
  api?.startOver(Math.min(REPORT_API_MS, api.limits.totalMs))
  await finish(report, {
    reporter,
    summary: { write: async markdown => void (await core.summary.addRaw(markdown, true).write()) },
    setOutput: (name, value) => core.setOutput(name, value),
    workflow: env.GITHUB_WORKFLOW ?? 'plan-phase'
  }).catch((error: unknown) => reporter.warning(`Could not finish notifying: ${errorMessage(error)}`))
  const { outcome, message } = report.reply
  if (FAILING_OUTCOMES.has(outcome)) core.setFailed(`${outcome}: ${message}`)
  else core.info(`${outcome}: ${message}`)
  cancellation.dispose()
  // A call abandoned in a retry pause, or a socket that hangs, must not keep the job (and the lock of its
  // `concurrency` group) busy once everything is reported. Unref'd: a clean run exits before it fires.
  setTimeout(() => process.exit(), EXIT_AFTER_REPORT_MS).unref()
}

function failedReport(env: NodeJS.ProcessEnv, outcome: OutcomeCode, message: string): RunReport {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  return { notify: false, reply: { outcome, message, owner, repo, web: '' } }
}

/** The run ended because the job was cancelled: say so, and what had already been delivered. */
function cancelledReport(report: RunReport, signal: NodeJS.Signals): RunReport {
  const delivered = report.reply.delivery
  const after = delivered?.commitSha
    ? ` Before that: ${delivered.message}`
    : ' Nothing was committed; run the command again to plan.'
  const message = `The job was cancelled (${signal}): plan-phase stopped, and with it the test suite and every process it started if the suite was running.${after}`
  return { ...report, reply: { ...report.reply, outcome: 'cancelled', message } }
}

type GitHub = Awaited<ReturnType<ActionIO['connect']>>

/** Loaded on the first API call: Octokit and its HTTP stack are most of the bundle. */
async function connectGitHub(
  token: string,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  clock: ApiClock
): Promise<GitHub> {
  const { createOctokit, githubClients } = await import('./adapters/octokit.js')
  const baseUrl = env.GITHUB_API_URL ?? 'https://api.github.com'
  // Write spacing protects github.com's abuse limits; a server on this machine has none.
  const local = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(baseUrl)
  const octokit = createOctokit({
    token,
    baseUrl,
    userAgent: 'plan-phase',
    reporter,
    clock,
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

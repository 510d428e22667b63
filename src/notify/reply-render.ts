/**
 * The reply's Markdown for every outcome. Pure. Messages are plan-phase's own Markdown, made inert
 * around the values they quote; titles and phase lists come from the master plan and are made inert.
 */
import { blobUrl, type DeliveryResult } from '../deliver/pull-request.js'
import { failureList, gateTable } from '../gate/format.js'
import type { GateResult } from '../gate/result.js'
import { phaseListLines, type PhaseSummary } from '../master-plan/phase-list.js'
import type { OutcomeCode } from '../outcome.js'
import { codeSpan, tableCell } from '../text/code.js'
import { inert, inertMarkdown } from '../text/inert.js'

export interface CoverageSummary {
  /** 0–100. */
  readonly percent: number
  readonly found: number
  readonly total: number
}

/** Everything a reply (and the job summary) says about a run. */
export interface ReplyInput {
  readonly outcome: OutcomeCode
  /** What happened, one paragraph of plan-phase's own Markdown. */
  readonly message: string
  readonly owner: string
  readonly repo: string
  /** Web host, e.g. `https://github.com`. */
  readonly web: string
  /** Phase id as requested (absent when the command had none). */
  readonly phase?: string
  /** The phase's title from the master plan (untrusted). */
  readonly title?: string
  /** The comment command word (default `/plan-phase`). */
  readonly command?: string
  readonly gate?: GateResult
  readonly coverage?: CoverageSummary
  readonly planPath?: string
  readonly statusPath?: string
  readonly nextPhase?: string
  /** unknown-phase: the phases the master plan has, with where and how each was found. */
  readonly phases?: readonly PhaseSummary[]
  /** The gate was overridden with `--force`. */
  readonly forced?: boolean
  readonly delivery?: DeliveryResult
  /** How many failing tests to list (input max-failures-in-reply, default 20). */
  readonly maxFailures?: number
  /** Link to this workflow run (its log and job summary). */
  readonly runUrl?: string
  /** Whether the trigger passed authorisation (the `allowed` output); absent when it was never asked. */
  readonly allowed?: boolean
  /** The commit the run is for (the `head-sha` output). */
  readonly headSha?: string
}

export const HEADLINE: Readonly<Record<OutcomeCode, string>> = {
  planned: '✅ Execution plan ready',
  unchanged: '✅ Execution plan already up to date',
  'status-refreshed': '✅ Status report refreshed',
  'planned-artifacts': '✅ Documents rendered for the publish job',
  authorised: '👀 Authorised: the plan runs next',
  'red-gate': '❌ The test suite is not green: no plan was written',
  'not-triggered': 'ℹ️ Nothing to do',
  'ignored-bot': 'ℹ️ Nothing to do',
  unauthorised: '⛔ Not authorised',
  'fork-refused': '⛔ Pull requests from forks are not planned',
  'invalid-command': '⚠️ The command could not be read',
  'unknown-phase': '❓ Phase not found in the master plan',
  'incomplete-plan': '❌ The plan is incomplete: nothing was delivered',
  'pull-request-closed': '🚫 The pull request closed before delivery: nothing was pushed',
  'head-moved': '🔁 The branch moved while the tests ran: nothing was pushed',
  'pull-request-refused': '⚠️ Documents pushed, but GitHub refused to open the pull request',
  cancelled: '🛑 The job was cancelled',
  failed: '❌ plan-phase failed'
}

const MAX_PHASES_LISTED = 50

function short(sha: string): string {
  return sha.slice(0, 7)
}

function run(input: ReplyInput, args: string): string {
  return codeSpan(`${input.command ?? '/plan-phase'} ${args}`.trim())
}

function headline(input: ReplyInput): string {
  const phase = input.phase ? ` — Phase ${inert(input.phase)}` : ''
  const title = input.title?.trim() ? `: ${inert(input.title.replace(/\s+/g, ' ').trim())}` : ''
  return `### ${HEADLINE[input.outcome]}${phase}${title}`
}

export function documentRows(input: ReplyInput): string[] {
  const delivery = input.delivery
  const ref = delivery?.branch ?? delivery?.commitSha
  const link = (path: string): string =>
    ref ? `[${codeSpan(path)}](${blobUrl(input.web, input.owner, input.repo, ref, path)})` : codeSpan(path)
  const rows: string[] = []
  if (input.planPath) rows.push(`| Execution plan | ${tableCell(link(input.planPath))} |`)
  if (input.statusPath) rows.push(`| Status report | ${tableCell(link(input.statusPath))} |`)
  if (delivery?.number !== undefined && delivery.url)
    rows.push(`| Pull request | [#${delivery.number}](${delivery.url}) (${delivery.operation}) |`)
  if (delivery?.commitSha) {
    const signed =
      delivery.verified === undefined ? '' : delivery.verified ? ' — signed by GitHub' : ' — not signed'
    const url = `${input.web}/${input.owner}/${input.repo}/commit/${delivery.commitSha}`
    rows.push(`| Commit | [${codeSpan(short(delivery.commitSha))}](${url})${signed} |`)
  }
  return rows.length === 0 ? [] : ['| | |', '| :-- | :-- |', ...rows]
}

function gateSection(input: ReplyInput, withFailures: boolean): string[] {
  const gate = input.gate
  if (!gate) return []
  const out = ['**Test gate**', '', gateTable(gate)]
  if (withFailures && (gate.failures.length > 0 || gate.failed + gate.errors > 0)) {
    out.push('', '**Failing tests**', '', failureList(gate, input.maxFailures ?? 20))
  }
  return out
}

function coverageLine(input: ReplyInput): string[] {
  const coverage = input.coverage
  if (!coverage) return []
  return [
    `**Coverage:** ${coverage.percent}% of the phase's blocks (${coverage.found} of ${coverage.total}) are in the plan.`
  ]
}

/** The part that depends on the outcome, below the headline and the message. */
function details(input: ReplyInput): string[][] {
  const phase = input.phase ?? '<id>'
  switch (input.outcome) {
    case 'planned':
    case 'unchanged':
    case 'status-refreshed':
    case 'planned-artifacts': {
      const forced = input.forced
        ? ['⚠️ The red gate was overridden with `--force`; the plan and status record it.']
        : []
      const next = input.nextPhase
        ? [
            `**Next:** Phase ${inert(input.nextPhase)} — run ${run(input, input.nextPhase)} once this phase is done.`
          ]
        : []
      return [
        documentRows(input),
        forced,
        gateSection(input, input.forced === true),
        coverageLine(input),
        next
      ]
    }
    case 'red-gate':
      return [
        gateSection(input, true),
        [
          `Fix the failures and re-run ${run(input, phase)}, or plan anyway with ${run(input, `${phase} --force`)} ` +
            '(the override is recorded in the plan and the status report).'
        ]
      ]
    case 'invalid-command':
      return [
        [
          `The right form is ${run(input, '<id> [--force] [--status]')}, e.g. ${run(input, '3')} or ${run(input, '2A --force')}, ` +
            'on the first line of the comment. `--force` plans despite a red test gate; `--status` refreshes only the status report.'
        ]
      ]
    case 'unknown-phase': {
      const phases = input.phases ?? []
      if (phases.length === 0) return [['The master plan has no phases plan-phase could find.']]
      // The same list as `plan-phase --list`, with the master plan's text made inert.
      const listed = phaseListLines(phases.slice(0, MAX_PHASES_LISTED), { id: codeSpan, text: inert })
      const more =
        phases.length > MAX_PHASES_LISTED ? [`- and ${phases.length - MAX_PHASES_LISTED} more`] : []
      return [['**Phases in the master plan:**', '', ...listed.map(line => `- ${line}`), ...more]]
    }
    case 'fork-refused':
      return [['The test gate would run code from the fork with a token that can write to this repository.']]
    case 'head-moved':
    case 'pull-request-closed':
      return [gateSection(input, false)]
    case 'pull-request-refused': {
      const link = input.delivery?.compareUrl
      return [
        documentRows(input),
        link && !input.message.includes(link)
          ? [`**Open the pull request yourself:** [compare and create](${link})`]
          : [],
        [
          'To let the action open it next time: Settings → Actions → General → Workflow permissions → ' +
            '"Allow GitHub Actions to create and approve pull requests".'
        ]
      ]
    }
    case 'incomplete-plan':
      return [
        coverageLine(input),
        ['Nothing was committed. This is a bug in plan-phase: please report it with the job summary.']
      ]
    case 'cancelled':
    case 'failed':
    case 'authorised':
    case 'unauthorised':
    case 'not-triggered':
    case 'ignored-bot':
      return []
  }
}

/** The reply's Markdown, without the marker (`postReply` adds it and bounds the length). */
export function renderReply(input: ReplyInput): string {
  const blocks = [[headline(input)], [inertMarkdown(input.message)], ...details(input)]
  if (input.runUrl) blocks.push([`<sub>[Workflow run and job summary](${input.runUrl})</sub>`])
  return `${blocks
    .filter(block => block.length > 0)
    .map(block => block.join('\n'))
    .join('\n\n')}\n`
}

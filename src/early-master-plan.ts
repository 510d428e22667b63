/**
 * The master plan read and parsed from the action's inputs alone, while the run asks GitHub for the
 * settings `.github/plan-phase.yml` holds on the default branch: the parse, the longest wait of a run
 * before its gate, no longer waits for that answer. It is a guess, used only when the run, its settings
 * known, reads the same text at the same path in the same directory for the same phase (the parse is a
 * function of these alone); otherwise it is ended unused and the master plan is parsed as if it had never
 * been. Nothing of the guess chooses anything: the path and the directory are the inputs' (never the
 * checkout's), and every check (authorisation, the pull request's head, the destinations, the gate)
 * still comes before the parse is used, in the same order.
 */
import { join } from 'node:path'
import { openWorkspace, type Workspace } from './adapters/workspace.js'
import { readActionSettings } from './configure/inputs.js'
import { parseMasterPlan, type ParserSession } from './plan-parser/parse-master-plan.js'
import { MAX_LINKED_FILE_BYTES, MAX_MASTER_PLAN_BYTES } from './plan-parser/limits.js'
import { readRequest } from './trigger/event.js'

/** What the parse was made from. */
export interface MasterPlanRead {
  /** The project's directory (the workspace's real root). */
  readonly root: string
  readonly path: string
  readonly phase: string
  readonly text: string
}

export interface EarlyMasterPlan {
  /**
   * The early parse's session when it was made from exactly `wanted`; undefined otherwise, once the early
   * parse has ended (its thread and its hold on the parser with it). Asked once; later asks get undefined.
   */
  take(wanted: MasterPlanRead): Promise<{ readonly session: Promise<ParserSession> } | undefined>
  /** Ends the early parse unless it was taken: the run stopped before it needed the master plan. */
  discard(): void
}

export interface EarlyInputs {
  readonly env: NodeJS.ProcessEnv
  readonly getInput: (name: string) => string
  readonly readEvent: () => Promise<unknown>
  /** The job was cancelled: the early parse stops. */
  readonly signal?: AbortSignal
  readonly openWorkspace?: (root: string) => Promise<Workspace>
}

interface Guess extends MasterPlanRead {
  readonly session: Promise<ParserSession>
}

export function readMasterPlanEarly(inputs: EarlyInputs): EarlyMasterPlan {
  const controller = new AbortController()
  const { signal } = inputs
  if (signal?.aborted) controller.abort(signal.reason)
  else signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true })
  // Whatever goes wrong here (an input the settings reader refuses, a missing file) goes wrong again,
  // and is reported, where the run reads the settings and the master plan itself. Let go of once asked:
  // the guess holds the master plan's text, which the run no longer keeps once parsed.
  let guessed: Promise<Guess | undefined> | undefined = guess(inputs, controller.signal).catch(
    () => undefined
  )
  const end = async (pending: Promise<Guess | undefined>): Promise<void> => {
    controller.abort()
    const found = await pending
    await found?.session.then(
      session => session.close(),
      () => undefined
    )
  }
  return {
    take: async wanted => {
      const pending = guessed
      guessed = undefined
      if (!pending) return undefined
      const found = await pending
      if (found && sameRead(found, wanted)) return { session: found.session }
      // Ended before the run parses again: a session holds the parser for the model it read.
      await end(pending)
      return undefined
    },
    discard: () => {
      const pending = guessed
      guessed = undefined
      if (pending) void end(pending)
    }
  }
}

async function guess(inputs: EarlyInputs, signal: AbortSignal): Promise<Guess | undefined> {
  // The inputs without the file: where the file changes the directory, the path or the phase, the
  // guess does not match and is dropped.
  const settings = await readActionSettings(inputs.getInput, () => Promise.resolve(undefined))
  if (settings.stage !== 'all' && settings.stage !== 'plan') return undefined
  const result = readRequest(inputs.env.GITHUB_EVENT_NAME ?? '', await inputs.readEvent(), {
    command: settings.command,
    labelPattern: settings.labelPattern,
    ...(settings.phase ? { phase: settings.phase } : {}),
    force: settings.force
  })
  if (result.kind !== 'request') return undefined
  const open = inputs.openWorkspace ?? openWorkspace
  const workspace = await open(join(inputs.env.GITHUB_WORKSPACE ?? process.cwd(), settings.workingDirectory))
  const path = settings.masterPlanPath
  const text = await workspace.readText(path, 'master plan', MAX_MASTER_PLAN_BYTES)
  const phase = result.request.phase
  const session = parseMasterPlan(text, {
    phase,
    path,
    readLinked: linked => workspace.readIfExists(linked, MAX_LINKED_FILE_BYTES),
    signal
  })
  // Not taken, its failure is nobody's news; taken, the run awaits it and answers it.
  session.catch(() => undefined)
  return { root: workspace.root, path, phase, text, session }
}

function sameRead(a: MasterPlanRead, b: MasterPlanRead): boolean {
  return a.root === b.root && a.path === b.path && a.phase === b.phase && a.text === b.text
}

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import {
  commentedPullRequest,
  readRequest,
  type TriggerOptions,
  type TriggerResult
} from '../../../src/trigger/event.js'

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const file = createRequire(import.meta.url).resolve('@octokit/webhooks-examples/api.github.com/index.json')
const definitions: unknown = JSON.parse(readFileSync(file, 'utf8'))

/** A deep copy of the first example of `event` with `action`, with `patch` applied to nested objects. */
function example(event: string, action: string | undefined, patch: (payload: Json) => void = () => {}): Json {
  const definition = (Array.isArray(definitions) ? definitions : []).find(
    candidate => isObject(candidate) && candidate.name === event
  )
  const examples: unknown[] =
    isObject(definition) && Array.isArray(definition.examples) ? definition.examples : []
  const found = examples.find(
    candidate => isObject(candidate) && (action === undefined || candidate.action === action)
  )
  if (!isObject(found)) throw new Error(`no example for ${event}.${action ?? ''}`)
  const payload = structuredClone(found)
  patch(payload)
  return payload
}

function at(payload: Json, key: string): Json {
  const value = payload[key]
  if (!isObject(value)) throw new Error(`payload.${key} is not an object`)
  return value
}

function comment(body: string, patch: (payload: Json) => void = () => {}): Json {
  return example('issue_comment', 'created', payload => {
    at(payload, 'comment').body = body
    patch(payload)
  })
}

const OPTIONS: TriggerOptions = { command: '/plan-phase', labelPattern: 'plan-phase:<id>' }

/** Who asked, and where: the example payloads' sender, repository and issue #1. */
const ON_HELLO_WORLD_ISSUE = {
  actor: 'Codertocat',
  actorIsBot: false,
  owner: 'Codertocat',
  repo: 'Hello-World',
  issueNumber: 1,
  isPullRequest: false
}

function request(result: TriggerResult) {
  if (result.kind !== 'request') throw new Error(`expected a request, got ${JSON.stringify(result)}`)
  return result.request
}

describe('readRequest: issue_comment', () => {
  it('turns a new command comment on an issue into a request', () => {
    const result = readRequest('issue_comment', comment('/plan-phase 3 --force\r\nthanks'), OPTIONS)
    expect(request(result)).toEqual({
      kind: 'comment',
      phase: '3',
      flags: { force: true, status: false },
      ...ON_HELLO_WORLD_ISSUE,
      commentId: 492700400
    })
  })

  it('marks comments on pull requests and leaves the PR to be read', () => {
    const payload = comment('/plan-phase 2A', p => {
      at(p, 'issue').pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' }
    })
    const found = request(readRequest('issue_comment', payload, OPTIONS))
    expect(found.isPullRequest).toBe(true)
    expect(found.pullRequest).toBeUndefined()
    expect(found.phase).toBe('2A')
  })

  it.each(['edited', 'deleted'])('ignores %s comments', action => {
    const payload = example('issue_comment', action, p => (at(p, 'comment').body = '/plan-phase 3'))
    expect(readRequest('issue_comment', payload, OPTIONS)).toMatchObject({
      kind: 'stop',
      outcome: 'not-triggered'
    })
  })

  it('is not triggered by ordinary comments, quotes or code', () => {
    for (const body of ['LGTM', '> /plan-phase 3', '`/plan-phase 3`', '/plan-phases 3']) {
      const result = readRequest('issue_comment', comment(body), OPTIONS)
      expect(result).toMatchObject({ kind: 'stop', outcome: 'not-triggered' })
      expect(result).not.toHaveProperty('replyTo')
    }
  })

  it('answers an invalid command on the comment', () => {
    const result = readRequest('issue_comment', comment('/plan-phase $(id)'), OPTIONS)
    expect(result).toMatchObject({
      kind: 'stop',
      outcome: 'invalid-command',
      replyTo: { issueNumber: 1, commentId: 492700400 },
      // Who wrote it travels with the stop: the answer goes only to someone who may run the command.
      actor: { login: expect.any(String), isBot: false }
    })
    if (result.kind === 'stop') expect(result.message).toContain('`$(id)`')
  })

  it.each([
    ['type Bot', { login: 'plan-phase-app', type: 'Bot' }],
    ['a [bot] login', { login: 'github-actions[bot]', type: 'User' }]
  ])('ignores commands from bots (%s) without a reply', (_, user) => {
    for (const body of ['/plan-phase 3', '/plan-phase nope']) {
      const payload = comment(body, p => Object.assign(at(at(p, 'comment'), 'user'), user))
      const result = readRequest('issue_comment', payload, OPTIONS)
      expect(result).toMatchObject({ kind: 'stop', outcome: 'ignored-bot' })
      expect(result).not.toHaveProperty('replyTo')
    }
  })

  it('uses the configured command word', () => {
    const options = { ...OPTIONS, command: '/plan' }
    expect(request(readRequest('issue_comment', comment('/plan 4'), options)).phase).toBe('4')
    expect(readRequest('issue_comment', comment('/plan-phase 4'), options)).toMatchObject({
      outcome: 'not-triggered'
    })
  })

  it('fails on a payload without the fields it needs', () => {
    expect(readRequest('issue_comment', { action: 'created' }, OPTIONS)).toMatchObject({ outcome: 'failed' })
    expect(readRequest('issue_comment', null, OPTIONS)).toMatchObject({ outcome: 'not-triggered' })
  })
})

describe('readRequest: issues labeled', () => {
  function labeled(name: string, title = 'Spelling error in the README file'): Json {
    return example('issues', 'labeled', p => {
      at(p, 'label').name = name
      at(p, 'issue').title = title
    })
  }

  it('reads the phase from the label', () => {
    expect(request(readRequest('issues', labeled('plan-phase:3'), OPTIONS))).toEqual({
      kind: 'label',
      phase: '3',
      flags: { force: false, status: false },
      ...ON_HELLO_WORLD_ISSUE,
      label: 'plan-phase:3'
    })
  })

  it('reads the phase from the title for the bare label', () => {
    expect(request(readRequest('issues', labeled('plan-phase', '[Phase 2A] Registry'), OPTIONS)).phase).toBe(
      '2A'
    )
  })

  it('answers on the issue when the bare label finds no phase in the title', () => {
    expect(readRequest('issues', labeled('plan-phase'), OPTIONS)).toMatchObject({
      kind: 'stop',
      outcome: 'invalid-command',
      replyTo: { issueNumber: 1 },
      actor: { login: expect.any(String), isBot: false }
    })
  })

  it('ignores other labels, other actions and bots', () => {
    expect(readRequest('issues', labeled('bug'), OPTIONS)).toMatchObject({ outcome: 'not-triggered' })
    const opened = example('issues', 'opened')
    expect(readRequest('issues', opened, OPTIONS)).toMatchObject({ outcome: 'not-triggered' })
    const unlabeled = example('issues', 'unlabeled', p => (at(p, 'label').name = 'plan-phase:3'))
    expect(readRequest('issues', unlabeled, OPTIONS)).toMatchObject({ outcome: 'not-triggered' })
    const byBot = labeled('plan-phase:3')
    at(byBot, 'sender').type = 'Bot'
    expect(readRequest('issues', byBot, OPTIONS)).toMatchObject({ outcome: 'ignored-bot' })
  })
})

describe('readRequest: workflow_dispatch', () => {
  function dispatch(inputs: Json): Json {
    return example('workflow_dispatch', undefined, p => (p.inputs = inputs))
  }

  it('reads phase and force from the event inputs', () => {
    expect(
      request(readRequest('workflow_dispatch', dispatch({ phase: '3.10a', force: 'true' }), OPTIONS))
    ).toEqual({
      kind: 'dispatch',
      phase: '3.10a',
      flags: { force: true, status: false },
      actor: 'octocat',
      actorIsBot: false,
      owner: 'octo-org',
      repo: 'octo-repo',
      isPullRequest: false,
      ref: 'refs/heads/main'
    })
    const booleans = dispatch({ phase: '3', force: false, status: true })
    expect(request(readRequest('workflow_dispatch', booleans, OPTIONS)).flags).toEqual({
      force: false,
      status: true
    })
  })

  it('falls back to the action inputs phase and force', () => {
    const found = request(
      readRequest('workflow_dispatch', dispatch({}), { ...OPTIONS, phase: '4', force: true })
    )
    expect(found).toMatchObject({ phase: '4', flags: { force: true, status: false } })
  })

  it('stops with invalid-command on a missing or bad phase or flag', () => {
    expect(readRequest('workflow_dispatch', dispatch({}), OPTIONS)).toMatchObject({
      outcome: 'invalid-command'
    })
    const bad = readRequest('workflow_dispatch', dispatch({ phase: '../../etc' }), OPTIONS)
    expect(bad).toMatchObject({ kind: 'stop', outcome: 'invalid-command' })
    if (bad.kind === 'stop') {
      expect(bad.message).toContain('`../../etc` is not a valid phase id')
      expect(bad).not.toHaveProperty('replyTo')
    }
    const flag = readRequest('workflow_dispatch', dispatch({ phase: '3', force: 'yes' }), OPTIONS)
    expect(flag).toMatchObject({ outcome: 'invalid-command' })
  })
})

describe('readRequest: other events', () => {
  it('fails and names the supported events', () => {
    const result = readRequest('push', example('push', undefined), OPTIONS)
    expect(result).toMatchObject({ kind: 'stop', outcome: 'failed' })
    if (result.kind === 'stop') {
      expect(result.message).toContain('`push`')
      expect(result.message).toMatch(/issue_comment.*issues \(labeled\).*workflow_dispatch/)
    }
  })
})

describe('commentedPullRequest', () => {
  it('names the pull request a comment is on, from the event alone', () => {
    const onPull = comment('anything', p => Object.assign(at(p, 'issue'), { pull_request: { url: 'x' } }))
    expect(commentedPullRequest('issue_comment', onPull)).toBe(1)
  })

  it('is undefined for a comment on an issue and for other events', () => {
    const onIssue = comment('anything', p => delete at(p, 'issue').pull_request)
    expect(commentedPullRequest('issue_comment', onIssue)).toBeUndefined()
    expect(commentedPullRequest('issues', example('issues', 'labeled'))).toBeUndefined()
    expect(commentedPullRequest('issue_comment', null)).toBeUndefined()
  })
})

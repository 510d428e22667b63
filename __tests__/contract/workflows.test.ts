/**
 * Every workflow we ship (.github/workflows), give users to copy (examples/workflows) or show in the
 * README follows the rules in workflow-rules.ts: plan-phase authorises before anything of the repository
 * is checked out or run, the checkout is pinned to the commit it authorised, the action never runs from
 * a checkout of pull request code, jobs carry their own permissions and concurrency. The workflows this
 * repository shipped before those rules (kept in fixtures/workflows-before) must fail them.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { PROJECT_ROOT } from '../support/example-repo.js'
import { checkWorkflow } from '../support/workflow-rules.js'

function yamlFiles(dir: string): [string, string][] {
  return readdirSync(join(PROJECT_ROOT, dir))
    .filter(name => name.endsWith('.yml') || name.endsWith('.yaml'))
    .sort()
    .map(name => [`${dir}/${name}`, readFileSync(join(PROJECT_ROOT, dir, name), 'utf8')])
}

/** The README's ```yaml blocks, named by the heading above each. */
function readmeBlocks(): [string, string][] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')
  const blocks: [string, string][] = []
  let heading = 'README'
  const lines = readme.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? ''
    if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, '')
    if (line !== '```yaml') continue
    const body: string[] = []
    for (index++; index < lines.length && lines[index] !== '```'; index++) body.push(lines[index] ?? '')
    blocks.push([`README.md › ${heading} (line ${index - body.length})`, body.join('\n')])
  }
  return blocks
}

const SHIPPED = yamlFiles('.github/workflows')
const EXAMPLES = yamlFiles('examples/workflows')
const README = readmeBlocks()
const BEFORE = yamlFiles('__tests__/fixtures/workflows-before')

/** Names of the workflows that use plan-phase at all (ci.yml and check-dist.yml do not). */
function usesPlanPhase(source: string): boolean {
  return /^\s*(- )?uses: (\.\/|OWNER\/plan-phase@)/m.test(source)
}

describe('workflows users copy and this repository runs', () => {
  it('finds the workflows to check', () => {
    expect(SHIPPED.filter(([, source]) => usesPlanPhase(source)).map(([name]) => name)).toEqual([
      '.github/workflows/plan-phase-comment.yml',
      '.github/workflows/plan-phase-dispatch.yml',
      '.github/workflows/plan-phase-label.yml',
      '.github/workflows/plan-phase-public.yml'
    ])
    expect(EXAMPLES.map(([name]) => name)).toEqual([
      'examples/workflows/plan-phase-comment.yml',
      'examples/workflows/plan-phase-dispatch.yml',
      'examples/workflows/plan-phase-label.yml',
      'examples/workflows/plan-phase-public.yml'
    ])
    expect(README.filter(([, source]) => usesPlanPhase(source)).length).toBeGreaterThanOrEqual(2)
  })

  it.each([...SHIPPED, ...EXAMPLES, ...README])(
    '%s authorises before any repository code runs',
    (name, source) => {
      expect(checkWorkflow(parse(source), name)).toEqual([])
    }
  )

  it('examples are copied verbatim: the published action, no working-directory into this repository', () => {
    for (const [name, source] of EXAMPLES) {
      expect([name, source.includes('uses: OWNER/plan-phase@v1')]).toEqual([name, true])
      expect([name, source.includes('working-directory')]).toEqual([name, false])
      expect([name, /uses: \.\//.test(source)]).toEqual([name, false])
    }
  })

  it('checks a job’s steps shown on their own like a job: they must authorise first', () => {
    expect(
      checkWorkflow({ steps: [{ uses: 'actions/checkout@v4' }, { uses: 'OWNER/plan-phase@v1' }] }, 'x')
    ).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'authorise-first' })]))
  })

  it('the README shows the safe shape first: its first workflow authorises before it checks anything out', () => {
    const first = README.find(([, source]) => usesPlanPhase(source))
    expect(first?.[1]).toMatch(/stage: authorise[\s\S]*actions\/checkout/)
  })
})

describe('the rules catch the workflows shipped before them', () => {
  it.each(BEFORE)('%s is refused', (name, source) => {
    const rules = new Set(checkWorkflow(parse(source), name).map(violation => violation.rule))
    expect(rules.has('authorise-first')).toBe(true)
  })

  it('the one-job comment workflow ran the pull request’s own action with the write token', () => {
    const [name, source] = BEFORE.find(([file]) => file.endsWith('plan-phase-comment.yml')) ?? ['', '']
    const violations = checkWorkflow(parse(source), name)
    expect(violations.map(violation => violation.rule)).toEqual(
      expect.arrayContaining(['authorise-first', 'pinned-checkout', 'trusted-action'])
    )
    expect(violations.find(violation => violation.rule === 'trusted-action')?.message).toContain(
      'a checkout of repository code'
    )
  })

  it('the README’s one-job example ran `pip install -r requirements.txt` from the PR head before authorising', () => {
    const [name, source] = BEFORE.find(([file]) => file.endsWith('readme-one-job.yml')) ?? ['', '']
    const messages = checkWorkflow(parse(source), name).map(violation => violation.message)
    expect(messages).toEqual(
      expect.arrayContaining([
        'a checkout of the repository before plan-phase authorised the command',
        'a run: step before plan-phase authorised the command'
      ])
    )
  })
})

describe('the rules themselves', () => {
  const job = (steps: unknown[], extra: Record<string, unknown> = {}): unknown => ({
    jobs: {
      plan: {
        if: "startsWith(github.event.comment.body, '/plan-phase ')",
        concurrency: { group: 'g', 'cancel-in-progress': false },
        permissions: { contents: 'write' },
        steps,
        ...extra
      }
    }
  })
  const authorise = { id: 'auth', uses: 'OWNER/plan-phase@v1', with: { stage: 'authorise' } }
  const guard = "steps.auth.outputs.allowed == 'true'"
  const checkout = (ref: string): unknown => ({ if: guard, uses: 'actions/checkout@v4', with: { ref } })
  const rules = (document: unknown): string[] => checkWorkflow(document, 'test').map(v => v.rule)

  it('accepts authorise → pinned checkout → guarded steps', () => {
    const safe = job([
      authorise,
      checkout('${{ steps.auth.outputs.head-sha }}'),
      { if: guard, run: 'pip install -r requirements.txt' },
      { if: guard, uses: 'OWNER/plan-phase@v1' }
    ])
    expect(rules(safe)).toEqual([])
  })

  it('refuses a checkout not pinned to the authorised head, and steps without the guard', () => {
    expect(rules(job([authorise, checkout('refs/pull/1/head')]))).toEqual(['pinned-checkout'])
    expect(rules(job([authorise, { run: 'make' }]))).toEqual(['authorise-first'])
    expect(rules(job([{ uses: 'actions/setup-python@v5' }, authorise]))).toEqual(['authorise-first'])
  })

  it('refuses uses: ./ from anything but a default-branch checkout in its own path', () => {
    const action = {
      uses: 'actions/checkout@v4',
      with: { ref: '${{ github.event.repository.default_branch }}', path: '.action' }
    }
    const local = { ...authorise, uses: './.action' }
    expect(rules(job([action, local]))).toEqual([])
    expect(rules(job([local]))).toEqual(['trusted-action'])
    // The repository checked out into the root afterwards empties the action's directory.
    const after = [
      action,
      local,
      checkout('${{ steps.auth.outputs.head-sha }}'),
      { if: guard, uses: './.action' }
    ]
    expect(rules(job(after))).toEqual(['trusted-action'])
  })

  it('refuses a workflow-level concurrency group, a job without one, or one before the if:', () => {
    expect(rules({ concurrency: 'x', ...(job([authorise]) as object) })).toEqual(['job-concurrency'])
    expect(rules(job([authorise], { concurrency: { group: 'g', 'cancel-in-progress': true } }))).toEqual([
      'job-concurrency'
    ])
    const early = {
      jobs: {
        plan: {
          concurrency: { group: 'g', 'cancel-in-progress': false },
          if: 'x',
          permissions: {},
          steps: [authorise]
        }
      }
    }
    expect(rules(early)).toEqual(['job-concurrency'])
  })

  it('refuses a job without permissions, and an authorise job with more than it needs', () => {
    expect(rules(job([authorise], { permissions: undefined }))).toEqual(['job-permissions'])
    const greedy = job([authorise], {
      permissions: { contents: 'write', issues: 'write' },
      outputs: {
        allowed: '${{ steps.auth.outputs.allowed }}',
        'head-sha': '${{ steps.auth.outputs.head-sha }}'
      }
    })
    expect(rules(greedy)).toEqual(['job-permissions'])
  })

  it('accepts a job that needs the authorise job and checks its allowed output', () => {
    const two = {
      jobs: {
        authorise: {
          concurrency: { group: 'a', 'cancel-in-progress': false },
          permissions: { contents: 'read', issues: 'write' },
          outputs: {
            allowed: '${{ steps.auth.outputs.allowed }}',
            'head-sha': '${{ steps.auth.outputs.head-sha }}'
          },
          steps: [authorise]
        },
        plan: {
          needs: 'authorise',
          if: "needs.authorise.outputs.allowed == 'true'",
          concurrency: { group: 'p', 'cancel-in-progress': false },
          permissions: { contents: 'read' },
          steps: [
            { uses: 'actions/checkout@v4', with: { ref: '${{ needs.authorise.outputs.head-sha }}' } },
            { run: 'pytest' }
          ]
        }
      }
    }
    expect(rules(two)).toEqual([])
    const unguarded = { jobs: { ...two.jobs, plan: { ...two.jobs.plan, if: 'always()' } } }
    expect(rules(unguarded)).toEqual(['authorise-first', 'pinned-checkout', 'authorise-first'])
  })
})

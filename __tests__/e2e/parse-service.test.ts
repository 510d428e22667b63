/**
 * The parser's thread as shipped (dist/plan-parser/index.js): the model it sends leaves other phases'
 * sections unparsed, the main thread makes them sections again and has them parsed in a parser thread when
 * they are read (within the plan's time budget): the thread that built the model for a small plan, a fresh
 * one for a large plan. The documents come out as they do when everything runs in one thread.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { MessageChannel, Worker } from 'node:worker_threads'
import { UserError } from '../../src/errors.js'
import { parseSource } from '../../src/master-plan/parse.js'
import { isSectionBody } from '../../src/master-plan/section-body.js'
import { summariseSegment } from '../../src/master-plan/segment-summary.js'
import { checkedParse } from '../../src/plan-parser/checked-parse.js'
import { KEEP_THREAD_BYTES, parseMasterPlan } from '../../src/plan-parser/parse-master-plan.js'
import { askForParses, askForSummaries } from '../../src/plan-parser/parse-service.js'
import { EXAMPLE_DIR, EXAMPLE_MASTER_PLAN, PROJECT_ROOT } from '../support/example-repo.js'
import { removeTempDirs, tempDir } from '../support/temp.js'

const WORKER = join(PROJECT_ROOT, 'dist', 'plan-parser', 'index.js')
const PATH = 'admin/refactor-providers/master_plan.md'
const EXAMPLE = readFileSync(join(EXAMPLE_DIR, EXAMPLE_MASTER_PLAN), 'utf8')

/**
 * The example with 2,200 more phases after its own (about 1.2 MB, past the size whose parser thread is
 * kept): each names Phase 3, writes a signature in prose and adds a module, as readers look for.
 */
function largePlan(): string {
  const at = EXAMPLE.indexOf('\n## Key Design Decisions')
  const phases = Array.from({ length: 2200 }, (_, index) => {
    const id = index + 5
    return (
      `### Phase ${id}: Follow-up ${id}\n\nBuilds on Phase 3: add \`helper_${id}(path, strict)\` to ` +
      `\`llm_router/extra_${id}.py\` and call \`ProviderManager.resolve(name)\` from it. The loader keeps its ` +
      `behaviour; the new helper reads the configuration once and reports every missing provider by name. ` +
      `Tests cover the happy path and the errors, in \`tests/test_extra_${id}.py\`, with the fixtures of ` +
      `Phase ${id - 1}.\n\n- [ ] Add the helper\n- [ ] Wire it into the manager\n\n` +
      `\`\`\`python\ndef helper_${id}(path, strict=False):\n    return load(path)\n\`\`\`\n`
    )
  })
  return `${EXAMPLE.slice(0, at)}\n${phases.join('\n')}${EXAMPLE.slice(at)}`
}

describe('the parse service', () => {
  afterAll(removeTempDirs)

  it.each([
    ['the example (its thread stays)', EXAMPLE],
    ['a plan of about 1.2 MB (a fresh thread)', largePlan()]
  ])(
    '%s: other phases stay unparsed in the model, and are parsed in a parser thread when read',
    async (_, text) => {
      expect(Buffer.byteLength(text) > KEEP_THREAD_BYTES).toBe(text !== EXAMPLE)
      const inThread = checkedParse({ text, phase: '3', path: PATH, nestingColumns: 1000 })
      if (inThread.kind !== 'read') throw new Error(`expected a reading, got ${inThread.kind}`)
      const sample = '# Phase 9\n\nText with *emphasis* and a [link](x.md).\n'
      const local = parseSource(sample)
      const session = await parseMasterPlan(text, { phase: '3', path: PATH, workerFile: WORKER })
      try {
        const bodies = session.model.blocks.filter(isSectionBody)
        expect(bodies.length).toBeGreaterThan(0)
        expect(bodies.every(body => !body.isParsed)).toBe(true)
        // As while the gate runs: the thread ends, and the reads below start a fresh one.
        session.idle()
        // Read here, parsed there: the same units as the model built and read in one thread.
        const units = session.model.blocks.flatMap(block => block.units).map(u => [u.kind, u.start, u.text])
        const expected = inThread.reading.model.blocks
          .flatMap(block => block.units)
          .map(u => [u.kind, u.start, u.text])
        expect(units).toEqual(expected)
        expect(bodies.every(body => body.isParsed)).toBe(true)
        // While the session is open, this thread's parses go to the parser's thread: the same trees.
        expect(parseSource(sample)).toEqual(local)
      } finally {
        session.close()
      }
    }
  )

  it('resume() starts the thread idle() ended before anything is read, and the next read uses that one', async () => {
    // The shipped worker behind an entry that records each thread's start in a file.
    const dir = tempDir('parse-service-')
    const starts = join(dir, 'starts')
    const entry = join(dir, 'counting-worker.mjs')
    writeFileSync(starts, '')
    writeFileSync(
      entry,
      `import { appendFileSync } from 'node:fs'\n` +
        `appendFileSync(${JSON.stringify(starts)}, 'start\\n')\n` +
        `await import(${JSON.stringify(pathToFileURL(WORKER).href)})\n`
    )
    const started = (): number => readFileSync(starts, 'utf8').split('\n').filter(Boolean).length
    const session = await parseMasterPlan(EXAMPLE, { phase: '3', path: PATH, workerFile: entry })
    try {
      expect(started()).toBe(1)
      session.idle()
      session.resume()
      const deadline = Date.now() + 30_000
      while (started() < 2 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20))
      // Started with nothing read yet: its start-up runs while the caller does other work.
      expect(started()).toBe(2)
      const bodies = session.model.blocks.filter(isSectionBody)
      expect(bodies.some(body => body.isParsed)).toBe(false)
      expect(bodies.flatMap(body => body.units).length).toBeGreaterThan(0)
      // A second resume while it serves starts nothing more.
      session.resume()
      expect(started()).toBe(2)
    } finally {
      session.close()
    }
  })

  it('summarises section segments in the parser thread as this thread would, trees left there', () => {
    const channel = new MessageChannel()
    const flag = new SharedArrayBuffer(4)
    const worker = new Worker(WORKER)
    worker.postMessage({ serve: { port: channel.port2, flag } }, [channel.port2])
    try {
      const summarise = askForSummaries(
        channel.port1,
        flag,
        () => 30_000,
        () => new Error('no answer')
      )
      const segments = [
        '## Phase 2: Two\n\nCreate `a.py`:\n\n1. **Add** it\n   ```py\n   x = 1\n   ```\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n<div>\nhtml\n</div>\n',
        '### Notes ###\n\n> quoted `b`\n',
        'not a heading\n'
      ]
      const summaries = summarise(segments)
      expect(summaries).toEqual(segments.map(text => summariseSegment(text)))
      expect(summaries[0]?.units.map(unit => unit[0])).toEqual([
        'paragraph',
        'list-item',
        'code',
        'table-row',
        'table-row',
        'html'
      ])
      // A segment that does not open with a heading has no summary: the reader reports the bug.
      expect(summaries[2]).toBeUndefined()
    } finally {
      channel.port1.close()
      void worker.terminate()
    }
  })

  it('stops waiting at the deadline with the time budget named, when a parse takes too long', () => {
    const channel = new MessageChannel()
    const flag = new SharedArrayBuffer(4)
    const worker = new Worker(WORKER)
    worker.postMessage({ serve: { port: channel.port2, flag } }, [channel.port2])
    try {
      const parse = askForParses(
        channel.port1,
        flag,
        () => 300,
        texts =>
          new UserError(`Parsing ${texts.join('').length} characters took longer than its time budget.`)
      )
      // Several texts in one request: a tree for each, in order.
      const [plan, list] = parse(['# Plan\n\nFine.\n', '- one\n- two\n'])
      expect(plan?.children.map(node => node.type)).toEqual(['heading', 'paragraph'])
      expect(list?.children.map(node => node.type)).toEqual(['list'])
      // Thousands of unmatched `*`: remark's work grows with their square, far past 300 ms.
      const slow = `# Plan\n\n${'*a'.repeat(60_000)}\n`
      expect(() => parse(['# Fine\n', slow])).toThrow(
        `Parsing ${slow.length + 7} characters took longer than its time budget.`
      )
    } finally {
      channel.port1.close()
      void worker.terminate()
    }
  })
})

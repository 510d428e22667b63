import {
  DEFAULT_PARSE_LIMITS,
  memoryBudgetMessage,
  nestingMessage,
  parseBudgetMs,
  timeBudgetMessage,
  tooDeepLine
} from '../../src/plan-parser/limits.js'

describe('the nesting budget', () => {
  it('counts indentation and list and quote markers at the start of a line, tabs to the next multiple of 4', () => {
    expect(tooDeepLine('>>>> a\n', 4)).toEqual({ line: 1, columns: 5 })
    expect(tooDeepLine('>>>> a\n', 5)).toBeUndefined()
    expect(tooDeepLine('x\n- - - a\n', 5)).toEqual({ line: 2, columns: 6 })
    expect(tooDeepLine('1. 2) 3. a\n', 8)).toEqual({ line: 1, columns: 9 })
    expect(tooDeepLine('\t\t- a\n', 9)).toEqual({ line: 1, columns: 10 })
    expect(tooDeepLine(' \t- a\n', 5)).toEqual({ line: 1, columns: 6 })
  })

  it('stops at the first character that opens no container: emphasis, text, a number without its mark', () => {
    expect(tooDeepLine(`${'*'.repeat(50)}a${'*'.repeat(50)}\n`, 10)).toBeUndefined()
    expect(tooDeepLine(`-${'-'.repeat(50)}\n`, 10)).toBeUndefined()
    expect(tooDeepLine(`   12345 ${'x'.repeat(50)}\n`, 10)).toBeUndefined()
    expect(tooDeepLine(`1.x ${'>'.repeat(50)}\n`, 10)).toBeUndefined()
  })

  it('reads every line, fenced code too: the bound cannot be switched off by an unclosed fence', () => {
    const source = `# Plan\n\n\`\`\`\n${' '.repeat(20)}code\n\`\`\`\n`
    expect(tooDeepLine(source, 19)).toEqual({ line: 4, columns: 20 })
  })

  it('lets real master plans through: nested lists and indented code far below the budget', () => {
    const plan = [
      '# Plan',
      '## Phase 1: Setup',
      '1. Step',
      '   - Sub-step',
      '     - [ ] Task',
      '       ```python',
      '       def f():',
      '           return {"a": {"b": {"c": 1}}}',
      '       ```',
      '> Note',
      '> > Quoted note'
    ].join('\n')
    expect(tooDeepLine(plan, DEFAULT_PARSE_LIMITS.nestingColumns)).toBeUndefined()
    expect(tooDeepLine(`${'- '.repeat(600)}a`, DEFAULT_PARSE_LIMITS.nestingColumns)).toEqual({
      line: 1,
      columns: 1200
    })
  })
})

describe('the time budget and the messages', () => {
  it('grows with the size of the master plan', () => {
    expect(parseBudgetMs(0)).toBe(5_000)
    expect(parseBudgetMs(80_000)).toBe(6_600)
    expect(parseBudgetMs(10_000_000)).toBe(205_000)
    expect(parseBudgetMs(1_000_000, { ...DEFAULT_PARSE_LIMITS, baseMs: 100, msPerMegabyte: 1000 })).toBe(
      1_100
    )
  })

  it('name the limit, the file and what to do', () => {
    expect(timeBudgetMessage('plan.md', 80_000)).toBe(
      'Reading the master plan plan.md (80 KB) took longer than its time budget of 6.6 s (5 s plus 20 s per MB) ' +
        'and was stopped. Markdown this slow to parse is pathological: thousands of unmatched `*`, `_` or `[` in ' +
        'one paragraph, or lists and block quotes nested hundreds deep. Simplify that part of the master plan ' +
        '(input `master-plan`).'
    )
    expect(nestingMessage('plan.md', { line: 7, columns: 1200 })).toBe(
      'The master plan plan.md nests too deep: line 7 starts with 1200 columns of indentation and list or quote ' +
        'markers, over the nesting budget of 1000. Simplify that part of the master plan (input `master-plan`): ' +
        'flatten the nesting.'
    )
    expect(nestingMessage('plan.md', 'stack')).toContain('nest deeper than the parser can follow')
    expect(memoryBudgetMessage('plan.md', 12_300_000)).toBe(
      'Reading the master plan plan.md (12.3 MB) needed more than its memory budget of 256 MB and was stopped. ' +
        'Split the master plan into smaller files (input `master-plan`), or simplify its largest sections.'
    )
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import { analyseFixture, lines, type PhaseFixture } from '../../support/phase-fixture.js'

const fence = '```'

const REPOSITORY = {
  'app/ui.py': lines(
    'from prompt_toolkit import PromptSession',
    'import re',
    '',
    '',
    'class Ui:',
    '    def run(self):',
    '        return PromptSession()'
  ),
  'app/config.py': lines('class Config:', '    def merge(self, other):', '        return other')
}

const MASTER_PLAN = lines(
  '# Plan',
  '',
  '## Settings',
  '',
  '- `Loader.load(path, strict)` reads the file.',
  '- Open question: should `Loader` cache? Clarify if `Config.merge` keeps the old keys (Phase 2).',
  '',
  '## Phase 1: Loader',
  '',
  'Create `app/loader.py` with a `Loader` class.',
  '',
  `${fence}python`,
  'class Loader:',
  '    def load(self, path):',
  '        def merge_dicts(a, b):',
  '            return {**a, **b}',
  '        return merge_dicts({}, {})',
  fence,
  '',
  '## Phase 2: Use it',
  '',
  '1. `Ui.run` returns a `PromptSession` built with `List[str]`, `Dict`, `Optional`, `Any` and `ValueError` handling.',
  '2. Parse with `re.compile` and `os.path.join`, then call `merge_dicts` and `Loader.load`.',
  '3. Update `Config.merge` to call `TokenBudget.check` before merging.'
)

describe('needs clarification (phase 2)', () => {
  let fixture: PhaseFixture
  beforeAll(async () => {
    fixture = await analyseFixture(REPOSITORY, MASTER_PLAN, '2')
  })
  const questions = (): string[] => fixture.analysis.clarifications.map(item => item.question)

  it('never asks about builtins, typing, the standard library or names the repository imports', () => {
    const text = questions().join('\n')
    for (const name of [
      'List',
      'Dict',
      'Optional',
      'Any',
      'ValueError',
      're.compile',
      'os.path.join',
      'PromptSession'
    ])
      expect(text).not.toContain(`\`${name}\``)
  })

  it('never asks about names the master plan’s code defines or an earlier phase creates: that is a fact', () => {
    const text = questions().join('\n')
    expect(text).not.toContain('`merge_dicts`')
    expect(text).not.toContain('`Loader.load` is defined nowhere')
    expect(fixture.analysis.fromEarlier).toEqual([
      { name: 'merge_dicts', phase: '1' },
      { name: 'Loader.load', phase: '1' }
    ])
  })

  it('asks about a name defined nowhere', () => {
    expect(questions()).toContainEqual(
      expect.stringMatching(/^The name `TokenBudget\.check` is defined nowhere/)
    )
  })

  it('carries the open items other sections flag about this phase', () => {
    expect(questions()).toContainEqual(
      expect.stringMatching(
        /^Flagged open in Settings, about this phase: "Open question: should `Loader` cache\? Clarify if/
      )
    )
  })
})

describe('needs clarification (phase 1)', () => {
  it('asks which of two signatures the master plan gives for one name is meant', async () => {
    const fixture = await analyseFixture(REPOSITORY, MASTER_PLAN, '1')
    expect(fixture.analysis.clarifications.map(item => item.question)).toContainEqual(
      "`Loader.load` has two signatures in the master plan: `(path)` in this phase's code and `(path, strict)` in Settings. Which one is meant?"
    )
  })
})

describe('needs clarification: what is settled or defined is not asked', () => {
  it('drops an open item a later item answers, and a name the repository defines as a nested function', async () => {
    const fixture = await analyseFixture(
      {
        ...REPOSITORY,
        'app/loading.py': lines(
          'def load_all(paths):',
          '    def merge_layers(a, b):',
          '        return a',
          '    return merge_layers({}, {})'
        )
      },
      lines(
        '# Plan',
        '',
        '## Open questions',
        '',
        '- **Question**: should `Store.flush` batch writes?',
        '- **Answered**: yes, in groups of ten.',
        '- **Issue**: `Store.flush` is described twice with different orders.',
        '',
        '## Phase 1: Store',
        '',
        'Create `app/store.py` with a class `Store` and a method `Store.flush`, built on `merge_layers()`.'
      ),
      '1'
    )
    expect(fixture.analysis.clarifications.map(item => item.question)).toEqual([
      'Flagged open in Open questions, about this phase: "**Issue**: `Store.flush` is described twice with different orders."'
    ])
  })
})

describe('needs clarification (a Python 2 → 3 migration phase)', () => {
  const repository = {
    'legacy/store.py': lines('import cPickle', '', '', 'def save(obj):', '    return obj')
  }
  const plan = lines(
    '# Migration',
    '',
    '## Phase 1: Semantic fixes',
    '',
    '- `cPickle` → `pickle`; `ConfigParser` → `configparser`; `thread` → `_thread`',
    '- `__nonzero__` → `__bool__`, `__unicode__` → `__str__`, `__div__` → `__truediv__`',
    '- `xrange()` → `range()`, `unicode` → `str`, `apply()` removed; add `from __future__ import annotations`',
    '- Route every save through `StoreCodec.encode`.'
  )

  it('never asks about Python 2’s standard library, its builtins or the language’s special names', async () => {
    const fixture = await analyseFixture(repository, plan, '1')
    const questions = fixture.analysis.clarifications.map(item => item.question)
    const text = questions.join('\n')
    for (const name of [
      'cPickle',
      'ConfigParser',
      'thread',
      '_thread',
      '__nonzero__',
      '__bool__',
      '__unicode__',
      '__str__',
      '__div__',
      '__truediv__',
      'xrange',
      'unicode',
      'apply',
      '__future__'
    ])
      expect(text).not.toContain(`\`${name}\``)
    expect(questions).toContainEqual(
      expect.stringMatching(/^The name `StoreCodec\.encode` is defined nowhere/)
    )
  })
})

describe('needs clarification (questions in the phase)', () => {
  it('asks the questions the phase leaves open, not those it tells the developer to answer', async () => {
    const plan = lines(
      '# Plan',
      '',
      '## Phase 1: Encodings',
      '',
      '- For each boundary crossing, determine: is this data bytes (raw file content) or text?',
      '- Should `Reader.read` retry after a timeout?'
    )
    const fixture = await analyseFixture(
      { 'app/reader.py': lines('class Reader:', '    def read(self):', '        return b""') },
      plan,
      '1'
    )
    const questions = fixture.analysis.clarifications.map(item => item.question).join('\n')
    expect(questions).toContain('Should `Reader.read` retry after a timeout?')
    expect(questions).not.toContain('determine: is this data')
  })
})

/** Where a target goes: a new member's class and file, a move's new home, a rename's new name. */
import { describe, expect, it } from '@jest/globals'
import { destinationOf, governs, memberHome } from '../../../src/analysis/target-places.js'
import type { Grounding } from '../../../src/grounding/types.js'
import type { CitedName } from '../../../src/master-plan/names.js'

const cited = (name: string, sentence: string, kind: CitedName['kind'] = 'symbol'): CitedName => ({
  name,
  kind,
  action: 'create',
  sentence
})

const classAt = (name: string, ...paths: string[]): Grounding['symbols'][number] => ({
  name,
  definitions: paths.map(path => ({ path, line: 1, kind: 'class' as const })),
  tests: []
})

const grounding = (symbols: Grounding['symbols']): Grounding => ({
  files: [],
  symbols,
  testLayout: { testRoot: 'tests', style: 'flat', prefix: 'test_', examples: [] },
  references: []
})

describe('the class a new name joins', () => {
  const repo = grounding([
    classAt('RateEntry', 'pkg/rates.py'),
    classAt('CsvExporter', 'pkg/export.py'),
    classAt('Twice', 'pkg/a.py', 'pkg/b.py')
  ])

  it('is the class named with it (`RateEntry.tax_on`)', () => {
    expect(
      memberHome(cited('RateEntry.tax_on', 'Add RateEntry.tax_on.'), 'RateEntry.tax_on', new Set(), repo)
    ).toEqual({
      owner: 'RateEntry',
      path: 'pkg/rates.py'
    })
  })

  it('is the class the sentence adds a method to', () => {
    const name = cited('header', 'Add a method header(report) to CsvExporter.')
    expect(memberHome(name, 'header', new Set(['RateEntry', 'CsvExporter']), repo)).toEqual({
      owner: 'CsvExporter',
      path: 'pkg/export.py'
    })
  })

  it('is the one class the phase names, when the sentence says the name is an attribute', () => {
    const name = cited('cache', 'Add a cache instance variable set in __init__.')
    expect(memberHome(name, 'cache', new Set(['RateEntry']), repo)).toEqual({
      owner: 'RateEntry',
      path: 'pkg/rates.py'
    })
    expect(memberHome(name, 'cache', new Set(['RateEntry', 'CsvExporter']), repo)).toBeUndefined()
  })

  it('is none for a name the sentence does not make a member, or a class defined twice', () => {
    expect(
      memberHome(cited('helper', 'Add a helper function.'), 'helper', new Set(['RateEntry']), repo)
    ).toBeUndefined()
    expect(memberHome(cited('Twice.x', 'Add Twice.x.'), 'Twice.x', new Set(), repo)).toBeUndefined()
  })
})

describe('whether a move or removal governs a file', () => {
  it('is so when the verb acts on the file itself', () => {
    expect(governs(cited('pkg/old.py', 'Move the file pkg/old.py to pkg/new.py.', 'file'))).toBe(true)
    expect(governs(cited('pkg/old.py', 'Delete pkg/old.py.', 'file'))).toBe(true)
  })

  it('is not so when the sentence only mentions the file', () => {
    expect(governs(cited('pkg/old.py', 'Move helper out of pkg/old.py.', 'file'))).toBe(false)
  })
})

describe('the destination', () => {
  it('of a rename is the name after "to"', () => {
    expect(destinationOf(cited('fetch', 'Rename fetch to load_all.'), 'rename')).toBe('load_all')
    expect(destinationOf(cited('pkg/a.py', 'Rename pkg/a.py as pkg/b.py.'), 'rename')).toBe('pkg/b.py')
  })

  it('of a move is the file after "to" or "into"', () => {
    expect(
      destinationOf(
        cited('helper', 'Move helper from pkg/store.py into pkg/util.py.'),
        'move',
        'pkg/store.py'
      )
    ).toBe('pkg/util.py')
  })

  it('of a move without "to" is the last other file, neither its source nor where it is now', () => {
    expect(
      destinationOf(
        cited('helper', 'Take helper from pkg/store.py, keep it in pkg/util.py, see pkg/store.py.'),
        'move',
        'pkg/store.py'
      )
    ).toBe('pkg/util.py')
  })

  it('is none for other actions', () => {
    expect(destinationOf(cited('helper', 'Change helper to return 2.'), 'change')).toBeUndefined()
  })
})

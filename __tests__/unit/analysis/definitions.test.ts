/** Which definition a cited name means, and the classes that give bare method names their context. */
import { describe, expect, it } from '@jest/globals'
import { contextClasses, findFile, locate, toLocation } from '../../../src/analysis/definitions.js'
import { python } from '../../../src/grounding/python/index.js'
import { BUILTIN_PATH, type Definition, type SymbolFact } from '../../../src/grounding/types.js'
import { buildModel } from '../../../src/master-plan/outline.js'
import { phaseContent } from '../../../src/master-plan/phase-content.js'
import { grounding } from '../../support/analysis-facts.js'
import { lines } from '../../support/phase-fixture.js'

const fact = (name: string, ...definitions: Definition[]): SymbolFact => ({ name, definitions, tests: [] })
const method = (path: string, line: number, owner: string): Definition => ({
  path,
  line,
  kind: 'method',
  owner
})

describe('a file by the text the plan used', () => {
  const repo = grounding({
    files: [
      {
        path: 'pkg/api.py',
        citedAs: 'api.py',
        exists: true,
        isDirectory: false,
        module: 'pkg.api',
        tests: []
      },
      { path: 'pkg/tools', exists: true, isDirectory: true, tests: [] }
    ]
  })

  it('is found by path, bare name, module, or directory with a slash', () => {
    expect(findFile(repo, 'pkg/api.py')?.path).toBe('pkg/api.py')
    expect(findFile(repo, 'api.py')?.path).toBe('pkg/api.py')
    expect(findFile(repo, 'pkg.api')?.path).toBe('pkg/api.py')
    expect(findFile(repo, 'pkg/tools/')?.path).toBe('pkg/tools')
    expect(findFile(repo, 'other.py')).toBeUndefined()
  })
})

describe('the definition a name means', () => {
  it('is the only one there is, with its lines and class', () => {
    expect(locate(fact('load', { ...method('pkg/store.py', 2, 'Store'), endLine: 4 }), new Set())).toEqual({
      at: { path: 'pkg/store.py', line: 2, endLine: 4, owner: 'Store' },
      ambiguous: 1
    })
  })

  it('is the one in a file the sentence names, else the one of a class the context names', () => {
    const load = fact('load', method('pkg/store.py', 2, 'Store'), method('pkg/cache.py', 5, 'Cache'))
    expect(locate(load, new Set(), new Set(['pkg/cache.py'])).at?.path).toBe('pkg/cache.py')
    expect(locate(load, new Set(['Store'])).at?.path).toBe('pkg/store.py')
  })

  it('is the module-level one when no class of the context has a member of that name', () => {
    const run = fact('run', method('pkg/job.py', 3, 'Job'), {
      path: 'pkg/main.py',
      line: 8,
      kind: 'function'
    })
    expect(locate(run, new Set(['Store'])).at?.path).toBe('pkg/main.py')
  })

  it('is none when several remain, with how many; builtins do not count', () => {
    const load = fact('load', method('pkg/store.py', 2, 'Store'), method('pkg/cache.py', 5, 'Cache'))
    expect(locate(load, new Set())).toEqual({ ambiguous: 2 })
    expect(locate(fact('open', { path: BUILTIN_PATH, line: 0, kind: 'builtin' }), new Set())).toEqual({
      ambiguous: 0
    })
    expect(locate(undefined, new Set())).toEqual({ ambiguous: 0 })
  })

  it('as a location leaves out what the definition does not have', () => {
    expect(toLocation({ path: 'pkg/a.py', line: 3, kind: 'function' })).toEqual({ path: 'pkg/a.py', line: 3 })
  })
})

describe('the context classes of a phase', () => {
  const model = buildModel(
    lines('# Plan', '', '## Phase 1: Load', '', 'Change `load` of the `Store`; keep `helper`.')
  )
  const content = phaseContent(model, '1', 'plan.md')
  const repo = grounding({
    symbols: [
      fact('Store', { path: 'pkg/store.py', line: 1, kind: 'class' }),
      fact('Cache', { path: 'pkg/cache.py', line: 1, kind: 'class' }),
      fact('helper', method('pkg/util.py', 4, 'Tools'))
    ]
  })

  it('are the classes it names that the repository defines, not the others', () => {
    expect([...contextClasses(content, repo, python, [])]).toEqual(['Store'])
  })

  it('include the class words of its prose', () => {
    expect([...contextClasses(content, repo, python, ['Cache'])].sort()).toEqual(['Cache', 'Store'])
  })
})

import { describe, expect, it } from '@jest/globals'
import { python } from '../../../../src/grounding/python/index.js'

const lines = (...source: string[]): string => source.join('\n') + '\n'

describe('python.sample', () => {
  const sample = python.sample(
    lines(
      'import re',
      'from jaro import jaro_winkler_metric',
      'PATTERN = re.compile("x")',
      '',
      'class Finder(Base):',
      '    def __init__(self, manager, pattern=None):',
      '        self.manager = manager',
      '',
      '    def find(self, name: str) -> str | None:',
      '        if name in self.manager:',
      '            return name',
      '        elif not name:',
      '            raise ValueError("empty")',
      '        else:',
      '            best = 0',
      '        try:',
      '            models = self.manager.models()',
      '        except (KeyError, ValueError) as error:',
      '            return None',
      '        for model in models:',
      '            if score(model) > best:',
      '                best = score(model)',
      '            yield model',
      '',
      'def helper(a, b):',
      '    def inner():',
      '        return 1',
      '    return inner() + Finder(a).find(b)'
    )
  )

  it('lists classes with their methods, functions qualified by class, and module-level names and imports', () => {
    expect(sample?.classes).toEqual([{ name: 'Finder', methods: ['__init__', 'find'] }])
    expect(sample?.functions.map(fn => fn.name)).toEqual([
      'Finder.__init__',
      'Finder.find',
      'helper',
      'inner'
    ])
    expect(sample?.names).toEqual(
      expect.arrayContaining(['re', 'jaro_winkler_metric', 'PATTERN', 'Finder', 'helper', 'inner'])
    )
  })

  it('reads parameters without the receiver, defaults and annotations, and the return type', () => {
    const [init, find] = sample?.functions ?? []
    expect(init?.params).toEqual(['manager', 'pattern'])
    expect(find).toMatchObject({ params: ['name'], returns: 'str | None' })
  })

  it('gives one branch per if/elif/else arm and except clause, then the main path', () => {
    const find = sample?.functions.find(fn => fn.name === 'Finder.find')
    expect(find?.branches).toEqual([
      { condition: 'name in self.manager', kind: 'if', outcome: 'return name', terminal: true },
      { condition: 'not name', kind: 'elif', outcome: 'raise ValueError("empty")', terminal: true },
      { condition: 'else', kind: 'else', outcome: 'best = 0', terminal: false },
      { condition: 'except (KeyError, ValueError)', kind: 'except', outcome: 'return None', terminal: true },
      { condition: 'score(model) > best', kind: 'if', outcome: 'best = score(model)', terminal: false },
      { condition: 'otherwise', kind: 'path', outcome: 'yield model', terminal: true }
    ])
  })

  it('keeps a nested function to itself and counts positional arguments of calls', () => {
    const helper = sample?.functions.find(fn => fn.name === 'helper')
    expect(helper?.branches).toEqual([
      { condition: 'always', kind: 'path', outcome: 'return inner() + Finder(a).find(b)', terminal: true }
    ])
    expect(sample?.calls).toEqual(expect.arrayContaining([{ callee: 'Finder', arguments: 1 }]))
  })

  it('reads a fragment with syntax errors as far as it goes', () => {
    expect(() =>
      python.sample('class X:\n    def f(self):\n        ...  # headers exactly as before\n  )))')
    ).not.toThrow()
  })
})

import { describe, expect, it } from '@jest/globals'
import { python } from '../../../../src/grounding/python/index.js'

const lines = (...source: string[]): string => source.join('\n') + '\n'

describe('python.parse(...).references', () => {
  const source = lines(
    'from pkg.api import ChatCompletionApi, split_model_string as split',
    'import pkg.api',
    'from pkg import api',
    '',
    'class Handler(Base):',
    '    def run(self, line):',
    '        provider = self.api.resolve(line)',
    '        return split(line), resolve',
    '',
    'def resolve(x):',
    '    return ChatCompletionApi(x).resolve(x)'
  )
  const references = python.parse(source).references(new Set(['resolve', 'api', 'ChatCompletionApi']))

  it('tells a call through a receiver from a bare name, a definition and an import', () => {
    const resolve = references.filter(reference => reference.name === 'resolve')
    expect(resolve.map(reference => [reference.line, reference.kind, reference.receiver])).toEqual([
      [7, 'call', 'self.api'],
      [8, 'name', undefined],
      [10, 'definition', undefined],
      [11, 'call', 'ChatCompletionApi(x)']
    ])
  })

  it('places each reference in its class and function and keeps the line as written', () => {
    const [call] = references.filter(reference => reference.name === 'resolve')
    expect(call).toMatchObject({
      inClass: 'Handler',
      inFunction: 'run',
      text: 'provider = self.api.resolve(line)'
    })
  })

  it('says which module an import names and whether the name is part of its path', () => {
    const imports = references.filter(reference => reference.kind === 'import')
    expect(
      imports.map(reference => [reference.line, reference.name, reference.fromModule, reference.inModulePath])
    ).toEqual([
      [1, 'api', 'pkg.api', true],
      [1, 'ChatCompletionApi', 'pkg.api', undefined],
      [2, 'api', 'pkg.api', true],
      [3, 'api', 'pkg', undefined]
    ])
  })
})

describe('python.parse(...).testFunctions', () => {
  it('collects module-level test functions and the test methods of Test classes and TestCase subclasses, as pytest does', () => {
    const tests = python
      .parse(
        lines(
          'def helper(): pass',
          'def test_one(): pass',
          'class TestThing:',
          '    def test_two(self): pass',
          '    def setup_method(self): pass',
          'class Other:',
          '    def test_ignored(self): pass',
          'class ClientCase(unittest.TestCase):',
          '    def test_three(self): pass'
        )
      )
      .testFunctions()
    expect(tests).toEqual([
      { name: 'test_one', line: 2 },
      { name: 'test_two', line: 4, className: 'TestThing' },
      // A unittest case of any name is collected too.
      { name: 'test_three', line: 9, className: 'ClientCase' }
    ])
    expect(tests.map(test => python.testId('tests/test_x.py', test))).toEqual([
      'tests/test_x.py::test_one',
      'tests/test_x.py::TestThing::test_two',
      'tests/test_x.py::ClientCase::test_three'
    ])
  })
})

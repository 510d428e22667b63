import { describe, expect, it } from '@jest/globals'
import { FileIndex, normalizeRepoPath } from '../../../../src/grounding/file-index.js'
import { python } from '../../../../src/grounding/python/index.js'

describe('the Python language', () => {
  it('knows the names Python provides: builtins, typing, the standard library and its members', () => {
    expect(python.knownName('ValueError')).toBe('builtin')
    expect(python.knownName('List')).toBe('typing')
    expect(python.knownName('typing.Optional')).toBe('typing')
    expect(python.knownName('Iterable')).toBe('typing')
    expect(python.knownName('re')).toBe('standard library')
    expect(python.knownName('os.path.join')).toBe('standard library')
    expect(python.knownName('ProviderManager')).toBeUndefined()
    expect(python.knownName('prompt_toolkit')).toBeUndefined()
  })

  it('knows the language’s special names, `__future__`, `_thread`, and Python 2’s library and builtins', () => {
    expect(python.knownName('__future__')).toBe('standard library')
    // A special method is the language's name, yet a class of the phase may define it: not known.
    expect(python.isSpecialName('__eq__')).toBe(true)
    expect(python.knownName('__eq__')).toBeUndefined()
    expect(python.knownName('_thread')).toBe('standard library')
    expect(python.knownName('cPickle')).toBe('standard library')
    expect(python.knownName('urllib2.urlopen')).toBe('standard library')
    // A repository may define its own `apply`: it is searched for, not taken for a builtin.
    expect(python.knownName('apply')).toBe('standard library')
    // Only a whole special name: a private helper or a member of a class is the repository's.
    expect(python.isSpecialName('__helper')).toBe(false)
    expect(python.isSpecialName('Money.__eq__')).toBe(false)
  })

  it('names, identifies and skips tests the pytest way', () => {
    expect(python.testName(['ProviderManager', 'returns', 'cached results'])).toBe(
      'test_ProviderManager_returns_cached_results'
    )
    expect(python.testName(['test', 'x'])).toBe('test_x')
    expect(python.testName(Array.from({ length: 30 }, () => 'word')).length).toBeLessThanOrEqual(72)
    // Cut short, a name does not end on a word that leads on to what was cut.
    expect(
      python.testName([
        'get_completions',
        'model_substring_len',
        'lt',
        '2',
        'and',
        'not',
        'completion_requested'
      ])
    ).toBe('test_get_completions_model_substring_len_lt_2')
    // Uncut, it keeps every word.
    expect(python.testName(['lookup', 'else', 'not', 'found'])).toBe('test_lookup_else_not_found')
    expect(python.isTestName('test_resolve')).toBe(true)
    expect(python.isTestName('resolve')).toBe(false)
    expect(python.skipMarker('needs phase 4 of the master plan')).toBe(
      '@pytest.mark.skip(reason="needs phase 4 of the master plan")'
    )
  })

  it('finds test names and test modules in prose, never a module path taken for a test name', () => {
    const text = 'Move `test_split` from `tests/test_api.py` into the new file `tests/test_manager.py`.'
    expect(python.testNamesIn(text)).toEqual(['test_split'])
    expect(python.testModulesIn(text).map(found => found.path)).toEqual([
      'tests/test_api.py',
      'tests/test_manager.py'
    ])
  })

  it('sees conftest.py files up the tree as what a test imports without saying so', () => {
    const index = new FileIndex([
      'conftest.py',
      'tests/conftest.py',
      'tests/unit/test_a.py',
      'tests/unit/conftest.py'
    ])
    expect(python.implicitImports('tests/unit/test_a.py', index)).toEqual([
      'tests/unit/conftest.py',
      'tests/conftest.py',
      'conftest.py'
    ])
  })

  it('knows a module that starts the application', () => {
    expect(
      python.isEntryPoint('main.py', 'def main():\n    pass\n\nif __name__ == "__main__":\n    main()\n')
    ).toBe(true)
    expect(python.isEntryPoint('pkg/__main__.py', 'run()\n')).toBe(true)
    expect(python.isEntryPoint('lib.py', 'def main(): pass\n')).toBe(false)
  })
})

describe('normalizeRepoPath', () => {
  const index = new FileIndex(['main.py', 'pkg/api.py'])
  it('reads a leading / or ./ as the repository root', () => {
    expect(normalizeRepoPath('/main.py', index)).toBe('main.py')
    expect(normalizeRepoPath('./pkg/api.py', index)).toBe('pkg/api.py')
    expect(normalizeRepoPath('/pkg/new.py', index)).toBe('pkg/new.py')
    // A directory the phase creates is still the repository's, not the machine's.
    expect(normalizeRepoPath('/system_workspace/utilities/utils.py', index)).toBe(
      'system_workspace/utilities/utils.py'
    )
    expect(normalizeRepoPath('/api/startup.py')).toBe('api/startup.py')
    // A repository may have a directory named like the machine's.
    expect(normalizeRepoPath('/lib/x.py', new FileIndex(['lib/x.py']))).toBe('lib/x.py')
  })

  it('says a path outside the repository is outside', () => {
    expect(normalizeRepoPath('~/.config/app.yaml', index)).toBeUndefined()
    expect(normalizeRepoPath('/etc/app/config.py', index)).toBeUndefined()
    expect(normalizeRepoPath('/home/me/.bashrc', index)).toBeUndefined()
    expect(normalizeRepoPath('/Users/me/app.yaml')).toBeUndefined()
    expect(normalizeRepoPath('../other/x.py', index)).toBeUndefined()
  })
})

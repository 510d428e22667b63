/** Which references are uses of a target: importers of a module, qualified member accesses, a name's uses. */
import { describe, expect, it } from '@jest/globals'
import { usesOf } from '../../../src/analysis/uses.js'
import { python } from '../../../src/grounding/python/index.js'
import type { ReferenceFact } from '../../../src/grounding/types.js'
import { target, use } from '../../support/analysis-facts.js'

const where = (uses: readonly ReferenceFact[]): string[] => uses.map(found => `${found.path}:${found.line}`)

describe('uses of a method', () => {
  const load = target('Store.load', {
    at: { path: 'pkg/store.py', line: 2, endLine: 5 },
    module: 'pkg.store'
  })

  it('are the accesses through the class, an object made of it, and self inside it or a subclass', () => {
    const references = [
      use('pkg/app.py', 3, 'load', { receiver: 'Store' }),
      use('pkg/app.py', 4, 'load', { receiver: 'Store()' }),
      use('pkg/store.py', 9, 'load', { receiver: 'self', inClass: 'Store' }),
      use('pkg/sub.py', 4, 'load', { receiver: 'self', inClass: 'Special', classBases: ['Store'] })
    ]
    expect(where(usesOf(load, references, python))).toEqual([
      'pkg/app.py:3',
      'pkg/app.py:4',
      'pkg/store.py:9',
      'pkg/sub.py:4'
    ])
  })

  it('are not another class’s method of the same name, its definition, or a use inside its own body', () => {
    const references = [
      use('pkg/other.py', 5, 'load', { receiver: 'Cache()' }),
      use('pkg/cache.py', 7, 'load', { receiver: 'self', inClass: 'Cache' }),
      use('pkg/app.py', 8, 'load', {
        receiver: 'box',
        receiverType: 'Cache',
        fileImports: ['pkg.store.Store']
      }),
      use('pkg/store.py', 2, 'load', { kind: 'definition', inClass: 'Store' }),
      use('pkg/store.py', 4, 'load', { receiver: 'self', inClass: 'Store' })
    ]
    expect(usesOf(load, references, python)).toEqual([])
  })

  it('reach a subclass through the inheritance the caller supplies', () => {
    const references = [use('pkg/app.py', 8, 'load', { receiver: 'box', receiverType: 'DiskStore' })]
    expect(where(usesOf(load, references, python))).toEqual([])
    expect(
      where(usesOf(load, references, python, (cls, owner) => cls === owner || cls === 'DiskStore'))
    ).toEqual(['pkg/app.py:8'])
  })

  it('count an object of unknown type only in a file that knows the class', () => {
    const references = [
      use('pkg/app.py', 6, 'load', { receiver: 'thing', fileImports: ['pkg.store.Store'] }),
      use('pkg/far.py', 6, 'load', { receiver: 'thing', fileImports: ['pkg.other.Other'] })
    ]
    expect(where(usesOf(load, references, python))).toEqual(['pkg/app.py:6'])
  })

  it('read an object named after a repository class as one of that class', () => {
    const references = [use('pkg/app.py', 6, 'load', { receiver: 'cache', fileImports: ['pkg.store.Store'] })]
    expect(where(usesOf(load, references, python, undefined, name => name === 'Cache'))).toEqual([])
    expect(where(usesOf(load, references, python))).toEqual(['pkg/app.py:6'])
  })
})

describe('uses of a constructor', () => {
  it('are the calls of the class, not its imports', () => {
    const init = target('Store.__init__', { action: 'change', signature: true, module: 'pkg.store' })
    const references = [
      use('pkg/app.py', 1, 'Store', { kind: 'import', fromModule: 'pkg.store' }),
      use('pkg/app.py', 5, 'Store', { fileImports: ['pkg.store.Store'] })
    ]
    expect(where(usesOf(init, references, python))).toEqual(['pkg/app.py:5'])
  })
})

describe('uses of a module-level function', () => {
  const helper = target('helper', {
    at: { path: 'pkg/store.py', line: 10, endLine: 11 },
    module: 'pkg.store'
  })

  it('are its imports from its module (also relative) and its uses in files that import it or define it', () => {
    const references = [
      use('pkg/app.py', 1, 'helper', { kind: 'import', fromModule: 'pkg.store' }),
      use('pkg/app.py', 6, 'helper', { fileImports: ['pkg.store.helper'] }),
      use('pkg/near.py', 1, 'helper', { kind: 'import', fromModule: '.store' }),
      use('pkg/store.py', 20, 'helper')
    ]
    expect(where(usesOf(helper, references, python))).toEqual([
      'pkg/app.py:1',
      'pkg/app.py:6',
      'pkg/near.py:1',
      'pkg/store.py:20'
    ])
  })

  it('follow a package that re-exports it', () => {
    const references = [
      use('pkg/__init__.py', 1, 'helper', { kind: 'import', fromModule: 'pkg.store' }),
      use('app/main.py', 1, 'helper', { kind: 'import', fromModule: 'pkg' }),
      use('app/main.py', 4, 'helper', { fileImports: ['pkg.helper'] })
    ]
    expect(where(usesOf(helper, references, python))).toEqual([
      'pkg/__init__.py:1',
      'app/main.py:1',
      'app/main.py:4'
    ])
  })

  it('are not a same-named function of another module, nor a call in a file that does not import it', () => {
    const references = [
      use('pkg/app.py', 1, 'helper', { kind: 'import', fromModule: 'pkg.other' }),
      use('pkg/app.py', 6, 'helper', { fileImports: ['pkg.other.helper'] }),
      use('pkg/store.py', 11, 'helper')
    ]
    expect(usesOf(helper, references, python)).toEqual([])
  })
})

describe('uses of a module', () => {
  it('are the statements that import it, by its dotted path or from its package', () => {
    const store = target('pkg/store.py', { kind: 'file', action: 'rename', module: 'pkg.store' })
    const references = [
      use('pkg/app.py', 1, 'store', { kind: 'import', fromModule: 'pkg.store', inModulePath: true }),
      use('pkg/app.py', 2, 'store', { kind: 'import', fromModule: 'pkg' }),
      use('pkg/app.py', 3, 'store', { kind: 'import', fromModule: 'other' }),
      use('pkg/app.py', 4, 'store', { kind: 'import', fromModule: 'pkg.storehouse', inModulePath: true }),
      use('pkg/app.py', 9, 'store', { receiver: 'pkg' })
    ]
    expect(where(usesOf(store, references, python))).toEqual(['pkg/app.py:1', 'pkg/app.py:2'])
  })

  it('are none when the module is not known', () => {
    const missing = target('pkg/gone.py', { kind: 'file' })
    expect(
      usesOf(missing, [use('pkg/app.py', 1, 'gone', { kind: 'import', fromModule: 'pkg' })], python)
    ).toEqual([])
  })
})

import { describe, expect, it } from '@jest/globals'
import { FileIndex } from '../../../../src/grounding/file-index.js'
import { python } from '../../../../src/grounding/python/index.js'
import { packageModuleForPath, packageRoots, resolveModule } from '../../../../src/grounding/python/paths.js'

const FILES = [
  'README.md',
  'main.py',
  'src/ledger/__init__.py',
  'src/ledger/rates.py',
  'src/ledger/reports/__init__.py',
  'src/ledger/reports/summary.py',
  'services/catalog/catalog/__init__.py',
  'services/catalog/catalog/models.py',
  'services/catalog/tests/models_test.py',
  'services/storefront/storefront/__init__.py',
  'services/storefront/storefront/cart.py',
  'scripts/tool/run.py'
]

describe('Python modules in a repository whose packages start below the root', () => {
  const index = new FileIndex(FILES)

  it('names a file inside a package from the first folder up that is no package', () => {
    expect(packageModuleForPath('services/catalog/catalog/models.py', index)).toBe('catalog.models')
    expect(packageModuleForPath('src/ledger/reports/summary.py', index)).toBe('ledger.reports.summary')
    expect(packageModuleForPath('services/catalog/catalog/__init__.py', index)).toBe('catalog')
  })

  it('keeps the path rule for files outside packages', () => {
    expect(packageModuleForPath('main.py', index)).toBe('main')
    expect(packageModuleForPath('scripts/tool/run.py', index)).toBe('scripts.tool.run')
  })

  it('finds the folders packages start in, beyond the root and src/', () => {
    expect(packageRoots(index)).toEqual(['services/catalog', 'services/storefront'])
  })

  it('resolves a dotted module under those folders, and puts a new one beside its package', () => {
    const roots = packageRoots(index)
    expect(resolveModule(index, 'catalog.models', roots)).toEqual({
      path: 'services/catalog/catalog/models.py',
      exists: true,
      isDirectory: false
    })
    expect(resolveModule(index, 'catalog.pricebook', roots)).toEqual({
      path: 'services/catalog/catalog/pricebook.py',
      exists: false,
      isDirectory: false
    })
    expect(resolveModule(index, 'ledger.rates', roots).path).toBe('src/ledger/rates.py')
  })

  it('makes relative imports absolute from the package module', () => {
    const language = python.inRepository(FILES)
    expect(language.absoluteModule('.models', 'services/catalog/catalog/api.py')).toBe('catalog.models')
    expect(language.absoluteModule('..rates', 'src/ledger/reports/summary.py')).toBe('ledger.rates')
    expect(language.moduleForPath('services/catalog/catalog/models.py')).toBe('catalog.models')
  })
})

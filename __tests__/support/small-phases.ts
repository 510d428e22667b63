/** Small repositories and master plans shared by the unit tests of analysis/ and render/ (each a phase of its own). */
import { lines } from './phase-fixture.js'

/** A store whose method `load` phase 1 removes (and phase 2 brings back); callers in two modules, one test. */
export const STORE_TRIM = {
  repository: {
    'pkg/__init__.py': '',
    'pkg/store.py': lines(
      'class Store:',
      '    def load(self):',
      '        return 1',
      '',
      '    def save(self):',
      '        return 2'
    ),
    'pkg/app.py': lines(
      'from pkg.store import Store',
      '',
      '',
      'def run(box: Store):',
      '    box.load()',
      '    box.load()',
      '    box.load()',
      '    return box.load()'
    ),
    'pkg/web.py': lines('from pkg.store import Store', '', '', 'def page():', '    return Store().load()'),
    'tests/test_store.py': lines(
      'from pkg.store import Store',
      '',
      '',
      'def test_load():',
      '    assert Store().load() == 1'
    )
  },
  masterPlan: lines(
    '# Store plan',
    '',
    '## Phase 1: Trim',
    '',
    '### 1.1 Drop load',
    '',
    'Remove the method `Store.load` (see `pkg/store.py:9`).',
    '',
    '### 1.2 Update every caller',
    '',
    'Update every caller of it.',
    '',
    '## Phase 2: Load again',
    '',
    'Bring back `Store.load`.'
  )
}

/** A phase that removes a method, changes a function, adds one and renames a module, in numbered items. */
export const REWORK = {
  repository: {
    'pkg/__init__.py': '',
    'pkg/store.py': lines(
      'class Store:',
      '    def load(self):',
      '        return 1',
      '',
      '',
      'def helper():',
      '    return 2'
    ),
    'pkg/app.py': lines(
      'from pkg.store import Store, helper',
      '',
      '',
      'def run():',
      '    return Store().load(), helper()'
    ),
    'pkg/report.py': lines('def render():', '    return 1'),
    'tests/test_store.py': lines(
      'from pkg.store import Store',
      '',
      '',
      'def test_load():',
      '    assert Store().load() == 1'
    )
  },
  masterPlan: lines(
    '# Plan',
    '',
    '## Phase 1: Rework',
    '',
    '1. Remove the method `Store.load`.',
    '2. Change `run()` in `pkg/app.py` to return `helper()` only.',
    '3. Add a new function `fetch_all()` to `pkg/app.py`.',
    '4. Rename `pkg/report.py` to `pkg/reporting.py`.',
    '5. Test that `fetch_all` returns every row.'
  )
}

/** A phase with code samples and test items: the tests the master plan states and the ones a developer adds. */
export const SAMPLED = {
  repository: {
    'pkg/__init__.py': '',
    'pkg/store.py': lines(
      'class Store:',
      '    def load(self):',
      '        return 1',
      '',
      '',
      'def helper():',
      '    return 2'
    ),
    'pkg/app.py': lines(
      'from pkg.store import Store, helper',
      '',
      '',
      'def run():',
      '    return Store().load(), helper()'
    ),
    'tests/test_store.py': lines(
      'from pkg.store import Store',
      '',
      '',
      'def test_load():',
      '    assert Store().load() == 1'
    )
  },
  masterPlan: lines(
    '# Plan',
    '',
    '## Phase 1: Rework',
    '',
    '1. Remove the method `Store.load`.',
    '2. Change `run()` to return `helper()` only.',
    '3. Add a new function `fetch_all()` to `pkg/app.py`.',
    '4. Test `test_fetch_all_sorted` in `tests/test_rows.py`: `fetch_all` sorts the rows.'
  )
}

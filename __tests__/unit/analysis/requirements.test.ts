import { beforeAll, describe, expect, it } from '@jest/globals'
import { RequirementList, type TestRequirement } from '../../../src/analysis/requirements.js'
import { analyseFixture, lines, type PhaseFixture } from '../../support/phase-fixture.js'

const fence = '```'

const REPOSITORY = {
  'modules/ProviderConfig.py': lines(
    'class ProviderConfig:',
    '    def __init__(self, models):',
    '        self.models = models',
    '        self._cached_models = None',
    '',
    '    def valid_models(self):',
    '        return list(self.models)',
    '',
    '    def legacy_lookup(self, name):',
    '        return name'
  ),
  'tests/test_ProviderConfig.py': lines('def test_valid_models():', '    assert True'),
  'tests/test_Other.py': lines('def test_other():', '    assert True')
}

const MASTER_PLAN = lines(
  '# Plan',
  '',
  '## Phase 1: Lookup',
  '',
  '### 1.1 Find a model',
  '',
  'Add `ProviderConfig.find_model(name)` to `modules/ProviderConfig.py`: exact match, then short name, else None.',
  '',
  `${fence}python`,
  'class ProviderConfig:',
  '    def find_model(self, name):',
  '        if name in self.models:',
  '            return name',
  '        elif name in self.short_names():',
  '            return self.short_names()[name]',
  '        return None',
  fence,
  '',
  '### 1.2 Cache',
  '',
  '- Update `valid_models()` to:',
  '  - Return the cached list when `self._cached_models` is set',
  '  - If the cache is empty, build the list and store it',
  '- Read the path from `self.config.config.providers`.',
  '- Remove the method `ProviderConfig.legacy_lookup`.',
  '',
  '### 1.3 Tests',
  '',
  '- `test_find_model_prefers_exact_match`: an exact name wins over a short name.',
  '- **Empty model lists**: Test behaviour when no models are configured',
  '- **Test Edge Cases**: Add tests for empty input, unknown names, and mixed case',
  '- **Manual Testing**: Perform manual testing with a live provider',
  '- Attempt >90% test coverage'
)

describe('test requirements', () => {
  let fixture: PhaseFixture
  let requirements: readonly TestRequirement[]
  beforeAll(async () => {
    fixture = await analyseFixture(REPOSITORY, MASTER_PLAN, '1')
    requirements = fixture.analysis.tests.requirements
  })
  const named = (name: string) => requirements.find(requirement => requirement.testName === name)

  it('puts every test of a module in one test module named the way the repository names its tests', () => {
    expect([...new Set(requirements.map(requirement => requirement.testFile))]).toEqual([
      'tests/test_ProviderConfig.py'
    ])
  })

  it('carries the master plan’s own test names verbatim, with what they check', () => {
    expect(named('test_find_model_prefers_exact_match')).toMatchObject({
      origin: 'master plan',
      stepId: '1.3',
      expected: 'an exact name wins over a short name.'
    })
  })

  it('names one test per item the master plan lists as a test, and one per case an item lists', () => {
    expect(named('test_empty_model_lists')).toMatchObject({ origin: 'master plan', stepId: '1.3' })
    for (const name of ['test_empty_input', 'test_unknown_names', 'test_mixed_case'])
      expect(named(name)).toBeDefined()
    expect(requirements.some(requirement => /manual|coverage|attempt/.test(requirement.testName))).toBe(false)
  })

  it('writes one test per branch of a sample function, the expected result from the sample, unless the master plan names its tests', () => {
    // find_model has a test of its own name in the master plan: its branches are that test's business.
    expect(requirements.some(requirement => requirement.origin === 'branch')).toBe(false)
  })

  it('writes one test per behaviour the prose states, for the function the item belongs to, named as it reads', () => {
    const behaviours = requirements.filter(requirement => requirement.origin === 'behaviour')
    // The verb is said of the subject ("returns"), and the condition the item gives comes after "when".
    expect(
      behaviours.map(requirement => [requirement.testName, requirement.subject, requirement.expected])
    ).toEqual([
      [
        'test_valid_models_returns_cached_list_when_cached_models_set',
        'ProviderConfig.valid_models',
        'Return the cached list when `self._cached_models` is set'
      ],
      [
        'test_valid_models_builds_list_when_cache_empty',
        'ProviderConfig.valid_models',
        'If the cache is empty, build the list and store it'
      ]
    ])
  })

  it('tests a removal once, that it is gone, and never tests a non-code path', () => {
    const removal = requirements.filter(requirement => requirement.subject === 'ProviderConfig.legacy_lookup')
    expect(removal).toEqual([
      expect.objectContaining({ origin: 'removal', testName: 'test_legacy_lookup_is_removed' })
    ])
    expect(requirements.some(requirement => /config_config|providers/.test(requirement.testName))).toBe(false)
  })
})

describe('test requirements from code samples', () => {
  it('names one test per branch, with the condition and the expected result', async () => {
    const fixture = await analyseFixture(
      REPOSITORY,
      lines(
        '# Plan',
        '',
        '## Phase 1: Lookup',
        '',
        'Add `ProviderConfig.find_model` to `modules/ProviderConfig.py`.',
        '',
        `${fence}python`,
        'class ProviderConfig:',
        '    def find_model(self, name):',
        '        if name in self.models:',
        '            return name',
        '        elif not name:',
        '            raise ValueError("empty name")',
        '        return None',
        fence
      ),
      '1'
    )
    expect(
      fixture.analysis.tests.requirements.map(requirement => [
        requirement.testFile,
        requirement.testName,
        requirement.expected
      ])
    ).toEqual([
      [
        'tests/test_ProviderConfig.py',
        'test_find_model_returns_name_when_name_in_models',
        'when `name in self.models`: `return name`'
      ],
      [
        'tests/test_ProviderConfig.py',
        'test_find_model_raises_value_error_when_no_name',
        'when `not name`: `raise ValueError("empty name")`'
      ],
      ['tests/test_ProviderConfig.py', 'test_find_model_returns_none_otherwise', 'otherwise `return None`']
    ])
  })
})

describe('where a code sample’s tests go', () => {
  it('follows the file the text right before the sample names, when a step creates several', async () => {
    const fixture = await analyseFixture(
      { 'pkg/__init__.py': '', 'tests/test_existing.py': lines('def test_x():', '    pass') },
      lines(
        '# Plan',
        '',
        '## Phase 1: Service',
        '',
        '1. Create `pkg/logging_setup.py` and `pkg/health.py`.',
        '2. Implement the endpoints (`pkg/health.py`):',
        '',
        `${fence}python`,
        'def health():',
        '    return {"status": "ok"}',
        fence
      ),
      '1'
    )
    expect(
      fixture.analysis.tests.requirements.map(requirement => [requirement.testFile, requirement.testName])
    ).toEqual([['tests/test_health.py', 'test_health_returns_status']])
  })
})

describe('the test module a sub-step names', () => {
  it('reads a leading / as the repository root', async () => {
    const fixture = await analyseFixture(
      { 'tests/test_store.py': lines('def test_x():', '    pass') },
      lines(
        '# Plan',
        '',
        '## Phase 1: Checks',
        '',
        '### 1.1 Tests',
        '',
        '- Update `/tests/test_store.py`',
        '- Test the empty store'
      ),
      '1'
    )
    expect(
      fixture.analysis.tests.requirements.map(requirement => [requirement.testFile, requirement.testName])
    ).toEqual([['tests/test_store.py', 'test_empty_store']])
  })
})

describe('test requirements of a phase whose tests are a sub-step of their own', () => {
  it('reads the items under "Step n: Tests" as tests, each in the test module of the class it names', async () => {
    const fixture = await analyseFixture(
      {
        'src/app/exporters/base.py': lines(
          'class BaseExporter:',
          '    def export(self, report):',
          '        return ""'
        ),
        'src/app/exporters/csv_exporter.py': lines(
          'from app.exporters.base import BaseExporter',
          '',
          '',
          'class CsvExporter(BaseExporter):',
          '    pass'
        ),
        'tests/exporters/test_csv.py': lines(
          'from app.exporters.csv_exporter import CsvExporter',
          '',
          '',
          'class TestCsv:',
          '    def test_export(self):',
          '        assert CsvExporter().export(None) == ""'
        )
      },
      lines(
        '# Plan',
        '',
        '## Phase 3: Headers',
        '',
        '### Step 3.1: A header per format',
        '',
        'Add a method `header(report)` to `CsvExporter`.',
        '',
        '### Step 3.2: Tests',
        '',
        '- `CsvExporter.header` returns `region,total` for the sales report.',
        '- `BaseExporter().header(report)` raises `NotImplementedError`.'
      ),
      '3'
    )
    const requirements = fixture.analysis.tests.requirements.filter(
      requirement => requirement.stepId === '3.2'
    )
    expect(requirements.map(requirement => [requirement.testFile, requirement.testName])).toEqual([
      ['tests/exporters/test_csv.py', 'test_header_returns_region_total_for_sales_report'],
      ['tests/exporters/test_base.py', 'test_base_exporter_raises_not_implemented_error']
    ])
    expect(fixture.analysis.targets.find(target => target.name === 'CsvExporter.header')?.home).toBe(
      'src/app/exporters/csv_exporter.py'
    )
  })
})

describe('test requirements from acceptance criteria', () => {
  it('makes each criterion a test, checks written in code included, never a TODO or the label', async () => {
    const fixture = await analyseFixture(
      {
        'src/shop/stock.py': lines(
          'class Warehouse:',
          '    def add(self, item):',
          '        self.items = [item]'
        ),
        'tests/test_stock.py': lines(
          'from shop.stock import Warehouse',
          '',
          '',
          'def test_add():',
          '    Warehouse().add(1)'
        )
      },
      lines(
        '# Plan',
        '',
        '## Milestone 1 — Lookup',
        '',
        '**Tasks**',
        '',
        '- Add `Warehouse.get(sku)` to `src/shop/stock.py`:',
        '  ```python',
        '  def get(self, sku):',
        '      return self.items.get(sku)',
        '  ```',
        '- Add `Warehouse.count()`.',
        '',
        '**Acceptance criteria**',
        '',
        '- [ ] `Warehouse().get("nope")` is `None`.',
        '- [ ] `Warehouse.count` returns the number of items.',
        '- [ ] TODO: decide whether `count` includes items out of stock.'
      ),
      '1'
    )

    const requirements = fixture.analysis.tests.requirements
    expect(requirements.map(requirement => requirement.expected)).toEqual([
      '`Warehouse().get("nope")` is `None`.',
      '`Warehouse.count` returns the number of items.'
    ])
    expect(requirements.every(requirement => requirement.testFile === 'tests/test_stock.py')).toBe(true)
    // The sample's one outcome is what the first criterion checks: no second test of `get`.
    expect(requirements.filter(requirement => requirement.origin === 'branch')).toEqual([])
    expect(fixture.analysis.clarifications.map(question => question.question).join('\n')).toContain('TODO')
  })
})

describe('test requirements from prose paragraphs', () => {
  it('tests what the changed code does, sentence by sentence, and not how things are today or what other code does', async () => {
    const fixture = await analyseFixture(
      {
        'gauges/__init__.py': '',
        'gauges/readings.py': lines('def parse_reading(line: str) -> int:', '    return int(line)'),
        'gauges/config.py': lines('def load_config():', '    return {}'),
        'gauges/alerts.py': lines(
          'from gauges.readings import parse_reading',
          '',
          '',
          'class Alerter:',
          '    def check_line(self, line):',
          '        return parse_reading(line) > 5'
        ),
        'gauges/test_readings.py': lines('from gauges.readings import parse_reading'),
        'gauges/test_alerts.py': lines('from gauges.alerts import Alerter')
      },
      lines(
        '# Roadmap',
        '',
        '## Phase 3 — Datum',
        '',
        'Today `parse_reading` returns the raw gauge value.',
        '',
        'In this phase `parse_reading` takes the station as a second, required argument and returns the level',
        'relative to chart datum. It wraps the dict that `load_config` returns.',
        '',
        '`Alerter.check_line` looks the station up first; an unknown code is a `KeyError`.'
      ),
      '3'
    )
    const tests = fixture.analysis.tests.requirements.map(requirement => [
      requirement.testFile,
      requirement.testName
    ])
    expect(tests).toEqual([
      ['gauges/test_readings.py', 'test_parse_reading_takes_station_second'],
      ['gauges/test_readings.py', 'test_parse_reading_returns_level_relative_to_chart_datum'],
      ['gauges/test_alerts.py', 'test_check_line_looks_station_up_first']
    ])
  })
})

describe('the list of test requirements', () => {
  const requirement = (testName: string, expected: string): TestRequirement => ({
    testFile: 'tests/test_store.py',
    testName,
    subject: 'Store.load',
    origin: 'behaviour',
    expected,
    action: 'change'
  })

  it('keeps one test per file and name, joining what each item expects of it once', () => {
    const list = new RequirementList()
    list.add(requirement('test_load_reads', 'reads the file'))
    const merged = list.add(requirement('test_load_reads', 'caches the result'))
    list.add(requirement('test_load_reads', 'reads the file'))
    list.add({ ...requirement('test_load_reads', 'reads the file'), testFile: 'tests/test_other.py' })
    expect(merged.expected).toBe('reads the file; caches the result')
    expect(list.all.map(found => [found.testFile, found.expected])).toEqual([
      ['tests/test_store.py', 'reads the file; caches the result'],
      ['tests/test_other.py', 'reads the file']
    ])
  })
})

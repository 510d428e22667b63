/**
 * Impact analysis on layouts and uses the first fixture does not have: a receiver whose class the code
 * states, names reached through strings (patch targets), packages under a monorepo folder, a class
 * defined twice in one repository, and the new home of a moved class.
 */
import { describe, expect, it } from '@jest/globals'
import { analyseFixture, lines } from '../../support/phase-fixture.js'

const BILLING = {
  'src/billing/__init__.py': lines('from .rates import RateTable', 'from .zones import Zones'),
  'src/billing/rates.py': lines(
    'class RateTable:',
    '    def rate_for(self, region):',
    '        return 1',
    '',
    '    def lookup(self, region):',
    '        return 2'
  ),
  'src/billing/zones.py': lines('class Zones:', '    def rate_for(self, zone):', '        return 0'),
  'src/billing/invoice.py': lines(
    'from .rates import RateTable',
    'from .zones import Zones',
    '',
    '',
    'class Builder:',
    '    def __init__(self, rates: RateTable, zones: Zones) -> None:',
    '        self.rates = rates',
    '        self.zones = zones',
    '',
    '    def build(self, region, zone):',
    '        return self.rates.rate_for(region) + self.zones.rate_for(zone)'
  ),
  'tests/conftest.py': lines(
    'import pytest',
    'from billing import RateTable, Zones',
    '',
    '',
    '@pytest.fixture',
    'def rates():',
    '    return RateTable()'
  ),
  'tests/test_zones.py': lines(
    'from billing.zones import Zones',
    '',
    '',
    'def test_rate_for_zone():',
    '    zones = Zones()',
    '    assert zones.rate_for("eu") == 0'
  ),
  'tests/test_quotes.py': lines(
    'from unittest import mock',
    '',
    'from billing.rates import RateTable',
    '',
    '',
    'def test_patched_rate(rates):',
    '    with mock.patch.object(RateTable, "rate_for", return_value=3):',
    '        assert rates.rate_for("x") == 3',
    '',
    '',
    'def test_lookup_is_patched_by_path():',
    '    with mock.patch("billing.rates.RateTable.rate_for", return_value=3):',
    '        pass'
  )
}

const REMOVE_RATE_FOR = lines(
  '# Plan',
  '',
  '## Phase 1: One lookup',
  '',
  '- [ ] Remove `RateTable.rate_for()`.'
)

describe('impact analysis with receivers the code types', () => {
  it('lists the owner class’s uses and not those of an object the code says is another class', async () => {
    const fixture = await analyseFixture(BILLING, REMOVE_RATE_FOR, '1')
    const callers = [...fixture.analysis.impact.callers.values()].flat()
    expect(callers.map(caller => `${caller.path}:${caller.line}`)).toEqual(['src/billing/invoice.py:11'])
    expect(callers[0]?.text).toContain('self.rates.rate_for(region)')
    const tests = fixture.analysis.impact.tests.map(test => test.id)
    expect(tests).not.toContain('tests/test_zones.py::test_rate_for_zone')
  })

  it('finds tests that name the method in a string: patch.object(Class, "m") and a dotted patch target', async () => {
    const fixture = await analyseFixture(BILLING, REMOVE_RATE_FOR, '1')
    const tests = fixture.analysis.impact.tests
    expect(tests.map(test => test.id)).toEqual([
      'tests/test_quotes.py::test_lookup_is_patched_by_path',
      'tests/test_quotes.py::test_patched_rate'
    ])
    expect(tests[0]?.because).toBe('names `RateTable.rate_for` (removed) at line 12 in a string')
  })
})

describe('impact analysis of a renamed module patched by its dotted path', () => {
  it('lists the test that patches a name through the old module, with the string to point elsewhere', async () => {
    const fixture = await analyseFixture(
      {
        'app/__init__.py': '',
        'app/textutil.py': lines('def slug(title):', '    return title.lower()'),
        'app/cli.py': lines(
          'import app.textutil as textutil',
          '',
          '',
          'def main(title):',
          '    return textutil.slug(title)'
        ),
        'tests/test_cli.py': lines(
          'from app import cli',
          '',
          '',
          'def test_main(monkeypatch):',
          '    monkeypatch.setattr("app.textutil.slug", lambda title: "x")',
          '    assert cli.main("A") == "x"'
        )
      },
      lines('# Plan', '', '## Phase 1: Names', '', 'Rename `app/textutil.py` to `app/text.py`.'),
      '1'
    )
    const tests = fixture.analysis.impact.tests
    expect(tests.map(test => [test.id, test.line])).toEqual([['tests/test_cli.py::test_main', 5]])
    const callers = [...fixture.analysis.impact.callers.values()].flat()
    expect(callers.map(caller => [`${caller.path}:${caller.line}`, caller.todo])).toEqual([
      ['app/cli.py:1', 'import `app.text` instead']
    ])
  })
})

const MONOREPO = {
  'services/catalog/catalog/__init__.py': '',
  'services/catalog/catalog/models.py': lines(
    'class Product:',
    '    pass',
    '',
    '',
    'class PriceBook:',
    '    pass'
  ),
  'services/catalog/catalog/pricing.py': lines('from catalog.models import PriceBook, Product'),
  'services/catalog/catalog/api.py': lines(
    'from catalog import models',
    '',
    '',
    'def default_book() -> models.PriceBook:',
    '    return models.PriceBook()'
  ),
  'services/catalog/tests/models_test.py': lines('from catalog.models import PriceBook'),
  'services/storefront/storefront/__init__.py': '',
  'services/storefront/storefront/cart.py': lines('class PriceBook:', '    pass'),
  'services/storefront/tests/cart_test.py': lines(
    'from storefront.cart import PriceBook',
    '',
    '',
    'def test_cart():',
    '    assert PriceBook()'
  )
}

describe('impact analysis in a monorepo', () => {
  it('reads modules from the folder their packages start in, picks the class the sentence’s file defines, and moves it where "into" says', async () => {
    const fixture = await analyseFixture(
      MONOREPO,
      lines(
        '# Tasks',
        '',
        '## Phase 1: Price books',
        '',
        '- [ ] T001 Create services/catalog/catalog/pricebook.py and move the class `PriceBook` into it from services/catalog/catalog/models.py; no re-export stays in models.py',
        '- [ ] T002 Add a test in services/catalog/tests/pricebook_test.py that `catalog.models` no longer has a `PriceBook` attribute'
      ),
      '1'
    )
    const target = fixture.analysis.targets.find(candidate => candidate.name === 'PriceBook')
    expect(target).toMatchObject({
      action: 'move',
      state: 'exists',
      at: { path: 'services/catalog/catalog/models.py', line: 5 },
      module: 'catalog.models',
      destination: 'services/catalog/catalog/pricebook.py'
    })
    const callers = [...fixture.analysis.impact.callers.values()].flat()
    expect(callers.map(caller => `${caller.path}:${caller.line}`)).toEqual([
      'services/catalog/catalog/api.py:4',
      'services/catalog/catalog/api.py:5',
      'services/catalog/catalog/pricing.py:1'
    ])
    expect(callers.find(caller => caller.path.endsWith('pricing.py'))?.todo).toBe(
      'import it from `catalog.pricebook` instead'
    )
    expect(fixture.analysis.impact.tests.map(test => test.id)).toEqual([
      'services/catalog/tests/models_test.py'
    ])
    // "Add a test … that `catalog.models` no longer has …": the test is added, the module is not created.
    expect(fixture.analysis.targets.map(candidate => candidate.name)).not.toContain(
      'services/catalog/catalog/models.py'
    )
  })
})

describe('impact analysis through a class hierarchy', () => {
  it('counts a subclass’s object and a subclass’s self as the base class’s', async () => {
    const fixture = await analyseFixture(
      {
        'exporters/base.py': lines(
          'class Base:',
          '    def write_header(self, report):',
          '        return ""',
          '',
          '    def export(self, report):',
          '        return self.write_header(report)'
        ),
        'exporters/csv.py': lines('from exporters.base import Base', '', '', 'class Csv(Base):', '    pass'),
        'exporters/md.py': lines(
          'from exporters.base import Base',
          '',
          '',
          'class Md(Base):',
          '    def export(self, report):',
          '        return "| " + self.write_header(report)'
        ),
        'exporters/other.py': lines(
          'class Other:',
          '    def write_header(self, report):',
          '        return 1'
        ),
        'tests/test_csv.py': lines(
          'from exporters.csv import Csv',
          'from exporters.other import Other',
          '',
          '',
          'class TestCsv:',
          '    def test_header(self):',
          '        assert Csv().write_header(None) == ""',
          '',
          '    def test_other(self):',
          '        assert Other().write_header(None) == 1'
        )
      },
      lines(
        '# Plan',
        '',
        '## Phase 1: Headers',
        '',
        '### Step 1.1: Retire',
        '',
        'Remove `Base.write_header`.'
      ),
      '1'
    )
    const callers = [...fixture.analysis.impact.callers.values()].flat()
    expect(callers.map(caller => `${caller.path}:${caller.line}`)).toEqual([
      'exporters/base.py:6',
      'exporters/md.py:6'
    ])
    expect(fixture.analysis.impact.tests.map(test => test.id)).toEqual([
      'tests/test_csv.py::TestCsv::test_header'
    ])
  })
})

describe('impact analysis of two renames in one sentence', () => {
  it('renames both names, and reaches a name through any module that imports it (a patch target)', async () => {
    const fixture = await analyseFixture(
      {
        'shelf/__init__.py': '',
        'shelf/storage.py': lines(
          'def load_books(path):',
          '    return []',
          '',
          '',
          'def save_books(books, path):',
          '    pass'
        ),
        'shelf/search.py': lines(
          'from shelf.storage import load_books',
          '',
          '',
          'def find(path):',
          '    return load_books(path)'
        ),
        'shelf/cli.py': lines(
          'from shelf.storage import save_books as save',
          '',
          '',
          'def main(path):',
          '    save([], path)'
        ),
        'tests/test_search.py': lines(
          'from unittest import mock',
          '',
          'from shelf import search',
          '',
          '',
          'def test_find_reads_once():',
          '    with mock.patch("shelf.search.load_books", return_value=[]):',
          '        assert search.find("p") == []'
        )
      },
      lines(
        '# Plan',
        '',
        '**Phase 2 — Names**',
        '',
        '1. Rename `load_books` to `read_library` and `save_books` to `write_library` in `shelf/storage.py`.'
      ),
      '2'
    )
    expect(fixture.analysis.targets.map(target => [target.name, target.action, target.destination])).toEqual([
      ['load_books', 'rename', 'read_library'],
      ['save_books', 'rename', 'write_library']
    ])
    const callers = [...fixture.analysis.impact.callers.values()].flat()
    // The alias keeps its calls valid: only the import changes.
    expect(callers.map(caller => `${caller.path}:${caller.line}`)).toEqual(
      ['shelf/search.py:1', 'shelf/search.py:5', 'shelf/cli.py:1'].sort()
    )
    expect(fixture.analysis.impact.tests.map(test => test.id)).toEqual([
      'tests/test_search.py::test_find_reads_once'
    ])
    // The new names are the phase's own: no question about them.
    expect(fixture.analysis.clarifications).toEqual([])
  })
})

describe('callers under the sub-step that updates them', () => {
  it('lists an earlier sub-step’s callers under a later one that says to update the callers', async () => {
    const fixture = await analyseFixture(
      {
        'app/__init__.py': '',
        'app/textutil.py': lines('def slug(title):', '    return title'),
        'app/notes.py': lines('from app.textutil import slug')
      },
      lines(
        '# Plan',
        '',
        '## Phase 2: Names',
        '',
        '#### 2.1 Rename the module',
        '',
        'Rename `app/textutil.py` to `app/text.py`.',
        '',
        '#### 2.2 Update the importers',
        '',
        'Every module that imports it imports `app.text` instead.'
      ),
      '2'
    )
    expect([...fixture.analysis.impact.callers.keys()]).toEqual(['2.2'])
    expect(
      fixture.analysis.impact.callers.get('2.2')?.map(caller => `${caller.path}:${caller.line}`)
    ).toEqual(['app/notes.py:1'])
  })
})

describe('impact analysis of a renamed field', () => {
  it('finds reads through an object named after the class, and keyword arguments of its constructor, not a same-named field of another class', async () => {
    const fixture = await analyseFixture(
      {
        'shop/__init__.py': '',
        'shop/models.py': lines(
          'from dataclasses import dataclass',
          '',
          '',
          '@dataclass',
          'class Order:',
          '    total: int = 0',
          '',
          '',
          '@dataclass',
          'class Invoice:',
          '    total: int = 0'
        ),
        'shop/receipts.py': lines('def receipt(order):', '    return f"TOTAL {order.total}"'),
        'shop/billing.py': lines(
          'def invoice_total(invoices):',
          '    return sum(invoice.total for invoice in invoices)'
        ),
        'tests/test_receipts.py': lines(
          'from shop.models import Order',
          'from shop.receipts import receipt',
          '',
          '',
          'def test_receipt():',
          '    assert receipt(Order(total=3)) == "TOTAL 3"'
        )
      },
      lines(
        '# Roadmap',
        '',
        '## Phase 2: Amount due',
        '',
        'Tasks:',
        '1. Rename the field `Order.total` to `Order.amount_due`.',
        '2. Receipts print the label `AMOUNT DUE` instead of `TOTAL`.'
      ),
      '2'
    )
    const callers = [...fixture.analysis.impact.callers.values()].flat()
    expect(callers.map(caller => `${caller.path}:${caller.line}`)).toEqual(['shop/receipts.py:2'])
    expect(fixture.analysis.impact.tests.map(test => test.id)).toEqual([
      'tests/test_receipts.py::test_receipt'
    ])
    // `TOTAL` is text the repository prints: no question about where it is defined.
    expect(fixture.analysis.clarifications).toEqual([])
  })
})

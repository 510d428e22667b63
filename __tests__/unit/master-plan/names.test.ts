/** What a master plan says happens to a name, read from the words around it. */
import { describe, expect, it } from '@jest/globals'
import { citedNames } from '../../../src/master-plan/names.js'
import { buildModel } from '../../../src/master-plan/outline.js'

function actions(text: string): Record<string, string> {
  const model = buildModel(text)
  const names = citedNames(model, [{ start: 0, end: model.source.length }])
  return Object.fromEntries(names.map(name => [name.name, name.action]))
}

describe('actions read from the words around a name', () => {
  it('reads a function named as the place of a change, or as the moment new code runs, as changed', () => {
    expect(
      actions('- Cache invalidation occurs at the start of `discover_models()` before anything else')
    ).toEqual({
      discover_models: 'change'
    })
    expect(actions('- Invalidate the cache when `discover_models()` is run on a provider')).toEqual({
      discover_models: 'change'
    })
    // A check that something is called changes nothing.
    expect(actions('- Verify that `discover_models()` is called once')).toEqual({
      discover_models: 'mention'
    })
  })

  it('reads a new signature or return type stated after the name as a change', () => {
    expect(actions('`parse_reading` now takes the station as a second, required argument.')).toEqual({
      parse_reading: 'change'
    })
    expect(actions('`find_item` changes its return type to `Item`.')).toMatchObject({ find_item: 'change' })
  })

  it('reads a call with a literal argument as a use of the name, a signature as its definition', () => {
    expect(actions("- Add explicit `decode('cp500')` at mainframe ingestion points")).toEqual({
      decode: 'mention'
    })
    expect(actions('- Add `backoff(path, 3)` around each retry')).toEqual({ backoff: 'mention' })
    expect(actions('- Add `load_table(path, strict=False)` to the loader')).toEqual({ load_table: 'create' })
  })

  it('does not let a verb govern a name behind a subordinate clause', () => {
    expect(actions('- Add a test that `catalog.models` no longer has a `PriceBook` attribute')).toEqual({
      'catalog.models': 'mention',
      PriceBook: 'mention'
    })
    expect(actions('- Add `RateEntry.tax_on(amount)` to the rates module')).toEqual({
      'RateEntry.tax_on': 'create'
    })
  })

  it('reads a table row cell by cell: the file column is not the change column’s sentence', () => {
    const model = buildModel(['| File | Change |', '|---|---|', '| `store.py` | add `Item` |'].join('\n'))
    const item = citedNames(model, [{ start: 0, end: model.source.length }]).find(
      name => name.name === 'Item'
    )
    expect(item).toMatchObject({ action: 'create', sentence: 'add Item' })
  })
})

describe('a lead-in that ends on a colon and a list of what it acts on', () => {
  it('gives its verb to the name that opens each item, and the place after "from" is no object', () => {
    const nested = actions(
      ['1. Remove these methods from `Cart`:', '   - `Cart.add`', '   - `Cart.total`'].join('\n')
    )
    expect(nested).toMatchObject({ Cart: 'mention', 'Cart.add': 'remove', 'Cart.total': 'remove' })
    const sibling = actions(
      ['**Remove from `Cart`:**', '', '- `Cart.add` (use `Cart.put` instead)', '- `Cart.total`'].join('\n')
    )
    expect(sibling).toMatchObject({
      Cart: 'mention',
      'Cart.add': 'remove',
      'Cart.put': 'mention',
      'Cart.total': 'remove'
    })
    expect(actions(['Drop the following:', '', '- `legacy_round()`'].join('\n'))).toMatchObject({
      legacy_round: 'remove'
    })
  })

  it('gives nothing when it names its own object, or when an item opens with words', () => {
    // "Update `load()` to:" changes load; its items say how, and the names in them are not changed.
    expect(actions(['- Update `load()` to:', '  - call `helper()` first'].join('\n'))).toMatchObject({
      load: 'change',
      helper: 'mention'
    })
    expect(actions(['Remove from `Cart`:', '', '- keep `Cart.add` for now'].join('\n'))).toMatchObject({
      'Cart.add': 'mention'
    })
    // A paragraph between them ends the lead-in.
    expect(actions(['Remove from `Cart`:', '', 'Later.', '', '- `Cart.add`'].join('\n'))).toMatchObject({
      'Cart.add': 'mention'
    })
  })
})

describe('a rename written with "becomes"', () => {
  it('renames the name before it; the name after it is where it goes, not a second rename', () => {
    expect(actions('- `Cart.total` becomes `Cart.subtotal`.')).toEqual({
      'Cart.total': 'rename',
      'Cart.subtotal': 'mention'
    })
  })
})

describe('a verb after the word that says what a name is', () => {
  it('reads "The `Receipt` class moves to …" as a move and "… method is renamed to …" as a rename', () => {
    expect(
      actions(
        'The `Receipt` class moves to `till/billing.py`. Its `Receipt.lines` method is renamed to `Receipt.render_lines`.'
      )
    ).toEqual({
      Receipt: 'move',
      'till/billing.py': 'mention',
      'Receipt.lines': 'rename',
      'Receipt.render_lines': 'mention'
    })
  })

  it('reads what a function now does, or no longer does, as a change to it', () => {
    expect(actions('`checkout()` no longer prints; it returns the receipt text instead.')).toEqual({
      checkout: 'change'
    })
    expect(actions('`load()` now returns a `Config`.')).toMatchObject({ load: 'change' })
  })

  it('reads a name that opens its item and says what it does against what it does today as changed', () => {
    expect(
      actions('4. `Warehouse.restock` raises `KeyError` for an unknown SKU (today it raises a bare one).')
    ).toEqual({ 'Warehouse.restock': 'change', KeyError: 'mention' })
    expect(actions('- `report.summary()` iterates `all_items()` instead of `items`.')).toMatchObject({
      'report.summary': 'change'
    })
    // What a name does today, or a check of it, changes nothing.
    expect(actions('`Warehouse.restock` raises `ValueError` for a zero amount.')).toEqual({
      'Warehouse.restock': 'mention',
      ValueError: 'mention'
    })
    expect(actions('Call `restock()` instead of `add()`.')).toMatchObject({ restock: 'mention' })
  })
})

describe('plain words and destinations', () => {
  it('reads a plain lowercase word the phase removes, renames or moves as a name, never one it only mentions', () => {
    expect(actions('Remove `slugify` from `utils.py`.')).toEqual({ slugify: 'remove', 'utils.py': 'mention' })
    expect(actions('Rename `total` to `subtotal`.')).toMatchObject({ total: 'rename' })
    expect(actions('Run `pytest` and update `config`.')).toEqual({})
    // Where things go is no name of its own.
    expect(actions('`DefaultImage()` → move to `container`.')).not.toHaveProperty('container')
  })

  it('reads a name marked new in brackets after it as created', () => {
    expect(actions('Raise `WeatherError` (new, in `weather/errors.py`).')).toMatchObject({
      WeatherError: 'create'
    })
  })

  it('reads the name code is inlined or merged into as changed, not removed', () => {
    expect(actions('Inline `fmt_money` into `Cart.total` and `Receipt.render`.')).toEqual({
      fmt_money: 'remove',
      'Cart.total': 'change',
      'Receipt.render': 'change'
    })
  })
})

describe('the verbs of refactoring', () => {
  it('reads extract as creating, inline as removing, deprecate and split as changing; "from" names a source', () => {
    expect(actions('- Extract `compute_tax()` from `Cart.total` into `till/tax.py`.')).toEqual({
      compute_tax: 'create',
      'Cart.total': 'mention',
      'till/tax.py': 'mention'
    })
    expect(actions('- Inline `helper_fn()` into its only caller `Receipt.lines`.')).toEqual({
      helper_fn: 'remove',
      'Receipt.lines': 'mention'
    })
    expect(actions('- Deprecate `Cart.items` in favour of `Cart.entries`.')).toMatchObject({
      'Cart.items': 'change'
    })
    expect(actions('- Split `till/receipt.py` into `till/lines.py` and `till/text.py`.')).toMatchObject({
      'till/receipt.py': 'change',
      'till/lines.py': 'mention'
    })
  })

  it('gives a lead-in "Extract helper functions:" to each helper its list names', () => {
    expect(
      actions(
        ['2. Extract helper functions:', '   - `_load_state()` - state', '   - `_save_state()` - state'].join(
          '\n'
        )
      )
    ).toEqual({
      _load_state: 'create',
      _save_state: 'create'
    })
  })
})

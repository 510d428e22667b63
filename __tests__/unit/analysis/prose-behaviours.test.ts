/** Reading behaviours out of the master plan's prose: sentences, outcomes, cases, and a test name's words. */
import { describe, expect, it } from '@jest/globals'
import {
  actsItself,
  behaviours,
  caseParts,
  CURRENT,
  GENERIC_LABEL,
  GENERIC_LEAD,
  labelWords,
  sentences,
  subjectFirst
} from '../../../src/analysis/prose-behaviours.js'

describe('sentences', () => {
  it('end at . ! ? followed by a space, not inside a code span or between digits', () => {
    expect(sentences('Call `cfg.load()` first. Then wait 1.5 seconds! Done? Yes')).toEqual([
      'Call `cfg.load()` first.',
      'Then wait 1.5 seconds!',
      'Done?',
      'Yes'
    ])
  })

  it('are none for empty text', () => {
    expect(sentences('   ')).toEqual([])
    expect(sentences('Return the code, e.g. `"Paid 3 USD"`. Then stop.')).toEqual([
      'Return the code, e.g. `"Paid 3 USD"`.',
      'Then stop.'
    ])
  })
})

describe('behaviours of one item', () => {
  it('split outcomes joined by "and" before their own verb', () => {
    expect(behaviours('`get` returns the `Item` and raises `KeyError` for an unknown id')).toEqual([
      '`get` returns the `Item`',
      'raises `KeyError` for an unknown id'
    ])
  })

  it('keep a part that only states a condition with the outcome after it', () => {
    expect(behaviours('Check if `x` is `None` and returns `0`')).toEqual([
      'Check if `x` is `None` and returns `0`'
    ])
  })

  it('read "changes its return type to" as what the code returns', () => {
    expect(behaviours('`total` changes its return type to `Decimal`')).toEqual(['`total` returns `Decimal`'])
  })

  it('do not split on "and" that does not lead a verb', () => {
    expect(behaviours('`merge` keeps keys and values of both')).toEqual([
      '`merge` keeps keys and values of both'
    ])
  })
})

describe('cases of a test item', () => {
  it('are each "for" alternative and each comma part, with the subject named first', () => {
    expect(
      caseParts('`round_price` for an exclusive entry and an inclusive entry, rounding half up')
    ).toEqual([
      '`round_price` for an exclusive entry',
      '`round_price` for an inclusive entry',
      '`round_price` rounding half up'
    ])
  })

  it('keep a part that names its own code', () => {
    expect(caseParts('`a` returns 1, `b` returns 2')).toEqual(['`a` returns 1', '`b` returns 2'])
    // A comma inside code is the code's own.
    expect(caseParts('`checkout(cart, "EUR")` returns `"Paid 0 EUR"`')).toEqual([
      '`checkout(cart, "EUR")` returns `"Paid 0 EUR"`'
    ])
  })
})

describe('whether a sentence says what its subject does', () => {
  it('is so when the action verb has no other code name for its subject', () => {
    expect(actsItself('`load_config` returns a dict', 'load_config')).toBe(true)
    expect(actsItself('It returns a dict', undefined)).toBe(true)
  })

  it('is not so when another code name is the one acting', () => {
    expect(actsItself('Cache the dict that `load_config` returns', 'Settings')).toBe(false)
  })

  it('is not so without an action verb, or when the verb is inside a code span', () => {
    expect(actsItself('Only when `debug` is set', 'debug')).toBe(false)
    expect(actsItself('Call `returns_none` first', undefined)).toBe(false)
  })
})

describe('the patterns', () => {
  it('CURRENT marks how the code behaves before the phase', () => {
    expect(CURRENT.test('Today `load` reads the file twice.')).toBe(true)
    expect(CURRENT.test('`load` reads the file once.')).toBe(false)
  })

  it('GENERIC_LABEL and GENERIC_LEAD mark text that only says "these are tests"', () => {
    expect(GENERIC_LABEL.test('Unit tests')).toBe(true)
    expect(GENERIC_LABEL.test('Tests for the cache')).toBe(false)
    expect('**Tests:** `load` returns 1'.replace(GENERIC_LEAD, '').trim()).toBe('`load` returns 1')
    expect(GENERIC_LEAD.test('`load` returns 1')).toBe(false)
  })
})

describe('a test name’s words', () => {
  it('start with the subject’s word unless they already do', () => {
    expect(subjectFirst('Api.resolve', ['by', 'alias'])).toEqual(['resolve', 'by', 'alias'])
    expect(subjectFirst('Api.resolve', ['resolve', 'by', 'alias'])).toEqual(['resolve', 'by', 'alias'])
    expect(subjectFirst('PriceBook.__init__', ['rejects', 'negative'])).toEqual([
      'price_book',
      'rejects',
      'negative'
    ])
  })

  it('stay as they are without a subject or without words', () => {
    expect(subjectFirst(undefined, ['loads'])).toEqual(['loads'])
    expect(subjectFirst('load', [])).toEqual([])
  })
})

describe('words of a bold label', () => {
  it('leave out the act of testing, and give way to the behaviour the text states after such a label', () => {
    expect(
      labelWords('Validate Caching', '**Validate Caching**: Check that `ttl=0` disables the cache')
    ).toEqual(['ttl', '0', 'disables', 'cache'])
    expect(
      labelWords(
        'Error Scenario Testing',
        '**Error Scenario Testing**: Test error handling when the store fails'
      )
    ).toEqual(['error', 'handling', 'when', 'store', 'fails'])
    // Without a statement of what must hold, the label is the name, less "Testing".
    expect(
      labelWords('Provider Setup Testing', '**Provider Setup Testing**: Test with one and with two providers')
    ).toEqual(['provider', 'setup'])
    // A label that names what is tested stays whole.
    expect(
      labelWords('Empty model lists', '**Empty model lists**: Test behaviour when the list is empty')
    ).toEqual(['empty', 'model', 'lists'])
  })
})

/** Test names that read as the behaviour they check, made only of the master plan's words. */
import { describe, expect, it } from '@jest/globals'
import { behaviourWords, describe as describeTest, flat } from '../../../src/analysis/test-names.js'
import { python } from '../../../src/grounding/python/index.js'

const name = (subject: string, text: string): string =>
  python.testName([subject, ...behaviourWords(text, subject)])

describe('behaviour words', () => {
  it('say the verb of the subject and the shortest condition the item gives', () => {
    expect(
      name(
        'valid_scoped_models',
        'Check if `self.cached_valid_scoped_models` is not `None` and return cached results if available'
      )
    ).toBe('test_valid_scoped_models_returns_cached_results_when_available')
    expect(name('valid_scoped_models', 'If cache is empty, generate fresh results and store them')).toBe(
      'test_valid_scoped_models_generates_fresh_results_when_cache_empty'
    )
    expect(name('valid_scoped_models', 'Return the cached list when `self._cache` is set')).toBe(
      'test_valid_scoped_models_returns_cached_list_when_cache_set'
    )
  })

  it('leave out the file a behaviour lives in, as code or as plain text', () => {
    expect(name('run', 'Change `run()` in `pkg/app.py` to return `helper()` only.')).toBe(
      'test_run_returns_helper_only'
    )
    expect(name('load', 'Read the thresholds from config/limits.yaml and return them')).not.toMatch(
      /limits_yaml|config_limits|_yaml/
    )
    // Dotted code that is no file keeps its last part.
    expect(name('total', 'Return `order.subtotal` plus tax')).toContain('subtotal')
  })

  it('keep a noun a noun when a verb follows it, and never end mid-phrase', () => {
    expect(name('discover_models', 'Cache remains valid until the next `discover_models()` operation')).toBe(
      'test_discover_models_cache_remains_valid'
    )
    expect(name('lookup', 'Cache invalidation occurs at the start of the method')).toBe(
      'test_lookup_cache_invalidation_occurs_start'
    )
  })

  it('leave out a bold label, a lead-in, kind words and dunder names', () => {
    expect(
      name(
        'discover_models',
        '**Cache Invalidation Strategy**: Invalidate cache when `discover_models()` is run'
      )
    ).toBe('test_discover_models_invalidates_cache_when_run')
    expect(name('cached', 'Add `cached` instance variable initialized to `None` in `__init__`')).toBe(
      'test_cached_initialized_to_none'
    )
    expect(
      name('parse_reading', 'In this phase `parse_reading` returns the level relative to chart datum')
    ).toBe('test_parse_reading_returns_level_relative_to_chart_datum')
  })

  it('take the clause that says what the subject does over one that restates a signature or a type', () => {
    expect(
      name(
        'command_handler',
        'Change `CommandHandler.__init__` to `(self, api, manager, model=None)` and store `self.manager`.'
      )
    ).toBe('test_command_handler_stores_manager')
    expect(
      name(
        'api',
        'Change `Api.__init__` to take `manager: Registry` as its first parameter instead of `providers`'
      )
    ).toBe('test_api_takes_manager_first_parameter_instead_of_providers')
  })

  it('keep the prepositions inside a phrase, and leave out words that only say it is right', () => {
    expect(name('router', 'Routes requests properly to the fallback handler')).toBe(
      'test_router_routes_requests_to_fallback_handler'
    )
    expect(name('config', 'Loading still works as expected with an empty file')).toBe(
      'test_config_loading_still_works_with_empty_file'
    )
  })
})

describe('an expected result as the table shows it', () => {
  it('is the item on one line, without the task box that says whether it is done', () => {
    expect(flat('[ ] `checkout(cart, "EUR")` returns\n  `"Paid 0 EUR"`')).toBe(
      '`checkout(cart, "EUR")` returns `"Paid 0 EUR"`'
    )
    expect(flat('[x] done')).toBe('done')
    expect(flat('a [ ] box inside stays')).toBe('a [ ] box inside stays')
  })
})

describe('what a test the master plan names must show', () => {
  it('is the rest of its table row, without the table’s bars', () => {
    expect(
      describeTest('| `test_format_money` | `format_money(1)` is `"$1.00"` | unit |', 'test_format_money', [
        'test_format_money'
      ])
    ).toBe('`format_money(1)` is `"$1.00"` — unit')
  })
})

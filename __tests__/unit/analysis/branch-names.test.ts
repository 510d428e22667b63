/** Test names for the branches of a code sample's function: what it does and when, in the sample's words. */
import { describe, expect, it } from '@jest/globals'
import { branchPhrase, phraseWords } from '../../../src/analysis/branch-names.js'
import type { Branch, SampleFunction } from '../../../src/grounding/language.js'

const arm = (kind: Branch['kind'], condition: string, outcome: string, terminal = true): Branch => ({
  kind,
  condition,
  outcome,
  terminal
})
const fn = (name: string, ...branches: Branch[]): SampleFunction => ({ name, params: [], branches })
/** The words of each branch of a function, joined the way a test name joins them. */
const names = (sample: SampleFunction): string[] =>
  sample.branches.map(branch => {
    const phrase = branchPhrase(branch, sample)
    return phrase ? phraseWords(phrase).join('_') : '(none)'
  })

describe('branch phrases', () => {
  it('say a call handed on to another object of the same name as delegating to it, if and else', () => {
    const route = fn(
      'Router.handle',
      arm('if', 'self.choose_primary(request)', 'return self.primary.handle(request)'),
      arm('else', 'else', 'return self.fallback.handle(request)')
    )
    expect(names(route)).toEqual([
      'delegates_to_primary_when_choose_primary_true',
      'delegates_to_fallback_when_choose_primary_false'
    ])
  })

  it('negate the one condition before the main path, reading symbols, literals and comparisons as words', () => {
    const label = fn(
      'label',
      arm('if', "':' in code", 'return f"{region} zone"'),
      arm('path', 'otherwise', 'return "Zone"')
    )
    expect(names(label)).toEqual([
      'returns_region_zone_when_colon_in_code',
      'returns_zone_when_no_colon_in_code'
    ])
    const size = fn(
      'size',
      arm('if', 'len(items) >= 10', 'return True'),
      arm('path', 'otherwise', 'return False')
    )
    expect(names(size)).toEqual([
      'returns_true_when_items_len_at_least_10',
      'returns_false_when_items_len_below_10'
    ])
  })

  it('say None tests as set or none, and a predicate or a state with "not", a noun with "no"', () => {
    const cached = fn(
      'rates',
      arm('if', 'self._cache is not None', 'return self._cache'),
      arm('else', 'else', 'return {}')
    )
    expect(names(cached)).toEqual(['returns_cache_when_cache_set', 'returns_empty_dict_when_cache_none'])
    expect(names(fn('f', arm('if', 'is_ready', 'return 1'), arm('else', 'else', 'return 2')))).toEqual([
      'returns_1_when_is_ready',
      'returns_2_when_not_ready'
    ])
    expect(names(fn('f', arm('if', 'enabled', 'return 1'), arm('else', 'else', 'return 2')))).toEqual([
      'returns_1_when_enabled',
      'returns_2_when_not_enabled'
    ])
    expect(
      names(fn('f', arm('if', 'not rows', "return ''"), arm('path', 'otherwise', 'return rows[0]')))
    ).toEqual(['returns_empty_string_when_no_rows', 'returns_rows_when_rows'])
  })

  it('say what a generator, an exception handler and a raise do', () => {
    const complete = fn(
      'complete',
      arm('if', 'size < 2 and not event.forced', 'return'),
      arm('except', 'except (KeyError, ValueError)', 'return'),
      arm('path', 'otherwise', 'yield Completion(text)')
    )
    expect(names(complete)).toEqual([
      'yields_nothing_when_size_below_2_and_not_forced',
      'yields_nothing_on_key_error',
      'yields_completion_otherwise'
    ])
    expect(names(fn('check', arm('if', 'not name', 'raise errors.ConfigError("x")')))).toEqual([
      'raises_config_error_when_no_name'
    ])
    expect(names(fn('stop', arm('if', 'done', 'return')))).toEqual(['returns_none_when_done'])
  })

  it('keep the clauses of a condition apart, so a name over budget can keep the first', () => {
    const phrase = branchPhrase(
      arm('if', 'a == 1 or b', 'return x'),
      fn('f', arm('if', 'a == 1 or b', 'return x'))
    )
    expect(phrase && phraseWords(phrase, 1)).toEqual(
      ['returns_x', 'when', 'a', 'is', '1'].join('_').split('_')
    )
    expect(phrase && phraseWords(phrase).join('_')).toBe('returns_x_when_a_is_1_or_b')
  })

  it('give no phrase for a condition that reads as no words, so the name made of the subject stays', () => {
    const odd = fn('f', arm('if', 'x[0] + y[1] > z()', 'return 1'))
    expect(branchPhrase(odd.branches[0] as Branch, odd)).toBeUndefined()
  })
})

describe('branch phrases of harder code', () => {
  it('keep the readable clauses before one that reads as no words, and say built values by their kind', () => {
    const cached = fn(
      'load',
      arm(
        'if',
        '(not force and self._rows and time.time() - self._at < ttl)',
        'return [r for r in self._rows]'
      ),
      arm('path', 'otherwise', 'return cls(rows)')
    )
    expect(names(cached)).toEqual(['returns_list_when_no_force_and_rows', 'returns_instance_otherwise'])
    expect(names(fn('health', arm('path', 'always', 'return {"status": "ok"}')))).toEqual(['returns_status'])
  })
})

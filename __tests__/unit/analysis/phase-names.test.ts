/** The names a phase cites, read as Python: receivers, names Python provides, and class-like words. */
import {
  classWords,
  isLanguageName,
  languageNames,
  withoutReceiver
} from '../../../src/analysis/phase-names.js'
import { python } from '../../../src/grounding/python/index.js'
import type { CitedName } from '../../../src/master-plan/names.js'

describe('names reached through a receiver', () => {
  it('are members: `self.cache` is the symbol `cache`, `cls.a.b` is `b`', () => {
    expect(withoutReceiver('self.cache', python)).toBe('cache')
    expect(withoutReceiver('cls.registry.lookup', python)).toBe('lookup')
  })

  it('leave any other dotted name as the master plan wrote it', () => {
    expect(withoutReceiver('app.cache.Cache', python)).toBe('app.cache.Cache')
    expect(withoutReceiver('self', python)).toBe('self')
  })

  it('are read as symbols, not modules; other names keep their kind', () => {
    const cited = (name: string, kind: CitedName['kind']): CitedName => ({
      name,
      kind,
      action: 'change',
      sentence: `Change ${name}.`
    })
    const names = languageNames([cited('self.cache', 'module'), cited('app.cache', 'module')], python)
    expect(names).toEqual([
      { ...cited('self.cache', 'module'), kind: 'symbol' },
      cited('app.cache', 'module')
    ])
  })
})

describe('names Python provides', () => {
  it('are builtins, typing and the standard library, with or without a call', () => {
    for (const name of ['ValueError', 'List', 're', 're.compile', 'len()'])
      expect(isLanguageName(name, python)).toBe(true)
  })

  it('are not the repository’s own names', () => {
    for (const name of ['ProviderManager', 'app.cache', 'resolve_provider()'])
      expect(isLanguageName(name, python)).toBe(false)
  })
})

describe('class-like words of the prose', () => {
  it('are CamelCase words outside code spans and dotted names, each once', () => {
    expect(
      classWords([
        'Update ProviderManager and the ProviderManager tests',
        'Keep `CodeSpan` and app.ModuleName; use HttpClient2'
      ])
    ).toEqual(['ProviderManager', 'HttpClient2'])
  })

  it('are not single capitalised words or acronyms', () => {
    expect(classWords(['Update Cache via HTTP and API'])).toEqual([])
  })
})

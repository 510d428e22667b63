/**
 * Every public master plan in ../shared/corpus parses, and every phase it defines renders with 100%
 * coverage and no leakage. Skipped cleanly on a clone without ../shared.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkDocument, corpusSource, type DocumentCheck } from '../../src/tools/corpus-check.js'
import { PROJECT_ROOT } from '../support/example-repo.js'

const CORPUS = join(PROJECT_ROOT, '..', 'shared', 'corpus')
const documents = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter(name => name.endsWith('.md'))
      .sort()
  : []
const describeCorpus = documents.length > 0 ? describe : describe.skip
const SOURCES = join(CORPUS, 'SOURCES.tsv')

const checks = new Map<string, Promise<DocumentCheck>>()

/** Checks a corpus document as `npm run corpus` does (links to documents of the same repository are read), once. */
function check(name: string): Promise<DocumentCheck> {
  const known = checks.get(name)
  if (known) return known
  const result = run(name)
  checks.set(name, result)
  return result
}

async function run(name: string): Promise<DocumentCheck> {
  const source = corpusSource(existsSync(SOURCES) ? readFileSync(SOURCES, 'utf8') : '', name)
  return checkDocument(name, readFileSync(join(CORPUS, name), 'utf8'), {
    path: source?.path ?? name,
    read: async path => {
      const other = source?.neighbours.get(path)
      return other ? readFileSync(join(CORPUS, other), 'utf8') : undefined
    }
  })
}

describeCorpus('shared corpus of real master plans', () => {
  it.each(documents)('%s: every phase renders completely', async name => {
    const result = await check(name)
    expect(result.errors).toEqual([])
    for (const phase of result.phases) {
      expect({
        id: phase.id,
        coverage: phase.coverage,
        missing: phase.missing,
        leaked: phase.leaked
      }).toEqual({
        id: phase.id,
        coverage: 100,
        missing: [],
        leaked: 0
      })
    }
  })

  it('finds phases in every document that defines them, and says so when one has none', async () => {
    const without: string[] = []
    for (const name of documents) {
      const result = await check(name)
      if (result.phases.length === 0) without.push(name)
      expect(result.listing).toHaveLength(result.phases.length)
    }
    // Corpus 27 is a list of priorities with no phase in it; every other document has phases.
    expect(without).toEqual(documents.filter(name => name.startsWith('27_')))
  })
})

if (documents.length === 0) {
  describe('shared corpus', () => {
    it.skip('is absent on this clone (../shared/corpus): corpus checks skipped', () => undefined)
  })
}

// npm run corpus: every master plan in ../shared/corpus through every phase it defines.
// Prints, per document, the phases found (id, title, status, where and by which rule), then coverage
// min/mean, leakage and errors. Links between documents of the same repository are followed, as the
// action follows them in a checkout (SOURCES.tsv says where each document came from). Exit 1 on any
// shortfall.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const corpus = process.argv[2] ?? join(root, '..', 'shared', 'corpus')
if (!existsSync(corpus)) {
  console.log(`No corpus at ${corpus}: nothing to check.`)
  process.exit(0)
}
const { checkDocument, corpusSource } = await import(join(root, 'build', 'tools', 'corpus-check.js'))
const sourcesFile = join(corpus, 'SOURCES.tsv')
const sources = existsSync(sourcesFile) ? readFileSync(sourcesFile, 'utf8') : ''
let failed = false
const rows = []
for (const file of readdirSync(corpus)
  .filter(name => name.endsWith('.md'))
  .sort()) {
  const source = corpusSource(sources, file)
  const check = await checkDocument(file, readFileSync(join(corpus, file), 'utf8'), {
    path: source?.path ?? file,
    read: async path => {
      const other = source?.neighbours.get(path)
      return other ? readFileSync(join(corpus, other), 'utf8') : undefined
    }
  })
  console.log(`\n${file}${source ? ` (${source.repo}: ${source.path})` : ''}`)
  if (check.listing.length === 0)
    console.log('  no phases: no heading, bold label or index entry names a phase')
  for (const line of check.listing) console.log(`  ${line}`)
  const coverages = check.phases.map(phase => phase.coverage)
  const min = coverages.length ? Math.min(...coverages) : 100
  const mean = coverages.length ? coverages.reduce((a, b) => a + b, 0) / coverages.length : 100
  const leaked = check.phases.reduce((sum, phase) => sum + phase.leaked, 0)
  if (min < 100 || leaked > 0 || check.errors.length > 0) failed = true
  rows.push([
    file,
    check.phases.map(p => p.id).join(',') || '(none)',
    min.toFixed(1),
    mean.toFixed(1),
    leaked,
    check.errors.length,
    check.milliseconds.toFixed(0)
  ])
  for (const phase of check.phases)
    for (const missing of phase.missing) console.log(`  phase ${phase.id} missing ${missing}`)
  for (const error of check.errors) console.log(`  error: ${error}`)
}
console.log('')
const header = ['document', 'phases', 'cov min', 'cov mean', 'leaked', 'errors', 'ms']
console.log(header.join('\t'))
for (const row of rows) console.log(row.join('\t'))
console.log(
  failed ? 'FAIL: some phase is below 100% coverage, leaks, or errored' : `PASS: ${rows.length} documents`
)
process.exit(failed ? 1 : 0)

// npm run cases: our plans for the phases of our own development set (__tests__/fixtures/cases), each a
// small repository before a phase, the same repository after it was implemented, and truth.json (what
// the implementation changed and broke, measured with real pytest by scripts/cases/derive-truth.mjs).
// Measured like `npm run realcases` (recall and precision of the Python files the plan names, coverage,
// run-together titles, needless questions) plus what a known truth allows: broken callers and tests
// listed, nothing listed that does not break, open questions asked and no others, no invented names,
// test names read from the master plan and the repository. See src/tools/case-check.ts.
//
// Usage: node scripts/cases.mjs [--check] [--verbose] [CASE…]   (after `tsc -p tsconfig.build.json`)
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const CASES_DIR = join(ROOT, '__tests__', 'fixtures', 'cases')

export function caseNames() {
  return readdirSync(CASES_DIR)
    .filter(name => existsSync(join(CASES_DIR, name, 'truth.json')))
    .sort()
}

export async function measureCases(names = caseNames()) {
  const { checkCase } = await import(pathToFileURL(join(ROOT, 'build', 'tools', 'case-check.js')).href)
  const rows = []
  for (const name of names) rows.push(await checkCase(join(CASES_DIR, name), name))
  return rows
}

const pct = value => `${Math.round(value)}%`

export function formatCases(rows, { verbose = false } = {}) {
  const header = [
    'case',
    'phase',
    'recall',
    'precision',
    'P touch',
    'callers',
    'tests',
    'wrong',
    'questions',
    'invented',
    'test names',
    'titles',
    'coverage',
    'words',
    'verdict'
  ]
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`]
  for (const row of rows) {
    const { truth } = row
    lines.push(
      `| ${[
        row.name,
        row.phase,
        pct(row.recall),
        pct(row.precision),
        pct(row.touchPrecision),
        `${truth.brokenCallers.length - row.missedCallers.length}/${truth.brokenCallers.length}`,
        `${truth.brokenTests.length - row.missedTests.length}/${truth.brokenTests.length}`,
        row.wrong.length,
        `${row.questions.length} (${row.unexpectedQuestions.length} needless, ${row.unasked.length} unasked)`,
        row.invented.length,
        `${row.badTestNames.length} bad`,
        `${row.runTogether.length} run together, ${row.labelTitles.length} labelled`,
        `${row.coverage}%`,
        row.words,
        row.verdict.length === 0 ? 'PASS' : `FAIL: ${row.verdict.join('; ')}`
      ].join(' | ')} |`
    )
  }
  if (verbose) {
    for (const row of rows) {
      lines.push('', `${row.name} (phase ${row.phase}): ${row.truth.description}`)
      lines.push(`  names ${row.named.join(', ') || '(none)'}`)
      const list = (label, items) => {
        if (items.length > 0) lines.push(`  ${label}: ${items.join(' | ')}`)
      }
      list('missed', row.missed)
      list('extra', row.extra)
      list('callers not listed', row.missedCallers)
      list('tests not listed', row.missedTests)
      list('listed but not broken', row.wrong)
      list('needless questions', row.unexpectedQuestions)
      list('not asked', row.unasked)
      list('about known names', row.needless)
      list('invented', row.invented)
      list('bad test names', row.badTestNames)
      list('run-together titles', row.runTogether)
      list('titles repeating the phase label', row.labelTitles)
      list('test modules named after the phase', row.phaseModules)
    }
  }
  const failed = rows.filter(row => row.verdict.length > 0).length
  lines.push(
    '',
    failed === 0
      ? 'PASS: every case meets every target'
      : `FAIL: ${failed} of ${rows.length} cases miss a target`
  )
  return lines.join('\n')
}

const invokedDirectly = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]
if (invokedDirectly) {
  const args = process.argv.slice(2)
  const only = args.filter(arg => !arg.startsWith('--'))
  const rows = await measureCases(only.length > 0 ? only : caseNames())
  console.log(formatCases(rows, { verbose: args.includes('--verbose') }))
  process.exit(args.includes('--check') && rows.some(row => row.verdict.length > 0) ? 1 : 0)
}

// npm run realcases: our plans for the phases of ../shared/realcases, next to the plans an LLM wrote for the
// same phases, measured the same way against the files the real implementation changed (cases.tsv).
//
// Per phase and for both plans: recall and precision of the Python files the plan names, words, the share
// of words specific to the phase, clarification items about names any Python developer resolves, run-
// together step titles; for ours also the coverage of the phase's own content. How each is read is
// documented in scripts/realcases/measure.mjs.
//
// Usage: node scripts/realcases.mjs [--check] [--verbose] [SHARED_DIR]   (after `tsc -p tsconfig.build.json`)
// --check exits 1 when a phase misses a target; --verbose lists the files behind each recall/precision.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  clarificationItems,
  importedNames,
  namedPythonFiles,
  needlessClarifications,
  recallPrecision,
  runTogetherTitles,
  stepTitles,
  touchedPythonFiles
} from './realcases/measure.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const PLAN_PATH = '.plan-phase-realcases/plan-{phase}.md'
const STATUS_PATH = '.plan-phase-realcases/status-{phase}.md'

export const TARGETS = {
  recall: 95,
  precision: 60,
  /** Our words at most this many times the reference plan's. */
  wordsRatio: 1.5,
  needlessClarifications: 0,
  runTogetherTitles: 0,
  coverage: 100
}

function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
}

function readCases(dir) {
  return readFileSync(join(dir, 'cases.tsv'), 'utf8')
    .split('\n')
    .filter(line => line.trim() !== '' && !line.startsWith('#'))
    .map(line => {
      const [phase, tag, masterPlan, files] = line.split('\t')
      return { phase, tag, masterPlan, truth: files.trim().split(/\s+/).filter(Boolean).sort() }
    })
}

/** Our plan for one phase, from the CLI as built in build/ (the same core as the action). */
function ourPlan(repo, phase, masterPlan) {
  const run = spawnSync(
    process.execPath,
    [
      existsSync(join(ROOT, 'build', 'cli-entry.js'))
        ? join(ROOT, 'build', 'cli-entry.js')
        : join(ROOT, 'build', 'cli.js'),
      phase,
      '--repo',
      repo,
      '--master-plan',
      masterPlan,
      '--plan-path',
      PLAN_PATH,
      '--status-path',
      STATUS_PATH,
      '--no-gate',
      '--dry-run'
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
  )
  if (run.status !== 0) throw new Error(`plan-phase ${phase} failed (${run.status}): ${run.stderr}`)
  const planPath = PLAN_PATH.replace('{phase}', phase)
  const statusPath = STATUS_PATH.replace('{phase}', phase)
  if (!run.stdout.includes(`<!-- ${planPath} -->`))
    throw new Error(`plan-phase ${phase} printed no plan (is build/ current?): ${run.stderr.slice(-500)}`)
  const open = `<!-- ${planPath} -->\n`
  const close = `\n<!-- ${statusPath} -->\n`
  const text = run.stdout.slice(run.stdout.indexOf(open) + open.length, run.stdout.indexOf(close))
  const coverage = Number(/coverage: ([\d.]+)%/.exec(run.stderr)?.[1] ?? NaN)
  return { text, coverage }
}

function measurePlan(text, context) {
  const { focus } = context
  const named = namedPythonFiles(text, context.repoFiles)
  const items = clarificationItems(text)
  const touched = touchedPythonFiles(text)
  return {
    ...recallPrecision(named, context.truth),
    named,
    // Our plans only: the files Step 3 lists as touched (read-only context apart).
    ...(touched.length > 0 ? { touch: { files: touched, ...recallPrecision(touched, context.truth) } } : {}),
    words: focus.wordCount(text),
    specific: focus.phaseSpecificShare(text, context.terms),
    clarifications: items.length,
    needless: needlessClarifications(items, context.knownName, context.imported),
    runTogether: runTogetherTitles(stepTitles(text), context.unitTexts)
  }
}

/** Undefined when the shared folder (a fresh clone has none) holds no real cases. */
export async function measureRealcases({ shared = join(ROOT, '..', 'shared'), log = () => {} } = {}) {
  const dir = join(shared, 'realcases')
  if (!existsSync(join(dir, 'cases.tsv'))) return undefined
  const { buildModel } = await import(pathToFileURL(join(ROOT, 'build', 'master-plan', 'outline.js')).href)
  const { phaseContent } = await import(
    pathToFileURL(join(ROOT, 'build', 'master-plan', 'phase-content.js')).href
  )
  const { python } = await import(pathToFileURL(join(ROOT, 'build', 'grounding', 'index.js')).href)
  const focus = await import(pathToFileURL(join(ROOT, 'build', 'analysis', 'focus.js')).href)
  const bundle = readdirBundle(dir)
  const scratch = mkdtempSync(join(tmpdir(), 'plan-phase-realcases-'))
  const repo = join(scratch, 'repo')
  try {
    git(scratch, 'clone', '-q', bundle, repo)
    const rows = []
    for (const entry of readCases(dir)) {
      log(`phase ${entry.phase} (${entry.tag})`)
      git(repo, 'checkout', '-q', '-f', entry.tag)
      git(repo, 'clean', '-qfdx')
      const repoFiles = git(repo, 'ls-files', '-z').split('\0').filter(Boolean)
      const pythonTexts = repoFiles
        .filter(file => file.endsWith('.py'))
        .map(file => readFileSync(join(repo, file), 'utf8'))
      const masterText = readFileSync(join(repo, entry.masterPlan), 'utf8')
      const content = phaseContent(buildModel(masterText), entry.phase, entry.masterPlan)
      const unitTexts = content.units.map(unit => unit.text)
      const context = {
        truth: entry.truth,
        repoFiles,
        terms: focus.phaseTerms(unitTexts),
        unitTexts,
        focus,
        knownName: name => python.knownName(name),
        imported: importedNames(pythonTexts)
      }
      const ours = ourPlan(repo, entry.phase, entry.masterPlan)
      const referenceFile = join(dir, 'reference', `phase_${entry.phase}_execution_plan.md`)
      const reference = existsSync(referenceFile)
        ? measurePlan(readFileSync(referenceFile, 'utf8'), context)
        : undefined
      rows.push({
        phase: entry.phase,
        truth: entry.truth,
        ours: { ...measurePlan(ours.text, context), coverage: ours.coverage },
        reference
      })
    }
    return { rows: rows.map(row => ({ ...row, verdict: verdict(row) })) }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

function readdirBundle(dir) {
  const bundle = readdirSync(dir).find(name => name.endsWith('.bundle'))
  if (!bundle) throw new Error(`no .bundle in ${dir}`)
  return join(dir, bundle)
}

/** Which targets a phase misses (empty: it meets them all). */
function verdict({ ours, reference }) {
  const misses = []
  if (ours.recall < TARGETS.recall) misses.push(`recall ${pct(ours.recall)} < ${TARGETS.recall}%`)
  if (ours.precision < TARGETS.precision)
    misses.push(`precision ${pct(ours.precision)} < ${TARGETS.precision}%`)
  if (reference && ours.words > TARGETS.wordsRatio * reference.words)
    misses.push(`words ${ours.words} > ${TARGETS.wordsRatio}× ${reference.words}`)
  if (ours.needless.length > TARGETS.needlessClarifications)
    misses.push(`${ours.needless.length} needless clarification(s)`)
  if (ours.runTogether.length > TARGETS.runTogetherTitles)
    misses.push(`${ours.runTogether.length} run-together title(s)`)
  if (!(ours.coverage >= TARGETS.coverage)) misses.push(`coverage ${ours.coverage}%`)
  return misses
}

const pct = value => `${Math.round(value)}%`

export function formatReport({ rows }, { verbose = false } = {}) {
  const header = [
    'phase',
    'R ours',
    'R ref',
    'P ours',
    'P ref',
    'P touch ours',
    'words ours',
    'words ref',
    'ratio',
    'specific ours',
    'specific ref',
    'needless clar. ours/ref',
    'run-together ours/ref',
    'coverage',
    'verdict'
  ]
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`]
  for (const { phase, ours, reference: ref, verdict: misses } of rows) {
    lines.push(
      `| ${[
        phase,
        pct(ours.recall),
        ref ? pct(ref.recall) : '—',
        pct(ours.precision),
        ref ? pct(ref.precision) : '—',
        ours.touch ? pct(ours.touch.precision) : '—',
        ours.words,
        ref?.words ?? '—',
        ref ? `${(ours.words / ref.words).toFixed(2)}×` : '—',
        pct(ours.specific),
        ref ? pct(ref.specific) : '—',
        `${ours.needless.length}/${ref?.needless.length ?? '—'}`,
        `${ours.runTogether.length}/${ref?.runTogether.length ?? '—'}`,
        `${ours.coverage}%`,
        misses.length === 0 ? 'PASS' : `FAIL: ${misses.join('; ')}`
      ].join(' | ')} |`
    )
  }
  const sum = (pick, side) => rows.reduce((total, row) => total + (row[side] ? pick(row[side]) : 0), 0)
  const micro = side => {
    const named = sum(plan => plan.named.length, side)
    const hits = sum(plan => plan.named.length - plan.extra.length, side)
    const truth = rows.reduce((total, row) => total + row.truth.length, 0)
    return `recall ${pct((100 * hits) / truth)}, precision ${pct(named ? (100 * hits) / named : 0)}, ${Math.round(sum(plan => plan.words, side) / rows.length)} words per plan`
  }
  lines.push('', `All phases — ours: ${micro('ours')}; reference: ${micro('reference')}.`)
  lines.push(
    `Targets per phase (ours): recall ≥ ${TARGETS.recall}%, precision ≥ ${TARGETS.precision}%, words ≤ ${TARGETS.wordsRatio}× the reference's, ` +
      `${TARGETS.needlessClarifications} clarification items about builtins/typing/stdlib/imported names, ${TARGETS.runTogetherTitles} run-together titles, coverage ${TARGETS.coverage}%.`
  )
  if (verbose) {
    for (const { phase, truth, ours, reference: ref } of rows) {
      lines.push('', `phase ${phase}: changed ${truth.join(', ')}`)
      for (const [label, plan] of [
        ['ours', ours],
        ['ref', ref]
      ]) {
        if (!plan) continue
        lines.push(
          `  ${label}: names ${plan.named.join(', ') || '(none)'}; missed ${plan.missed.join(', ') || '—'}; extra ${plan.extra.join(', ') || '—'}`
        )
        if (plan.touch)
          lines.push(
            `  ${label} Step 3 touches: ${plan.touch.files.join(', ')}; extra ${plan.touch.extra.join(', ') || '—'}`
          )
        for (const item of plan.needless) lines.push(`  ${label} needless: ${item}`)
        for (const title of plan.runTogether) lines.push(`  ${label} run-together: ${title}`)
      }
    }
  }
  const failed = rows.filter(row => row.verdict.length > 0).length
  lines.push(
    '',
    failed === 0
      ? 'PASS: every phase meets every target'
      : `FAIL: ${failed} of ${rows.length} phases miss a target`
  )
  return lines.join('\n')
}

const invokedDirectly = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]
if (invokedDirectly) {
  const args = process.argv.slice(2)
  const shared = args.find(arg => !arg.startsWith('--'))
  const result = await measureRealcases({
    ...(shared ? { shared } : {}),
    log: text => process.stderr.write(`  · ${text}\n`)
  })
  if (!result) {
    console.log('No real cases (../shared/realcases/cases.tsv): nothing to measure.')
    process.exit(0)
  }
  console.log(formatReport(result, { verbose: args.includes('--verbose') }))
  const failed = result.rows.some(row => row.verdict.length > 0)
  process.exit(args.includes('--check') && failed ? 1 : 0)
}

// Repository scan: list the files of a 5,500-file git work tree and ground a phase's references in it,
// in this process; and what it reads.
import { log, ms, report, spread, stats } from './measure.mjs'

export async function repositoryScan(bench) {
  const { support, built, tempDir } = bench
  const { generateSyntheticRepo } = await support('synthetic-repo.js')
  const { groundReferences, python } = await built('grounding/index.js')
  const { listRepositoryFiles, repositoryReader } = await built('adapters/repository-files.js')
  const isPythonPath = path => python.isSourcePath(path)
  const isTestPath = path => python.isTestPath(path)
  const dir = tempDir('scan')
  const generated = performance.now()
  const synthetic = generateSyntheticRepo(dir, { sourceFiles: 5000, testFiles: 500, git: true })
  log(`generated 5,000 + 500 files in ${ms(performance.now() - generated)}`)
  const scan = async references => {
    const reads = []
    const reader = repositoryReader(dir)
    const repo = await listRepositoryFiles(dir)
    const grounding = await groundReferences(repo, references, file => {
      reads.push(file)
      return reader(file)
    })
    return { repo, grounding, reads }
  }
  await scan(synthetic.references)
  const walls = []
  let last
  for (let i = 0; i < bench.runs; i++) {
    const started = performance.now()
    last = await scan(synthetic.references)
    walls.push(performance.now() - started)
  }
  const { repo, grounding, reads } = last
  const wall = stats(walls)
  const unique = new Set(reads)
  const pythonFiles = repo.files.filter(isPythonPath)
  const nonPython = reads.filter(file => !isPythonPath(file))
  const located = grounding.symbols.filter(symbol => symbol.definitions.length > 0).length
  report(
    'repository scan: list files + ground references (5,000 modules + 500 tests, git work tree)',
    `${spread(wall, ms)} wall; ${repo.files.length} files listed, ${pythonFiles.length} .py, ` +
      `${located}/${grounding.symbols.length} symbols located, ${grounding.files.length} files grounded`,
    '≤ 1 s (median wall)',
    wall.median <= 1000
  )
  const narrow = await scan({ ...synthetic.references, symbols: [] })
  const tests = narrow.repo.files.filter(isTestPath).length
  const referenced = narrow.grounding.files.filter(fact => fact.exists && !fact.isDirectory).length
  const narrowUnique = new Set(narrow.reads).size
  report(
    'repository scan reads only what it needs',
    `with symbols to locate: ${reads.length} reads of ${unique.size} files (${nonPython.length} not .py); ` +
      `files and modules only: ${narrow.reads.length} reads of ${narrowUnique} files = ${tests} tests + ${referenced} referenced files`,
    'each file read at most once, only .py, and without symbols only tests + referenced files',
    unique.size === reads.length &&
      nonPython.length === 0 &&
      unique.size <= pythonFiles.length &&
      narrowUnique === narrow.reads.length &&
      narrow.reads.length <= tests + referenced
  )
}

// Gate overhead: a pytest suite run directly, and the same suite through runGate (argv, JUnit report
// requested, written and parsed), in interleaved pairs. Decided on the median of the round-by-round
// differences in CPU time (the bench's own plus the children it waited for): back-to-back rounds share
// the machine's load, so their difference is what the gate adds. The spread of those differences is
// printed: it is the noise the verdict sits in.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cleanEnv } from './runtime.mjs'
import { ms, pairs, report, spread, stats, timedSpawn } from './measure.mjs'

function writeSuite(dir, files, testsPerFile) {
  mkdirSync(join(dir, 'tests'), { recursive: true })
  writeFileSync(join(dir, 'tests', '__init__.py'), '')
  for (let f = 0; f < files; f++) {
    const body = ['"""Generated fast tests for the gate benchmark."""', 'import pytest', '']
    for (let t = 0; t < testsPerFile - 2; t++)
      body.push('', `def test_case_${f}_${t}():`, `    assert sum(range(${t})) == ${(t * (t - 1)) / 2}`, '')
    body.push(
      '',
      '@pytest.mark.parametrize("value", [1, 2])',
      `def test_param_${f}(value):`,
      '    assert value in (1, 2)',
      ''
    )
    writeFileSync(join(dir, 'tests', `test_generated_${String(f).padStart(2, '0')}.py`), body.join('\n'))
  }
  return files * testsPerFile
}

/** CPU milliseconds so far: this process's own, plus every child it has waited for (Linux /proc). */
function cpuNow() {
  const own = process.cpuUsage()
  let children = 0
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    children = (Number(fields[13]) + Number(fields[14])) * 10
  } catch {
    // Not Linux: own CPU only.
  }
  return (own.user + own.system) / 1000 + children
}

async function measured(work) {
  const cpu = cpuNow()
  const started = performance.now()
  await work()
  return { wall: performance.now() - started, cpu: cpuNow() - cpu }
}

export async function gateOverhead(bench) {
  const { built, tempDir } = bench
  const { runGate } = await built('gate/run-gate.js')
  const { parseTestCommand } = await built('gate/command.js')
  const { childEnvironment } = await built('gate/environment.js')
  const { createLocalExec } = await built('adapters/local-exec.js')
  const { silentReporter } = await built('reporter.js')
  const dir = tempDir('gate')
  const total = writeSuite(dir, 20, 20)
  const command = 'python3 -m pytest -q -p no:cacheprovider'
  const argv = parseTestCommand(command)
  const temp = tempDir('gate-temp')
  const seen = new Set()
  // The environment the gate gives the suite, built from the bench's clean one, on both sides.
  const base = cleanEnv(tempDir('home'))
  const env = childEnvironment(base)
  const exec = createLocalExec()
  const direct = () =>
    measured(async () => {
      const run = await timedSpawn(argv[0], argv.slice(1), { cwd: dir, env })
      if (run.code !== 0) throw new Error(`pytest failed when run directly: ${run.stdout.slice(-500)}`)
    })
  const gated = () =>
    measured(async () => {
      const gate = await runGate(
        { command, cwd: dir, timeoutMinutes: 10, tempDir: temp, env: base },
        exec,
        silentReporter
      )
      seen.add(`${gate.status} ${gate.passed}/${gate.total} from ${gate.source}`)
    })
  const [plain, through] = await pairs(bench.startRounds, direct, gated)
  const differences = stats(through.map((row, i) => row.cpu - plain[i].cpu))
  const wallDifferences = stats(through.map((row, i) => row.wall - plain[i].wall))
  const plainCpu = stats(plain.map(row => row.cpu))
  const allowed = plainCpu.median * 0.03 + 50
  const expected = `passed ${total}/${total} from junit`
  const valid = seen.size === 1 && seen.has(expected)
  const signed = value => `${value >= 0 ? '+' : ''}${ms(value)}`
  report(
    `gate overhead: pytest suite of ${total} tests, direct vs through runGate (JUnit report written and parsed)`,
    `CPU ${spread(differences, signed)} per round (${((differences.median / plainCpu.median) * 100).toFixed(1)}% of the suite's ${ms(plainCpu.median)}); ` +
      `wall ${spread(wallDifferences, signed)}; ${[...seen].join(', ')}`,
    `median CPU difference ≤ 3% + 50 ms = ${ms(allowed)}, gate ${expected}`,
    valid && differences.median <= allowed
  )
}

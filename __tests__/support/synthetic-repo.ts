/** Writes a synthetic Python repository (package + mirrored pytest tree) for grounding tests and benchmarks. */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import type { References } from '../../src/grounding/index.js'

export interface SyntheticRepoOptions {
  sourceFiles: number
  testFiles: number
  /** Also `git init` and commit everything (default false). */
  git?: boolean
}

export interface SyntheticModule {
  path: string
  module: string
  className: string
  classLine: number
  methodLine: number
  functionName: string
  functionLine: number
  constantName: string
  constantLine: number
  /** Test files that import or mention this module. */
  tests: string[]
  /** Of those, the ones that mention the class name / the function name. */
  classTests: string[]
  functionTests: string[]
}

export interface SyntheticRepo {
  root: string
  modules: SyntheticModule[]
  testFiles: string[]
  /** A plan-sized set of references: existing and missing files, modules and symbols. */
  references: References
}

const MODULES_PER_PACKAGE = 50
const pad = (n: number): string => String(n).padStart(4, '0')

function write(root: string, file: string, text: string): void {
  const abs = path.join(root, file)
  mkdirSync(path.dirname(abs), { recursive: true })
  writeFileSync(abs, text)
}

function sourceText(i: number, total: number): { text: string; lines: Record<string, number> } {
  const other = (i * 7 + 3) % total
  const lines = [
    `"""Synthetic module ${i}: provider plumbing, generated for grounding benchmarks."""`,
    'from __future__ import annotations',
    '',
    'import logging',
    'from dataclasses import dataclass',
    'from typing import TYPE_CHECKING, Any',
    '',
    'if TYPE_CHECKING:',
    `    from synth.pkg_${pad(Math.floor(other / MODULES_PER_PACKAGE))}.mod_${pad(other)} import Service${pad(other)}`,
    '',
    'logger = logging.getLogger(__name__)',
    `CONSTANT_${pad(i)} = ${i}`,
    '',
    '',
    '@dataclass',
    `class Service${pad(i)}:`,
    `    """Handles requests for shard ${i}."""`,
    '',
    '    name: str = "service"',
    '    retries: int = 3',
    '',
    `    def handle_${pad(i)}(self, payload: dict[str, Any]) -> dict[str, Any]:`,
    '        result = {}',
    '        for key, value in payload.items():',
    '            if value is None:',
    '                continue',
    '            result[key] = self.transform(value)',
    '        return result',
    '',
    '    def transform(self, value: Any) -> Any:',
    '        def inner(v: Any) -> Any:',
    '            return v',
    '        logger.debug("transform %s", value)',
    '        return inner(value)',
    '',
    '    async def close(self) -> None:',
    '        logger.info("closing")',
    '',
    '',
    `def build_${pad(i)}(config: dict[str, Any]) -> Service${pad(i)}:`,
    `    """Builds a service from configuration."""`,
    '    retries = int(config.get("retries", 3))',
    `    return Service${pad(i)}(name=str(config.get("name", "svc")), retries=retries)`,
    ''
  ]
  const at = (prefix: string): number => lines.findIndex(line => line.startsWith(prefix)) + 1
  return {
    text: lines.join('\n'),
    lines: {
      class: at(`class Service${pad(i)}`),
      method: at(`    def handle_${pad(i)}`),
      function: at(`def build_${pad(i)}`),
      constant: at(`CONSTANT_${pad(i)}`)
    }
  }
}

function testText(target: SyntheticModule, variant: number): string {
  const head = [
    '"""Tests generated for grounding benchmarks."""',
    'import pytest',
    'from unittest import mock',
    ''
  ]
  const body =
    variant % 3 === 0
      ? [
          `from ${target.module} import ${target.className}, ${target.functionName}`,
          '',
          '',
          'def test_builds():',
          `    service = ${target.functionName}({"name": "x"})`,
          `    assert isinstance(service, ${target.className})`
        ]
      : variant % 3 === 1
        ? [
            `import ${target.module} as subject`,
            '',
            '',
            'def test_handles():',
            `    assert subject.${target.className}().transform(1) == 1`
          ]
        : [
            '',
            'def test_patched():',
            `    with mock.patch("${target.module}.logger") as log:`,
            `        from ${target.module} import ${target.functionName}`,
            `        ${target.functionName}({})`,
            '        assert log is not None'
          ]
  return [...head, ...body, ''].join('\n')
}

/** Writes `sourceFiles` modules under `synth/` and `testFiles` tests mirrored under `tests/`. */
export function generateSyntheticRepo(dir: string, options: SyntheticRepoOptions): SyntheticRepo {
  const { sourceFiles, testFiles } = options
  const modules: SyntheticModule[] = []
  write(dir, '.gitignore', 'ignored/\n*.log\n')
  write(dir, 'synth/__init__.py', '"""Synthetic package."""\n')
  write(dir, 'ignored/shadow.py', `class Service${pad(0)}:\n    pass\n`)
  for (let i = 0; i < sourceFiles; i++) {
    const pkg = `pkg_${pad(Math.floor(i / MODULES_PER_PACKAGE))}`
    if (i % MODULES_PER_PACKAGE === 0) write(dir, `synth/${pkg}/__init__.py`, '')
    const file = `synth/${pkg}/mod_${pad(i)}.py`
    const { text, lines } = sourceText(i, sourceFiles)
    write(dir, file, text)
    modules.push({
      path: file,
      module: file.replace(/\.py$/, '').split('/').join('.'),
      className: `Service${pad(i)}`,
      classLine: lines.class ?? 0,
      methodLine: lines.method ?? 0,
      functionName: `build_${pad(i)}`,
      functionLine: lines.function ?? 0,
      constantName: `CONSTANT_${pad(i)}`,
      constantLine: lines.constant ?? 0,
      tests: [],
      classTests: [],
      functionTests: []
    })
  }
  write(dir, 'tests/__init__.py', '')
  write(dir, 'tests/conftest.py', 'import pytest\n\n\n@pytest.fixture\ndef payload():\n    return {"a": 1}\n')
  const tests: string[] = []
  for (let t = 0; t < testFiles; t++) {
    const target = modules[Math.floor((t * sourceFiles) / testFiles)]
    if (!target) break
    const file = `tests/${path.posix.dirname(target.path)}/test_mod_${pad(modules.indexOf(target))}_${t}.py`
    write(dir, file, testText(target, t))
    target.tests.push(file)
    if (t % 3 !== 2) target.classTests.push(file)
    if (t % 3 !== 1) target.functionTests.push(file)
    tests.push(file)
  }
  const tested = modules.filter(m => m.tests.length > 0)
  const pool = tested.length >= 10 ? tested : modules
  const pick = (k: number): SyntheticModule =>
    pool[Math.floor((k * (pool.length - 1)) / 9)] as SyntheticModule
  const picked = Array.from({ length: 10 }, (_, k) => pick(k))
  const references: References = {
    files: [...picked.slice(0, 5).map(m => m.path), 'synth/new_router.py', 'synth/pkg_0000/', 'README.md'],
    modules: [...picked.slice(5).map(m => m.module), 'synth.missing_module'],
    symbols: [
      ...picked.flatMap(m => [m.className, m.functionName, `${m.className}.handle_${m.className.slice(-4)}`]),
      `${picked[0]?.module}.${picked[0]?.constantName}`,
      'UnknownThing',
      'Service0000.no_such_method'
    ]
  }
  if (options.git) {
    const git = (...args: string[]): void => {
      execFileSync('git', ['-c', 'user.name=Synth', '-c', 'user.email=synth@example.com', ...args], {
        cwd: dir,
        stdio: 'ignore'
      })
    }
    git('init', '-q')
    git('add', '-A')
    git('commit', '-q', '-m', 'synthetic repository')
  }
  return { root: dir, modules, testFiles: tests, references }
}

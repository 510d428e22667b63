import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import {
  BUILTIN_PATH,
  groundReferences,
  listRepositoryFiles,
  python,
  PYTHON_BUILTINS,
  repositoryReader
} from '../../src/grounding/index.js'
import type { Grounding, TestLayout } from '../../src/grounding/index.js'
import { generateSyntheticRepo } from '../support/synthetic-repo.js'

const temps: string[] = []
afterAll(() => temps.forEach(dir => rmSync(dir, { recursive: true, force: true })))

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'grounding-'))
  temps.push(dir)
  return dir
}

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    stdio: 'ignore'
  })
}

const API = [
  'from __future__ import annotations',
  'from typing import TYPE_CHECKING',
  '',
  'if TYPE_CHECKING:',
  '    from llm_router.provider_manager import ProviderManager',
  '',
  '',
  'class ChatCompletionApi:',
  '    def __init__(self, manager: ProviderManager) -> None:',
  '        self.manager = manager',
  '',
  '    def resolve_provider_for_model(self, model: str) -> str:',
  '        return self.manager.lookup(model)',
  ''
].join('\n')

const PROJECT: Record<string, string> = {
  '.gitignore': 'generated/\n*.log\n',
  'README.md': '# llm router\n',
  'llm_router/__init__.py': '',
  'llm_router/api.py': API,
  'llm_router/provider_manager.py':
    'class ProviderManager:\n    def lookup(self, model):\n        return model\n',
  'llm_router/config.py':
    'DEFAULT_PATH = "config.yaml"\n\n\ndef load_config(path=DEFAULT_PATH):\n    return {}\n',
  'llm_router/providers/__init__.py': '',
  'llm_router/providers/openai.py': 'class OpenAIProvider:\n    pass\n',
  'llm_router/old.py': 'def legacy():\n    pass\n',
  'tests/__init__.py': '',
  'tests/conftest.py': 'import llm_router.providers.openai\n',
  'tests/test_api.py':
    'from llm_router.api import ChatCompletionApi\n\n\ndef test_resolve():\n    assert ChatCompletionApi\n',
  'tests/test_config.py':
    'from llm_router import config\n\n\ndef test_load():\n    assert config.load_config() == {}\n',
  'tests/test_paths.py':
    'SOURCE = "llm_router/provider_manager.py"\n\n\ndef test_exists():\n    assert SOURCE\n',
  'tests/test_patch.py':
    'from unittest import mock\n\n\ndef test_patch():\n    with mock.patch("llm_router.provider_manager.ProviderManager"):\n        pass\n',
  'tests/test_unrelated.py': 'import os\n\nProviderManagerFactory = None\napi = "x"\n'
}

/** A committed git repository with an ignored dir, an untracked file, a deleted file and symlinks. */
function gitProject(): { root: string; outside: string } {
  const root = tempDir()
  const outside = tempDir()
  write(root, PROJECT)
  git(root, 'init', '-q')
  git(root, 'add', '-A')
  git(root, 'commit', '-q', '-m', 'init')
  write(outside, {
    'secret.py': 'class ProviderManager:\n    pass\n',
    'pkg/leak.py': 'class Leak:\n    pass\n'
  })
  write(root, {
    'generated/shadow.py': 'class ProviderManager:\n    pass\n',
    'debug.log': 'log',
    'llm_router/untracked.py': 'def brand_new():\n    pass\n'
  })
  unlinkSync(path.join(root, 'llm_router/old.py'))
  symlinkSync(path.join(outside, 'secret.py'), path.join(root, 'llm_router/secret.py'))
  symlinkSync(path.join(outside, 'pkg'), path.join(root, 'linked_pkg'))
  symlinkSync('../README.md', path.join(root, 'llm_router/README.md'))
  return { root, outside }
}

const fileFact = (grounding: Grounding, file: string) => grounding.files.find(fact => fact.path === file)
const symbolFact = (grounding: Grounding, name: string) => grounding.symbols.find(fact => fact.name === name)

describe('listRepositoryFiles', () => {
  it('uses git: tracked + untracked, without ignored, deleted or outside-pointing symlinks', async () => {
    const { root } = gitProject()
    const { files } = await listRepositoryFiles(root)
    expect(files).toEqual([...files].sort())
    expect(files).toEqual(
      expect.arrayContaining([
        'llm_router/api.py',
        'llm_router/untracked.py',
        'tests/conftest.py',
        'llm_router/README.md'
      ])
    )
    expect(files).not.toContain('llm_router/old.py')
    expect(files).not.toContain('generated/shadow.py')
    expect(files).not.toContain('debug.log')
    expect(files).not.toContain('llm_router/secret.py')
    expect(files.filter(file => file.startsWith('linked_pkg'))).toEqual([])
  })

  it('walks a plain directory, skipping tool dirs and hidden dirs, never following symlinks out', async () => {
    const root = tempDir()
    const outside = tempDir()
    write(outside, { 'secret.py': 'x = 1\n', 'pkg/leak.py': 'y = 2\n' })
    write(root, {
      'app/main.py': 'def main(): pass\n',
      'app/__pycache__/main.cpython-312.pyc': '',
      'node_modules/x/index.js': '',
      '.venv/lib/site.py': '',
      'venv/lib/site.py': '',
      '.tox/py/x.py': '',
      'dist/pkg.whl': '',
      'build/lib/app.py': '',
      '.hidden/cfg.py': '',
      '.flake8': '[flake8]\n',
      'tests/test_main.py': 'from app.main import main\n'
    })
    symlinkSync(path.join(outside, 'secret.py'), path.join(root, 'app/secret.py'))
    symlinkSync(path.join(outside, 'pkg'), path.join(root, 'app/linked'))
    symlinkSync('main.py', path.join(root, 'app/alias.py'))
    const { files } = await listRepositoryFiles(root)
    expect(files).toEqual(['.flake8', 'app/alias.py', 'app/main.py', 'tests/test_main.py'])
  })

  it('refuses to read through a symlink that leaves the root', async () => {
    const { root } = gitProject()
    const read = repositoryReader(root)
    await expect(read('llm_router/secret.py')).rejects.toThrow(/outside|leaves/)
    await expect(read('../escape.py')).rejects.toThrow(/outside/)
    await expect(read('llm_router/README.md')).resolves.toBe('# llm router\n')
  })
})

describe('groundReferences', () => {
  let grounding: Grounding
  const reads = new Map<string, number>()

  beforeAll(async () => {
    const { root } = gitProject()
    const repo = await listRepositoryFiles(root)
    const read = repositoryReader(root)
    grounding = await groundReferences(
      repo,
      {
        files: [
          'llm_router/api.py',
          './llm_router/provider_manager.py',
          'llm_router/router_v2.py',
          'llm_router/providers/'
        ],
        modules: ['llm_router.config', 'llm_router.providers', 'llm_router.nope', 'llm_router.api'],
        symbols: [
          'ProviderManager',
          'load_config()',
          'ChatCompletionApi.resolve_provider_for_model',
          'ChatCompletionApi.missing_method',
          'llm_router.config.DEFAULT_PATH',
          'resolve_provider_for_model',
          'NotAnywhere',
          'Leak'
        ]
      },
      async file => {
        reads.set(file, (reads.get(file) ?? 0) + 1)
        return read(file)
      }
    )
  })

  it('reads each file at most once', () => {
    expect([...reads.values()].every(count => count === 1)).toBe(true)
    expect(reads.has('llm_router/secret.py')).toBe(false)
  })

  it('marks existing and missing files, with symbols of existing Python files', () => {
    expect(fileFact(grounding, 'llm_router/api.py')).toMatchObject({
      exists: true,
      isDirectory: false,
      module: 'llm_router.api'
    })
    expect(fileFact(grounding, 'llm_router/api.py')?.symbols?.classes[0]).toMatchObject({
      name: 'ChatCompletionApi',
      line: 8,
      methods: [
        { name: '__init__', line: 9 },
        { name: 'resolve_provider_for_model', line: 12 }
      ]
    })
    expect(fileFact(grounding, 'llm_router/api.py')?.symbols?.imports).toContain(
      'llm_router.provider_manager'
    )
    expect(fileFact(grounding, 'llm_router/router_v2.py')).toEqual({
      path: 'llm_router/router_v2.py',
      exists: false,
      isDirectory: false,
      module: 'llm_router.router_v2',
      tests: []
    })
    expect(fileFact(grounding, 'llm_router/providers')).toMatchObject({ exists: true, isDirectory: true })
    expect(grounding.files.filter(fact => fact.path === 'llm_router/api.py')).toHaveLength(1)
  })

  it('resolves modules to files and packages', () => {
    expect(fileFact(grounding, 'llm_router/config.py')?.symbols?.functions).toEqual([
      { name: 'load_config', line: 4, endLine: 5, params: ['path'] }
    ])
    expect(fileFact(grounding, 'llm_router/providers/__init__.py')).toMatchObject({
      exists: true,
      module: 'llm_router.providers'
    })
    expect(fileFact(grounding, 'llm_router/nope.py')).toMatchObject({
      exists: false,
      module: 'llm_router.nope'
    })
  })

  it('finds symbol definitions with kinds and line numbers, ignoring ignored and outside files', () => {
    expect(symbolFact(grounding, 'ProviderManager')?.definitions).toMatchObject([
      { path: 'llm_router/provider_manager.py', line: 1, kind: 'class' }
    ])
    expect(symbolFact(grounding, 'load_config()')?.definitions).toMatchObject([
      { path: 'llm_router/config.py', line: 4, kind: 'function' }
    ])
    expect(symbolFact(grounding, 'ChatCompletionApi.resolve_provider_for_model')?.definitions).toMatchObject([
      { path: 'llm_router/api.py', line: 12, kind: 'method' }
    ])
    expect(symbolFact(grounding, 'resolve_provider_for_model')?.definitions).toMatchObject([
      { path: 'llm_router/api.py', line: 12, kind: 'method' }
    ])
    expect(symbolFact(grounding, 'llm_router.config.DEFAULT_PATH')?.definitions).toMatchObject([
      { path: 'llm_router/config.py', line: 1, kind: 'assignment' }
    ])
    expect(symbolFact(grounding, 'ChatCompletionApi.missing_method')?.definitions).toEqual([])
    expect(symbolFact(grounding, 'NotAnywhere')?.definitions).toEqual([])
    expect(symbolFact(grounding, 'Leak')?.definitions).toEqual([])
  })

  it('finds the tests that import or mention each file', () => {
    expect(fileFact(grounding, 'llm_router/api.py')?.tests).toEqual(['tests/test_api.py'])
    expect(fileFact(grounding, 'llm_router/config.py')?.tests).toEqual(['tests/test_config.py'])
    expect(fileFact(grounding, 'llm_router/provider_manager.py')?.tests).toEqual([
      'tests/test_patch.py',
      'tests/test_paths.py'
    ])
    expect(fileFact(grounding, 'llm_router/providers')?.tests).toEqual(['tests/conftest.py'])
    expect(fileFact(grounding, 'llm_router/router_v2.py')?.tests).toEqual([])
  })

  it('finds the tests that mention each symbol as a whole word', () => {
    expect(symbolFact(grounding, 'ProviderManager')?.tests).toEqual(['tests/test_patch.py'])
    expect(symbolFact(grounding, 'load_config()')?.tests).toEqual(['tests/test_config.py'])
    expect(symbolFact(grounding, 'ChatCompletionApi.resolve_provider_for_model')?.tests).toEqual([])
    expect(symbolFact(grounding, 'NotAnywhere')?.tests).toEqual([])
  })

  it('detects the flat test layout', () => {
    expect(grounding.testLayout).toMatchObject({ testRoot: 'tests', style: 'flat', prefix: 'test_' })
    expect(python.testFileFor('llm_router/provider_manager.py', grounding.testLayout)).toBe(
      'tests/test_provider_manager.py'
    )
  })
})

describe('src layouts and relative imports', () => {
  it('resolves modules and plan paths under src/ and follows relative imports in tests', async () => {
    const root = tempDir()
    write(root, {
      'src/pkg/__init__.py': '',
      'src/pkg/core.py': 'class Engine:\n    async def start(self):\n        pass\n',
      'tests/pkg/__init__.py': '',
      'tests/pkg/helpers.py': 'def make():\n    return 1\n',
      'tests/pkg/test_core.py': 'from .helpers import make\nimport pkg.core\n'
    })
    const repo = await listRepositoryFiles(root)
    const grounding = await groundReferences(repo, {
      files: ['pkg/core.py', 'tests/pkg/helpers.py'],
      modules: ['pkg.core', 'pkg.engine_v2'],
      symbols: ['Engine.start', 'pkg.core.Engine']
    })
    expect(grounding.files.map(fact => [fact.path, fact.exists])).toEqual([
      ['src/pkg/core.py', true],
      ['tests/pkg/helpers.py', true],
      ['src/pkg/engine_v2.py', false]
    ])
    expect(fileFact(grounding, 'src/pkg/core.py')?.tests).toEqual(['tests/pkg/test_core.py'])
    expect(fileFact(grounding, 'tests/pkg/helpers.py')?.tests).toEqual(['tests/pkg/test_core.py'])
    expect(symbolFact(grounding, 'Engine.start')?.definitions).toMatchObject([
      { path: 'src/pkg/core.py', line: 2, kind: 'method' }
    ])
    expect(symbolFact(grounding, 'pkg.core.Engine')?.definitions).toMatchObject([
      { path: 'src/pkg/core.py', line: 1, kind: 'class' }
    ])
  })
})

describe('top-level modules', () => {
  it('counts imports of a one-word module but not the bare word in a test', async () => {
    const root = tempDir()
    write(root, {
      'config.py': 'def load(): pass\n',
      'test_config.py': 'import config\n',
      'test_other.py': 'def test_x(config):\n    assert config\n'
    })
    const grounding = await groundReferences(await listRepositoryFiles(root), {
      files: [],
      modules: ['config'],
      symbols: []
    })
    expect(grounding.files).toEqual([
      expect.objectContaining({ path: 'config.py', exists: true, tests: ['test_config.py'] })
    ])
  })
})

describe('names the plan writes loosely', () => {
  let grounding: Grounding
  const reads = new Map<string, number>()

  beforeAll(async () => {
    const root = tempDir()
    write(root, {
      'llm_router/__init__.py': '',
      'llm_router/api.py': [
        'class ChatCompletionApi:',
        '    registry: dict[str, str] = {}',
        '',
        '    def __init__(self, manager):',
        '        self.manager = manager',
        '        self._providers: dict[str, object] = {}',
        '',
        '    def resolve(self, model):',
        '        return self.manager.resolve(model)',
        ''
      ].join('\n'),
      'llm_router/manager.py': [
        'from dataclasses import dataclass',
        '',
        '',
        '@dataclass',
        'class Settings:',
        '    models: tuple[str, ...] = ()',
        '    name: str',
        '',
        '',
        'class ProviderManager:',
        '    TIMEOUT = 30',
        '',
        '    def __init__(this):',
        '        this.cache = {}',
        '',
        '    def resolve(self, model):',
        '        self.later = model',
        '        return model',
        ''
      ].join('\n'),
      'llm_router/models.py': 'X = 1\n',
      'llm_router/store.py':
        'class Store:\n    def __init__(self, backend):\n        self._backend = backend\n',
      'llm_router/policy.py': 'class Policy:\n    retention_days: int = 7\n',
      'legacy/models.py': 'Y = 2\n',
      'self.py': 'x = 1\n',
      'config.py': 'def load():\n    pass\n',
      'tests/test_api.py':
        'from llm_router.api import ChatCompletionApi\n\n\ndef test_providers():\n    assert ChatCompletionApi(None)._providers == {}\n'
    })
    const read = repositoryReader(root)
    grounding = await groundReferences(
      await listRepositoryFiles(root),
      {
        files: [
          'llm_router/api.py',
          'api.py',
          'router.py',
          'llm_router/router.py',
          'models.py',
          'brand_new.py',
          'config.py'
        ],
        modules: [],
        symbols: [
          'ChatCompletionApi.registry',
          'ChatCompletionApi.manager',
          'Settings.models',
          'models',
          'ProviderManager.cache',
          'ProviderManager.later',
          'self._providers',
          'self.manager.resolve()',
          'cls.TIMEOUT',
          'self.x',
          'self._backend',
          'retention_days',
          'llm_router',
          'config',
          'ValueError',
          'AttributeError',
          'KeyError',
          'dict',
          'len',
          'print()',
          'isinstance'
        ]
      },
      async file => {
        reads.set(file, (reads.get(file) ?? 0) + 1)
        return read(file)
      }
    )
  })

  it('reads each file at most once', () => {
    expect([...reads.values()].every(count => count === 1)).toBe(true)
  })

  it('finds class attributes and attributes set in __init__', () => {
    expect(symbolFact(grounding, 'ChatCompletionApi.registry')?.definitions).toMatchObject([
      { path: 'llm_router/api.py', line: 2, kind: 'attribute' }
    ])
    expect(symbolFact(grounding, 'ChatCompletionApi.manager')?.definitions).toMatchObject([
      { path: 'llm_router/api.py', line: 5, kind: 'attribute' }
    ])
    expect(symbolFact(grounding, 'Settings.models')?.definitions).toMatchObject([
      { path: 'llm_router/manager.py', line: 6, kind: 'attribute' }
    ])
    expect(symbolFact(grounding, 'models')?.definitions).toMatchObject([
      { path: 'llm_router/manager.py', line: 6, kind: 'attribute' }
    ])
    expect(symbolFact(grounding, 'ProviderManager.cache')?.definitions).toMatchObject([
      { path: 'llm_router/manager.py', line: 14, kind: 'attribute' }
    ])
    expect(symbolFact(grounding, 'ProviderManager.later')?.definitions).toEqual([])
    // Files nothing else points at are found through the text prefilter.
    expect(symbolFact(grounding, 'self._backend')?.definitions).toMatchObject([
      { path: 'llm_router/store.py', line: 3, kind: 'attribute' }
    ])
    expect(symbolFact(grounding, 'retention_days')?.definitions).toMatchObject([
      { path: 'llm_router/policy.py', line: 2, kind: 'attribute' }
    ])
  })

  it('looks up self./cls. names as members of any class, never as files', () => {
    expect(symbolFact(grounding, 'self._providers')).toEqual({
      name: 'self._providers',
      definitions: [{ path: 'llm_router/api.py', line: 6, kind: 'attribute', owner: 'ChatCompletionApi' }],
      tests: ['tests/test_api.py']
    })
    expect(symbolFact(grounding, 'self.manager.resolve()')).toMatchObject({
      definitions: [
        { path: 'llm_router/api.py', line: 8, kind: 'method' },
        { path: 'llm_router/manager.py', line: 16, kind: 'method' }
      ],
      via: ['manager']
    })
    expect(symbolFact(grounding, 'cls.TIMEOUT')?.definitions).toMatchObject([
      { path: 'llm_router/manager.py', line: 11, kind: 'attribute' }
    ])
    expect(symbolFact(grounding, 'self.x')?.definitions).toEqual([])
    expect(fileFact(grounding, 'self.py')).toBeUndefined()
  })

  it('resolves a bare file name to the one repository file with that name', () => {
    const api = grounding.files.filter(fact => fact.path === 'llm_router/api.py')
    expect(api).toHaveLength(1)
    expect(api[0]).toMatchObject({
      exists: true,
      module: 'llm_router.api',
      citedAs: 'api.py',
      tests: ['tests/test_api.py']
    })
    expect(api[0]?.symbols?.classes[0]?.name).toBe('ChatCompletionApi')
    expect(fileFact(grounding, 'api.py')).toBeUndefined()
  })

  it('resolves a bare name of a new file to the path the plan gives it elsewhere', () => {
    expect(grounding.files.filter(fact => fact.path.endsWith('router.py'))).toEqual([
      {
        path: 'llm_router/router.py',
        citedAs: 'router.py',
        exists: false,
        isDirectory: false,
        module: 'llm_router.router',
        tests: []
      }
    ])
  })

  it('lists the candidates of an ambiguous bare name and keeps unknown names as they are', () => {
    expect(fileFact(grounding, 'models.py')).toEqual({
      path: 'models.py',
      exists: false,
      isDirectory: false,
      candidates: ['legacy/models.py', 'llm_router/models.py'],
      tests: []
    })
    expect(fileFact(grounding, 'brand_new.py')).toMatchObject({ exists: false, module: 'brand_new' })
    expect(fileFact(grounding, 'brand_new.py')?.citedAs).toBeUndefined()
    expect(fileFact(grounding, 'config.py')).toMatchObject({ exists: true })
    expect(fileFact(grounding, 'config.py')?.citedAs).toBeUndefined()
  })

  it('reports a name that is a package or top-level module with the files, not as a missing symbol', () => {
    expect(symbolFact(grounding, 'llm_router')).toBeUndefined()
    expect(symbolFact(grounding, 'config')).toBeUndefined()
    expect(grounding.files.find(fact => fact.module === 'llm_router')).toMatchObject({
      path: 'llm_router/__init__.py',
      exists: true
    })
    expect(grounding.files.filter(fact => fact.module === 'config')).toEqual([
      expect.objectContaining({ path: 'config.py', exists: true })
    ])
  })

  it('answers Python builtins without searching the repository', () => {
    for (const name of ['ValueError', 'AttributeError', 'KeyError', 'dict', 'len', 'print()', 'isinstance']) {
      expect(symbolFact(grounding, name)).toEqual({
        name,
        definitions: [{ path: BUILTIN_PATH, line: 0, kind: 'builtin' }],
        tests: []
      })
    }
    expect(BUILTIN_PATH).toBe('(builtin)')
    expect(PYTHON_BUILTINS).toEqual(expect.arrayContaining(['ExceptionGroup', 'aiter', 'anext', 'TypeError']))
    expect(PYTHON_BUILTINS).toHaveLength(157)
  })
})

describe('test layout', () => {
  const layout = (files: string[]): TestLayout => python.detectTestLayout(files)

  it('detects a mirrored tests/ tree', () => {
    const detected = layout([
      'pkg/__init__.py',
      'pkg/a.py',
      'pkg/sub/b.py',
      'tests/conftest.py',
      'tests/pkg/test_a.py',
      'tests/pkg/sub/test_b.py'
    ])
    expect(detected).toMatchObject({ testRoot: 'tests', style: 'mirror', prefix: 'test_' })
    expect(detected.examples).toEqual(['tests/pkg/sub/test_b.py', 'tests/pkg/test_a.py'])
    expect(python.testFileFor('pkg/sub/provider_manager.py', detected)).toBe(
      'tests/pkg/sub/test_provider_manager.py'
    )
    expect(python.testFileFor('src/pkg/x.py', detected)).toBe('tests/pkg/test_x.py')
    expect(python.testFileFor('pkg/sub/__init__.py', detected)).toBe('tests/pkg/test_sub.py')
  })

  it('detects a flat tests/ directory, even with integration/ or e2e/ sub-folders', () => {
    const detected = layout([
      'llm_router/api.py',
      'tests/test_api.py',
      'tests/test_config.py',
      'tests/integration/test_flow.py'
    ])
    expect(detected).toMatchObject({ testRoot: 'tests', style: 'flat', prefix: 'test_' })
    expect(python.testFileFor('llm_router/provider_manager.py', detected)).toBe(
      'tests/test_provider_manager.py'
    )
  })

  it('detects x_test.py files beside the code', () => {
    const detected = layout(['app/models.py', 'app/models_test.py', 'app/views.py', 'app/views_test.py'])
    expect(detected).toMatchObject({ testRoot: '', style: 'mirror', prefix: 'suffix' })
    expect(python.testFileFor('app/forms.py', detected)).toBe('app/forms_test.py')
  })

  it('detects tests/unit as the root when most tests live there, and defaults when there are none', () => {
    expect(
      layout(['a.py', 'tests/unit/test_a.py', 'tests/unit/test_b.py', 'tests/e2e/test_c.py'])
    ).toMatchObject({
      testRoot: 'tests/unit',
      style: 'flat'
    })
    expect(layout(['a.py'])).toEqual({ testRoot: 'tests', style: 'flat', prefix: 'test_', examples: [] })
  })

  it('detects a real mirrored layout on disk', async () => {
    const root = tempDir()
    write(root, {
      'shop/cart.py': '',
      'shop/pay/card.py': '',
      'tests/shop/test_cart.py': '',
      'tests/shop/pay/test_card.py': ''
    })
    const grounding = await groundReferences(await listRepositoryFiles(root), {
      files: [],
      modules: [],
      symbols: []
    })
    expect(grounding.testLayout.style).toBe('mirror')
    expect(python.testFileFor('shop/pay/refund.py', grounding.testLayout)).toBe(
      'tests/shop/pay/test_refund.py'
    )
  })
})

describe('synthetic repository', () => {
  it('grounds a generated 300-file git repository correctly', async () => {
    const root = tempDir()
    const synthetic = generateSyntheticRepo(root, { sourceFiles: 270, testFiles: 30, git: true })
    const repo = await listRepositoryFiles(root)
    expect(repo.files).not.toContain('ignored/shadow.py')
    const grounding = await groundReferences(repo, synthetic.references)
    const byPath = new Map(synthetic.modules.map(m => [m.path, m]))
    const byModule = new Map(synthetic.modules.map(m => [m.module, m]))
    for (const fact of grounding.files) {
      const expected = byPath.get(fact.path) ?? (fact.module ? byModule.get(fact.module) : undefined)
      if (!expected) continue
      expect(fact).toMatchObject({ exists: true, path: expected.path, tests: expected.tests })
      expect(fact.symbols?.classes[0]?.name).toBe(expected.className)
    }
    expect(fileFact(grounding, 'synth/new_router.py')?.exists).toBe(false)
    expect(fileFact(grounding, 'synth/missing_module.py')?.exists).toBe(false)
    for (const m of synthetic.modules) {
      const cls = symbolFact(grounding, m.className)
      if (!cls) continue
      expect(cls.definitions).toMatchObject([{ path: m.path, line: m.classLine, kind: 'class' }])
      expect(symbolFact(grounding, m.functionName)?.definitions).toMatchObject([
        { path: m.path, line: m.functionLine, kind: 'function' }
      ])
      expect(
        symbolFact(grounding, `${m.className}.handle_${m.className.slice(-4)}`)?.definitions
      ).toMatchObject([{ path: m.path, line: m.methodLine, kind: 'method' }])
      expect(cls.tests).toEqual(m.classTests)
      expect(symbolFact(grounding, m.functionName)?.tests).toEqual(m.functionTests)
    }
    expect(symbolFact(grounding, 'UnknownThing')?.definitions).toEqual([])
    expect(grounding.testLayout).toMatchObject({ testRoot: 'tests', style: 'mirror', prefix: 'test_' })
  })
})

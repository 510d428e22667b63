import { pythonImports, pythonSymbols } from '../../../../src/grounding/index.js'

const lines = (...source: string[]): string => source.join('\n') + '\n'

describe('pythonSymbols', () => {
  it('reads top-level classes with bases, methods and their lines', () => {
    const symbols = pythonSymbols(
      lines(
        'import abc',
        '',
        'class ProviderManager(Base, abc.ABC, Generic[T], metaclass=Meta):',
        '    """Doc."""',
        '    registry = {}',
        '',
        '    def __init__(self):',
        '        self.x = 1',
        '',
        '    def resolve(self, name):',
        '        return name',
        '',
        'class Empty: pass'
      )
    )
    expect(symbols.classes).toMatchObject([
      {
        name: 'ProviderManager',
        line: 3,
        bases: ['Base', 'abc.ABC', 'Generic[T]'],
        methods: [
          { name: '__init__', line: 7 },
          { name: 'resolve', line: 10 }
        ],
        attributes: [
          { name: 'registry', line: 5 },
          { name: 'x', line: 8 }
        ]
      },
      { name: 'Empty', line: 13, bases: [], methods: [], attributes: [] }
    ])
    expect(symbols.assignments).toEqual([])
  })

  it('reads class attributes: class-level assignments, dataclass fields and self.x set in __init__', () => {
    const symbols = pythonSymbols(
      lines(
        '@dataclass',
        'class Settings:',
        '    models: tuple[str, ...] = ()',
        '    name: str',
        '    X = Y = 1',
        '    a, b = 1, 2',
        '    if TYPE_CHECKING:',
        '        hint: int',
        '',
        '    def __init__(self, manager) -> None:',
        '        self.manager = manager',
        '        self._providers: dict[str, object] = {}',
        '        self.first = self.second = None',
        '        self.left, self.right = 1, 2',
        '        self.name = "again"',
        '        if manager:',
        '            self.optional = 1',
        '        for key in ():',
        '            self.looped = key',
        '        self.count += 1',
        '        self.manager.cache = {}',
        '        self[0] = 1',
        '        other.foreign = 1',
        '        local = 1',
        '',
        '        def helper():',
        '            self.nested = 1',
        '',
        '    def reset(self):',
        '        self.late = 1',
        '',
        '    class Meta:',
        '        inner = 1',
        '',
        'class Custom:',
        '    def __init__(this):',
        '        this.cache = {}',
        '        self.not_mine = 1'
      )
    )
    expect(symbols.classes[0]?.attributes).toEqual([
      { name: 'models', line: 3 },
      { name: 'name', line: 4 },
      { name: 'X', line: 5 },
      { name: 'Y', line: 5 },
      { name: 'a', line: 6 },
      { name: 'b', line: 6 },
      { name: 'hint', line: 8 },
      { name: 'manager', line: 11 },
      { name: '_providers', line: 12 },
      { name: 'first', line: 13 },
      { name: 'second', line: 13 },
      { name: 'left', line: 14 },
      { name: 'right', line: 14 },
      { name: 'optional', line: 17 },
      { name: 'looped', line: 19 }
    ])
    expect(symbols.classes[0]?.methods.map(m => m.name)).toEqual(['__init__', 'reset'])
    expect(symbols.classes[1]?.attributes).toEqual([{ name: 'cache', line: 37 }])
    expect(symbols.assignments).toEqual([])
  })

  it('handles decorators and async def, reporting the def line', () => {
    const symbols = pythonSymbols(
      lines(
        '@dataclass(frozen=True)',
        'class Config:',
        '    @property',
        '    @cached',
        '    async def load(self):',
        '        pass',
        '',
        '    @staticmethod',
        '    def parse(text): ...',
        '',
        '@app.route("/")',
        'async def handler(request):',
        '    return None',
        '',
        'def load_config(path: str) -> "Config":',
        '    return Config()'
      )
    )
    expect(symbols.classes[0]).toMatchObject({
      name: 'Config',
      line: 2,
      methods: [
        { name: 'load', line: 5 },
        { name: 'parse', line: 9 }
      ]
    })
    expect(symbols.functions).toMatchObject([
      { name: 'handler', line: 12 },
      { name: 'load_config', line: 15 }
    ])
  })

  it('ignores nested definitions and local assignments', () => {
    const symbols = pythonSymbols(
      lines(
        'def outer():',
        '    LOCAL = 1',
        '    def inner():',
        '        pass',
        '    class Hidden:',
        '        pass',
        '    return inner',
        '',
        'class Outer:',
        '    class Inner:',
        '        def deep(self): pass',
        '    def method(self):',
        '        def helper(): pass',
        '        return helper'
      )
    )
    expect(symbols.functions.map(f => f.name)).toEqual(['outer'])
    expect(symbols.classes.map(c => c.name)).toEqual(['Outer'])
    expect(symbols.classes[0]?.methods.map(m => m.name)).toEqual(['method'])
    expect(symbols.assignments).toEqual([])
  })

  it('reads module-level assignments, annotated and chained, but not attribute targets', () => {
    const symbols = pythonSymbols(
      lines(
        'DEFAULT_TIMEOUT: float = 30.0',
        'A = B = 2',
        'x, (y, z) = 1, (2, 3)',
        'settings.debug = True',
        'items[0] = 1',
        'counter += 1',
        'LATER: int',
        'type Alias = list[int]',
        'A = 3'
      )
    )
    expect(symbols.assignments).toEqual([
      { name: 'DEFAULT_TIMEOUT', line: 1 },
      { name: 'A', line: 2 },
      { name: 'B', line: 2 },
      { name: 'x', line: 3 },
      { name: 'y', line: 3 },
      { name: 'z', line: 3 },
      { name: 'LATER', line: 7 },
      { name: 'Alias', line: 8 }
    ])
  })

  it('collects imports, including those under if TYPE_CHECKING and try/except', () => {
    const symbols = pythonSymbols(
      lines(
        'from __future__ import annotations',
        'import os, llm_router.api as api',
        'from typing import TYPE_CHECKING',
        'from . import models',
        'from ..core.config import (',
        '    load_config,',
        '    Settings as S,',
        ')',
        '',
        'if TYPE_CHECKING:',
        '    from llm_router.provider_manager import ProviderManager',
        '',
        'try:',
        '    import ujson as json',
        'except ImportError:',
        '    import json',
        '',
        'def f():',
        '    import inside_function'
      )
    )
    expect(symbols.imports).toEqual([
      '__future__',
      'os',
      'llm_router.api',
      'typing',
      '.',
      '..core.config',
      'llm_router.provider_manager',
      'ujson',
      'json'
    ])
  })

  it('collects definitions made inside module-level if/try blocks', () => {
    const symbols = pythonSymbols(
      lines(
        'import sys',
        'if sys.version_info >= (3, 11):',
        '    def compat(): pass',
        'else:',
        '    def compat(): return 1',
        'try:',
        '    FAST = True',
        'except Exception:',
        '    FAST = False'
      )
    )
    expect(symbols.functions).toMatchObject([{ name: 'compat', line: 3 }])
    expect(symbols.assignments).toEqual([{ name: 'FAST', line: 7 }])
  })

  it('tolerates syntax errors and keeps reading the rest of the module', () => {
    const symbols = pythonSymbols(
      lines(
        'class Good:',
        '    def ok(self): pass',
        '',
        'def broken(:',
        '    pass',
        '',
        'x = = 3',
        '',
        'class AlsoGood(Base):',
        '    pass',
        '',
        'def after(): pass'
      )
    )
    expect(symbols.classes.map(c => c.name)).toEqual(expect.arrayContaining(['Good', 'AlsoGood']))
    expect(symbols.functions.map(f => f.name)).toEqual(expect.arrayContaining(['after']))
    expect(symbols.classes.find(c => c.name === 'AlsoGood')?.line).toBe(9)
  })

  it('returns empty symbols for empty or non-Python text', () => {
    expect(pythonSymbols('')).toEqual({ classes: [], functions: [], assignments: [], imports: [] })
    expect(() => pythonSymbols('}}}{{{ ))) \u0000 \t\t\n   @@@')).not.toThrow()
  })

  it('counts lines correctly with CRLF line endings', () => {
    const symbols = pythonSymbols('import os\r\n\r\nclass A:\r\n    def m(self):\r\n        pass\r\n')
    expect(symbols.classes).toMatchObject([
      { name: 'A', line: 3, bases: [], methods: [{ name: 'm', line: 4 }], attributes: [] }
    ])
  })
})

describe('pythonImports', () => {
  it('lists every import with the names a from-import brings in, inside functions too', () => {
    const imports = pythonImports(
      lines(
        'import a.b as c, d',
        'from x.y import z, w as q',
        'from . import sibling',
        'from pkg import *',
        'def test_it():',
        '    from llm_router.api import ChatCompletionApi'
      )
    )
    expect(imports).toMatchObject([
      { module: 'a.b', names: [] },
      { module: 'd', names: [] },
      { module: 'x.y', names: ['z', 'w'] },
      { module: '.', names: ['sibling'] },
      { module: 'pkg', names: ['*'] },
      { module: 'llm_router.api', names: ['ChatCompletionApi'] }
    ])
  })
})

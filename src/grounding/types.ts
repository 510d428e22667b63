/** Facts about the repository that ground Step 3 ("Review the codebase") of a phase execution plan. */

export interface PythonClass {
  name: string
  line: number
  methods: { name: string; line: number }[]
  /** Positional base-class expressions as written (`Base`, `abc.ABC`, `Generic[T]`); keyword args are left out. */
  bases: string[]
  /**
   * Class-level assignments and annotations (`X = 1`, `name: str`, dataclass fields) and instance attributes
   * set in `__init__` (`self.x = …`, `self.x: T = …`), in source order, each name once at its first line.
   */
  attributes: { name: string; line: number }[]
}

export interface PythonModuleSymbols {
  classes: PythonClass[]
  functions: { name: string; line: number }[]
  assignments: { name: string; line: number }[]
  /** Dotted modules imported; relative imports keep their leading dots (`.models`, `..`). */
  imports: string[]
}

export interface RepositoryFiles {
  /** Absolute path of the repository root. */
  root: string
  /** Posix, repo-relative, sorted. */
  files: string[]
}

/** What the plan mentions. */
export interface References {
  /** Paths such as `llm_router/api.py` or directories such as `llm_router/providers/`. */
  files: string[]
  /** Dotted modules such as `llm_router.api`. */
  modules: string[]
  /** Names such as `ProviderManager`, `load_config`, `ChatCompletionApi.resolve_provider_for_model`. */
  symbols: string[]
}

export interface FileFact {
  /** Repo-relative posix path: the resolved file for a module, the proposed location when missing. */
  path: string
  /** The text the plan used when it differs from `path` (a bare file name such as `api.py`). */
  citedAs?: string
  /** Repository files sharing a bare file name the plan used, when it cannot tell which one is meant. */
  candidates?: string[]
  exists: boolean
  isDirectory: boolean
  /** The dotted module this path is (set for Python files and packages). */
  module?: string
  /** Top-level symbols, for existing readable Python files. */
  symbols?: PythonModuleSymbols
  /** Test files that import or mention it. */
  tests: string[]
}

export type DefinitionKind = 'class' | 'function' | 'method' | 'assignment' | 'attribute' | 'builtin'

/** Where a Python builtin "is defined": `{ path: BUILTIN_PATH, line: 0, kind: 'builtin' }`. */
export const BUILTIN_PATH = '(python builtin)'

export interface SymbolFact {
  name: string
  definitions: { path: string; line: number; kind: DefinitionKind }[]
  /** For `self.a.b` / `cls.a.b`: the attributes between the receiver and the member looked up (`['a']`). */
  via?: string[]
  tests: string[]
}

export interface TestLayout {
  /** e.g. `tests`; `''` when tests sit next to the code they test. */
  testRoot: string
  style: 'mirror' | 'flat'
  /** `test_x.py` vs `x_test.py`. */
  prefix: 'test_' | 'suffix'
  examples: string[]
}

export interface Grounding {
  files: FileFact[]
  symbols: SymbolFact[]
  testLayout: TestLayout
}

/** Reads a repo-relative file as UTF-8 text. */
export type ReadFile = (path: string) => Promise<string>

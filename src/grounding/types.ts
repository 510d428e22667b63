/** Facts about the repository that ground Step 3 ("Review the codebase") of a phase execution plan. */
import type { Reference } from './language.js'

/** A class of a module: where it starts and ends, its methods, bases and attributes. */
export interface ClassSymbol {
  name: string
  line: number
  endLine: number
  methods: FunctionSymbol[]
  /** Positional base-class expressions as written (`Base`, `abc.ABC`, `Generic[T]`); keyword args are left out. */
  bases: string[]
  /**
   * Class-level assignments and annotations (`X = 1`, `name: str`, dataclass fields) and instance attributes
   * set in `__init__` (`self.x = …`, `self.x: T = …`), in source order, each name once at its first line.
   */
  attributes: { name: string; line: number }[]
}

/** A function or method: where it is, its parameters (receiver left out) and return annotation as written. */
export interface FunctionSymbol {
  name: string
  line: number
  endLine: number
  params?: string[]
  returns?: string
}

/** The top-level symbols of a module. */
export interface ModuleSymbols {
  classes: ClassSymbol[]
  functions: FunctionSymbol[]
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
  /** Names (last parts of dotted names) whose every use in the repository is wanted: callers, importers. */
  watch?: string[]
  /** Find the modules that start the application (at the root or one folder down). */
  entryPoints?: boolean
}

export interface FileFact {
  /** Repo-relative posix path: the resolved file for a module, the proposed location when missing. */
  path: string
  /** The text the plan used when it differs from `path` (a bare file name such as `api.py`). */
  citedAs?: string
  /** Repository files sharing a bare file name the plan used, when it cannot tell which one is meant. */
  candidates?: string[]
  /** The path leaves the repository (an absolute or home path): nothing there is the phase's to change. */
  outside?: boolean
  exists: boolean
  isDirectory: boolean
  /** The dotted module this path is (set for source files and packages). */
  module?: string
  /** Top-level symbols, for existing readable source files. */
  symbols?: ModuleSymbols
  /** Test files that import or mention it. */
  tests: string[]
}

export type DefinitionKind = 'class' | 'function' | 'method' | 'assignment' | 'attribute' | 'builtin'

/** Where a builtin of the language "is defined": `{ path: BUILTIN_PATH, line: 0, kind: 'builtin' }`. */
export const BUILTIN_PATH = '(builtin)'

export interface Definition {
  path: string
  line: number
  /** Last line, for classes, functions and methods. */
  endLine?: number
  kind: DefinitionKind
  /** For methods and attributes: the class they belong to. */
  owner?: string
  /** For functions and methods: parameters (receiver left out) and the return annotation, as written. */
  params?: readonly string[]
  returns?: string
}

export interface SymbolFact {
  name: string
  definitions: Definition[]
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

/** A use of a watched name, where it is and what the file around it imports. */
export interface ReferenceFact extends Reference {
  path: string
  /** The runner's id of the test the reference sits in (`tests/test_api.py::test_resolve`), in test modules. */
  testId?: string
  /** Absolute modules the file imports, and `module.name` for each name it imports from one. */
  fileImports: readonly string[]
  /** Bases of the class the reference sits in, as written. */
  classBases?: readonly string[]
  /** An import from a module that is not in the repository (a third-party package or the standard library). */
  external?: true
}

export interface Grounding {
  files: FileFact[]
  symbols: SymbolFact[]
  testLayout: TestLayout
  /** Every use of the watched names (`References.watch`), in path then line order. */
  references: ReferenceFact[]
  /** Modules that start the application, when asked for (`References.entryPoints`). */
  entryPoints?: string[]
  /** The modules each test module imports (absolute), for placing new tests beside the existing ones. */
  testImports?: Record<string, string[]>
  /** Every class of the repository, with its bases' last names (`CsvExporter` → `BaseExporter`). */
  classBases?: Record<string, string[]>
  /** The watched names the repository's source writes somewhere, as a word (code, strings or comments). */
  seen?: string[]
}

/** Reads a repo-relative file as UTF-8 text. */
export type ReadFile = (path: string) => Promise<string>

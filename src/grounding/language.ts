/**
 * What plan-phase needs to know about a programming language: which files are code and tests, how a
 * path is imported, the symbols, imports and references of a module, how the repository names its
 * tests and how a test is skipped, which names need no definition, and what a master plan's code
 * sample defines and decides. Python is the first implementation (`python/`); a second language is
 * one more folder that implements this interface.
 */
import type { FileIndex } from './file-index.js'
import type { ModuleSymbols, TestLayout } from './types.js'

export interface ModuleImport {
  /** The module named by the statement, as written (relative imports keep their leading dots). */
  readonly module: string
  /** Names imported from it (`*` kept); empty for a plain `import module`. */
  readonly names: readonly string[]
  readonly line: number
}

export type ReferenceKind = 'call' | 'attribute' | 'name' | 'import' | 'definition'

/** One use of a watched name in a module. */
export interface Reference {
  /** The name as it stands at this place (the last part: `resolve`, not `api.resolve`). */
  readonly name: string
  readonly line: number
  readonly kind: ReferenceKind
  /** What the name is reached through, as written: `self`, `self.api`, `ChatCompletionApi`, a module alias. */
  readonly receiver?: string
  /** The class the receiver holds, when the code says so (`self.zones = zones` of `zones: ShippingZones`). */
  readonly receiverType?: string
  /** A keyword argument of a call (`total` of `Order("A1", total=3)`): the callee as written. */
  readonly keywordOf?: string
  /** For an import: the module the statement names, as written (relative imports keep their dots). */
  readonly fromModule?: string
  /** For an import: the name is part of that module's dotted path, not a name imported from it. */
  readonly inModulePath?: true
  /** The class and function the reference sits in (innermost). */
  readonly inClass?: string
  readonly inFunction?: string
  /** The source line, trimmed: what the developer will see there. */
  readonly text: string
  /** Reached through a string (a patch target, `getattr(x, "name")`), not written as code. */
  readonly inString?: true
}

export interface TestFunction {
  readonly name: string
  readonly line: number
  /** The test class around it, when there is one. */
  readonly className?: string
}

/** A parsed module: each reading is computed on first use from one parse. */
export interface ParsedModule {
  symbols(): ModuleSymbols
  imports(): readonly ModuleImport[]
  /** Uses of the given names (last parts of dotted names) anywhere in the module. */
  references(names: ReadonlySet<string>): readonly Reference[]
  testFunctions(): readonly TestFunction[]
}

/** One way through a function of a code sample: the condition that leads there and what it ends in. */
export interface Branch {
  /** The condition as written (`prefix is not None`), `else`, or what raises (`except ValueError`). */
  readonly condition: string
  readonly kind: 'if' | 'elif' | 'else' | 'except' | 'path'
  /** The statement the branch ends in (`return provider, long_name`, `raise ValueError(…)`), else its first. */
  readonly outcome?: string
  /** The outcome leaves the function (return, raise, yield) rather than just running on. */
  readonly terminal: boolean
}

export interface SampleFunction {
  /** `Class.method` or `function`. */
  readonly name: string
  /** Parameters, receiver (`self`, `cls`) left out. */
  readonly params: readonly string[]
  /** The annotated return type, as written. */
  readonly returns?: string
  readonly branches: readonly Branch[]
  /** The statement its body ends in (return, raise, yield), else its first: what it does when it decides nothing. */
  readonly effect?: string
}

/** What a code sample in the master plan defines, and the decisions its functions make. */
export interface SampleDefinitions {
  readonly classes: readonly { readonly name: string; readonly methods: readonly string[] }[]
  /** Every function and method, nested functions included, with its branches. */
  readonly functions: readonly SampleFunction[]
  /** Module-level names the sample binds (`MOD_COMMAND_PATTERN = …`) and the names it imports. */
  readonly names: readonly string[]
  /** Calls of names in the sample: callee as written and the number of positional arguments. */
  readonly calls: readonly { readonly callee: string; readonly arguments: number }[]
}

/** What a name is when the language itself provides it. */
export type KnownName = 'builtin' | 'typing' | 'standard library'

export interface Language {
  /** As a reader knows it (`Python`). */
  readonly name: string
  /** Code-fence info strings whose samples are in this language (an empty string counts too). */
  readonly fenceNames: ReadonlySet<string>
  /** Receivers through which a method reaches its own class's members (`self`, `cls`). */
  readonly receivers: ReadonlySet<string>
  /** A name used but defined nowhere until the runner discovers it (`conftest.py` fixtures). */
  readonly testRunner: string

  isSourcePath(path: string): boolean
  isTestPath(path: string): boolean
  /** Test modules the runner collects (`test_x.py`), as opposed to support files under `tests/`. */
  isTestModule(path: string): boolean
  /** The dotted module a file or package directory is imported as. */
  moduleForPath(path: string): string | undefined
  /** A relative import seen in `fromFile`, made absolute. */
  absoluteModule(imported: string, fromFile: string): string | undefined
  /** The file or package a dotted module is, and whether it exists. */
  resolveModule(index: FileIndex, module: string): { path: string; exists: boolean; isDirectory: boolean }
  /** Files whose fixtures and helpers a test module sees without importing them (`conftest.py` above it). */
  implicitImports(testPath: string, index: FileIndex): readonly string[]

  parse(source: string): ParsedModule
  /**
   * What a module's text says without a parse: the modules it imports (as written) and the classes it
   * defines with their bases' last names. Cheap enough for every file of the repository.
   */
  outline(source: string): {
    readonly imports: readonly string[]
    readonly classes: readonly { readonly name: string; readonly bases: readonly string[] }[]
  }
  /** One RegExp that hits a module when it may define one of the names (hits are confirmed by parsing). */
  definitionPrefilter(names: Iterable<string>): RegExp | undefined
  /** Whether a module's text starts the application when run (`if __name__ == "__main__":`). */
  isEntryPoint(path: string, source: string): boolean

  detectTestLayout(files: readonly string[], index?: FileIndex): TestLayout
  /** Where the tests of `sourcePath` go, in the repository's own style. */
  testFileFor(sourcePath: string, layout: TestLayout): string
  /** A test function name from words (`returns cached results` → `test_returns_cached_results`). */
  testName(words: readonly string[]): string
  /** Whether a name is a test function's (`test_resolve_by_alias`). */
  isTestName(name: string): boolean
  /** Test function names a text writes (`test_resolve_by_alias`), paths to test modules left out. */
  testNamesIn(text: string): string[]
  /** Paths to test modules a text writes (`tests/test_api.py`), in order. */
  testModulesIn(text: string): { readonly path: string; readonly at: number }[]
  /** A new test module for a topic that has no source file (`phase 3` → `tests/test_phase_3.py`). */
  testModuleFor(words: readonly string[], layout: TestLayout): string
  /** How a test is identified to the runner (`path::Class::test_name`). */
  testId(path: string, test: TestFunction): string
  /** The line that skips a test, with the reason. */
  skipMarker(reason: string): string

  knownName(name: string): KnownName | undefined
  /** A name the language gives a meaning to wherever it is defined (`__eq__`): never "defined nowhere". */
  isSpecialName(name: string): boolean
  /** What a code sample defines; undefined when the sample is not in this language. */
  sample(code: string): SampleDefinitions | undefined
  /** The language as one repository lays it out (where its packages start), from its files. */
  inRepository(files: readonly string[]): Language
}

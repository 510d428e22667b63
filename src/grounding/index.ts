export { basename, dirname, FileIndex, normalizeRepoPath } from './file-index.js'
export { groundReferences } from './ground.js'
export type {
  Branch,
  KnownName,
  Language,
  ModuleImport,
  ParsedModule,
  Reference,
  ReferenceKind,
  SampleDefinitions,
  SampleFunction,
  TestFunction
} from './language.js'
export { mapPool } from './pool.js'
export { PYTHON_BUILTINS } from './python/builtins.js'
export { python } from './python/index.js'
export { pythonImports } from './python/imports.js'
export { pythonSymbols } from './python/symbols.js'
export type { PythonImport } from './python/imports.js'
export { BUILTIN_PATH } from './types.js'
export type {
  ClassSymbol,
  Definition,
  DefinitionKind,
  FileFact,
  Grounding,
  ModuleSymbols,
  ReadFile,
  ReferenceFact,
  References,
  RepositoryFiles,
  SymbolFact,
  TestLayout
} from './types.js'

export { groundReferences } from './ground.js'
export { mapPool } from './pool.js'
export { isPythonBuiltin, PYTHON_BUILTINS } from './python-builtins.js'
export { isPythonPath, isTestPath, moduleForPath } from './python-paths.js'
export { pythonImports, pythonSymbols } from './python-symbols.js'
export type { PythonImport } from './python-symbols.js'
export { listRepositoryFiles, repositoryReader } from './repository-files.js'
export { detectTestLayout, testFileFor } from './test-layout.js'
export { BUILTIN_PATH } from './types.js'
export type {
  DefinitionKind,
  FileFact,
  Grounding,
  PythonClass,
  PythonModuleSymbols,
  ReadFile,
  References,
  RepositoryFiles,
  SymbolFact,
  TestLayout
} from './types.js'

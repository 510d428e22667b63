/** The import statements of a Python module, as written (relative ones too). */
import type { ModuleImport } from '../language.js'
import {
  children,
  IDENTIFIER,
  LineIndex,
  parsePython,
  text,
  type PythonTree,
  type SyntaxNode
} from './tree.js'

const DOTTED = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u
const RELATIVE_DOTTED = /^(?:\.+|\.*[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*)$/u

export type PythonImport = ModuleImport

export function importOf(source: string, statement: SyntaxNode, line = 0): PythonImport[] {
  const parts = children(statement)
  const head = parts[0]
  if (!head) return []
  if (head.name === 'import') {
    const modules: PythonImport[] = []
    let dotted = ''
    let alias = false
    const flush = (): void => {
      if (DOTTED.test(dotted)) modules.push({ module: dotted, names: [], line })
      dotted = ''
      alias = false
    }
    for (const node of parts.slice(1)) {
      if (node.name === ',') flush()
      else if (node.name === 'as') alias = true
      else if (!alias && node.name === 'VariableName') dotted += text(source, node)
      else if (!alias && node.name === '.') dotted += '.'
    }
    flush()
    return modules
  }
  if (head.name !== 'from') return []
  let module = ''
  let index = 1
  for (; index < parts.length && parts[index]?.name !== 'import'; index++) {
    const node = parts[index]
    if (node)
      module += node.name === 'VariableName' ? text(source, node) : text(source, node).replace(/\s/g, '')
  }
  const names: string[] = []
  let alias = false
  for (const node of parts.slice(index + 1)) {
    if (node.name === 'as') alias = true
    else if (node.name === ',') alias = false
    else if (node.name === '*') names.push('*')
    else if (node.name === 'VariableName' && !alias) names.push(text(source, node))
  }
  return RELATIVE_DOTTED.test(module)
    ? [{ module, names: names.filter(n => n === '*' || IDENTIFIER.test(n)), line }]
    : []
}

/** Every import statement anywhere in the module (inside functions too), as written. */
export function pythonImports(
  source: string,
  tree: PythonTree = parsePython(source),
  lines: LineIndex = new LineIndex(source)
): PythonImport[] {
  const out: PythonImport[] = []
  const cursor = tree.cursor()
  do {
    if (cursor.name === 'ImportStatement') out.push(...importOf(source, cursor.node, lines.line(cursor.from)))
  } while (cursor.next())
  return out
}

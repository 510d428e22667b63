/** Top-level symbols of a Python module, read from a real Python parse tree (@lezer/python). */
import { parser } from '@lezer/python'

import type { ModuleImport } from '../language.js'
import type { ClassSymbol, ModuleSymbols } from '../types.js'

/** One module's syntax tree: parse once, then read symbols and imports from the same tree. */
export type PythonTree = ReturnType<typeof parser.parse>
export type SyntaxNode = PythonTree['topNode']

export function parsePython(source: string): PythonTree {
  return parser.parse(source)
}

/** Compound statements whose bodies still run at the enclosing scope (module or class body). */
const SCOPE_PRESERVING = new Set(['IfStatement', 'TryStatement', 'WithStatement', 'StatementGroup'])
/** Inside `__init__`, loop bodies also run in the method's scope (`for k in keys: self.x = …`). */
const METHOD_SCOPE = new Set([...SCOPE_PRESERVING, 'ForStatement', 'WhileStatement'])
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u
const DOTTED = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u
const RELATIVE_DOTTED = /^(?:\.+|\.*[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*)$/u

/** An import statement: `a.b` in `import a.b` and `from a.b import c` (`.m` when relative), and the names. */
export type PythonImport = ModuleImport

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = []
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child)
  return out
}

export class LineIndex {
  private readonly starts: number[] = [0]
  constructor(source: string) {
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) this.starts.push(i + 1)
  }
  line(offset: number): number {
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }
}

/** Statements at one scope, looking through if/try/with blocks and `a; b` groups but not into defs. */
export function scopeStatements(container: SyntaxNode, lookThrough = SCOPE_PRESERVING): SyntaxNode[] {
  const out: SyntaxNode[] = []
  const visit = (parent: SyntaxNode): void => {
    for (const node of children(parent)) {
      if (node.name === 'Body') visit(node)
      else if (lookThrough.has(node.name)) visit(node)
      else out.push(node)
    }
  }
  visit(container)
  return out
}

/** The class or function a (possibly decorated) statement defines. */
export function definitionOf(node: SyntaxNode): SyntaxNode | null {
  if (node.name === 'FunctionDefinition' || node.name === 'ClassDefinition') return node
  if (node.name === 'DecoratedStatement') {
    return node.getChild('ClassDefinition') ?? node.getChild('FunctionDefinition')
  }
  return null
}

/** The line of a node's last character that is not whitespace (a body's trailing blank lines left out). */
export function endLineOf(source: string, node: SyntaxNode, lines: LineIndex): number {
  let end = node.to
  while (end > node.from && /\s/.test(source.charAt(end - 1))) end--
  return lines.line(Math.max(node.from, end - 1))
}

export function text(source: string, node: SyntaxNode): string {
  return source.slice(node.from, node.to)
}

const RECEIVERS = new Set(['self', 'cls'])

/** A function's parameter names as written, the receiver (`self`, `cls`) left out. */
export function parameterNames(source: string, definition: SyntaxNode): string[] {
  const list = definition.getChild('ParamList')
  if (!list) return []
  const out: string[] = []
  let afterAssign = false
  for (const child of children(list)) {
    if (child.name === 'AssignOp') afterAssign = true
    else if (child.name === ',') afterAssign = false
    else if (child.name === 'VariableName' && !afterAssign) out.push(text(source, child))
  }
  return RECEIVERS.has(out[0] ?? '') ? out.slice(1) : out
}

/** A function's return annotation as written (`-> dict | None` gives `dict | None`). */
export function returnAnnotation(source: string, definition: SyntaxNode): { returns?: string } {
  const list = definition.getChild('ParamList')
  const body = definition.getChild('Body')
  if (!list || !body) return {}
  const between = source.slice(list.to, body.from).trim()
  const arrow = /^->\s*(.+?):?$/s.exec(between)
  return arrow?.[1] ? { returns: arrow[1].trim() } : {}
}

export function nameOf(source: string, definition: SyntaxNode): string | undefined {
  const name = definition.getChild('VariableName')
  const value = name ? text(source, name) : ''
  return IDENTIFIER.test(value) ? value : undefined
}

function basesOf(source: string, classNode: SyntaxNode): string[] {
  const args = classNode.getChild('ArgList')
  if (!args) return []
  const bases: string[] = []
  let segment: SyntaxNode[] = []
  const flush = (): void => {
    const first = segment[0]
    const last = segment[segment.length - 1]
    const keyword = segment.some(node => node.name === 'AssignOp')
    const starred = first !== undefined && (first.name === '*' || first.name === '**')
    if (first && last && !keyword && !starred && !segment.some(node => node.type.isError)) {
      bases.push(source.slice(first.from, last.to).replace(/\s+/g, ' '))
    }
    segment = []
  }
  for (const node of children(args)) {
    if (node.name === '(') continue
    if (node.name === ',' || node.name === ')') flush()
    else segment.push(node)
  }
  flush()
  return bases
}

function targetNames(source: string, nodes: SyntaxNode[], out: string[]): void {
  for (const node of nodes) {
    if (node.name === 'VariableName') out.push(text(source, node))
    else if (['TupleExpression', 'ParenthesizedExpression', 'ArrayExpression'].includes(node.name)) {
      targetNames(source, children(node), out)
    }
  }
}

/** The target expressions of an assignment: everything left of the last `=`, or of the annotation. */
function assignmentTargets(statement: SyntaxNode): SyntaxNode[] {
  const parts = children(statement)
  let end = -1
  parts.forEach((node, index) => {
    if (node.name === 'AssignOp') end = index
  })
  if (end === -1) end = parts.findIndex(node => node.name === 'TypeDef')
  return end === -1 ? [] : parts.slice(0, end).filter(node => node.name !== 'TypeDef')
}

/** Names bound by an assignment statement (plain names only, not attribute or subscript targets). */
function assignedNames(source: string, statement: SyntaxNode): string[] {
  if (statement.name === 'TypeDefinition') {
    const name = statement.getChild('VariableName')
    return name ? [text(source, name)] : []
  }
  const names: string[] = []
  targetNames(source, assignmentTargets(statement), names)
  return names.filter(name => IDENTIFIER.test(name))
}

function importOf(source: string, statement: SyntaxNode, line = 0): PythonImport[] {
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

/** `x` when `node` is exactly `receiver.x` (not `receiver.a.x`, `receiver[0]` or `other.x`). */
function receiverAttribute(source: string, node: SyntaxNode, receiver: string): string | undefined {
  if (node.name !== 'MemberExpression') return undefined
  const [object, dot, property] = children(node)
  if (object?.name !== 'VariableName' || dot?.name !== '.' || property?.name !== 'PropertyName')
    return undefined
  if (text(source, object) !== receiver) return undefined
  const name = text(source, property)
  return IDENTIFIER.test(name) ? name : undefined
}

function receiverTargets(source: string, nodes: SyntaxNode[], receiver: string, out: string[]): void {
  for (const node of nodes) {
    const name = receiverAttribute(source, node, receiver)
    if (name !== undefined) out.push(name)
    else if (['TupleExpression', 'ParenthesizedExpression', 'ArrayExpression'].includes(node.name)) {
      receiverTargets(source, children(node), receiver, out)
    }
  }
}

/** Attributes `__init__` sets on its first parameter (`self.x = …`, `self.x: T = …`, `self.a = self.b = …`). */
function instanceAttributes(source: string, init: SyntaxNode, lines: LineIndex): ClassSymbol['attributes'] {
  const receiverNode = init.getChild('ParamList')?.getChild('VariableName')
  const receiver = receiverNode ? text(source, receiverNode) : 'self'
  const body = init.getChild('Body')
  if (!body) return []
  const out: ClassSymbol['attributes'] = []
  for (const statement of scopeStatements(body, METHOD_SCOPE)) {
    if (statement.name !== 'AssignStatement') continue
    const names: string[] = []
    receiverTargets(source, assignmentTargets(statement), receiver, names)
    const line = lines.line(statement.from)
    for (const name of names) out.push({ name, line })
  }
  return out
}

/** Methods and attributes of a class body, each name once (first definition), in source order. */
function membersOf(
  source: string,
  classNode: SyntaxNode,
  lines: LineIndex
): Pick<ClassSymbol, 'methods' | 'attributes'> {
  const body = classNode.getChild('Body')
  const methods: ClassSymbol['methods'] = []
  const attributes: ClassSymbol['attributes'] = []
  if (!body) return { methods, attributes }
  const addAttribute = (attribute: { name: string; line: number }): void => {
    if (!attributes.some(known => known.name === attribute.name)) attributes.push(attribute)
  }
  for (const statement of scopeStatements(body)) {
    if (statement.name === 'AssignStatement' || statement.name === 'TypeDefinition') {
      const line = lines.line(statement.from)
      for (const name of assignedNames(source, statement)) addAttribute({ name, line })
      continue
    }
    const definition = definitionOf(statement)
    if (definition?.name !== 'FunctionDefinition') continue
    const name = nameOf(source, definition)
    if (!name || methods.some(method => method.name === name)) continue
    methods.push({
      name,
      line: lines.line(definition.from),
      endLine: endLineOf(source, definition, lines),
      params: parameterNames(source, definition),
      ...returnAnnotation(source, definition)
    })
    if (name === '__init__') instanceAttributes(source, definition, lines).forEach(addAttribute)
  }
  return { methods, attributes }
}

/**
 * Top-level classes (with their methods, attributes and bases), functions, assignments and imports of a module.
 * Definitions inside if/try/with blocks at module level count (`if TYPE_CHECKING:` imports, fallbacks);
 * nested defs do not. Syntax errors are tolerated: the parser recovers and the rest is still read.
 * A name defined twice is reported once, at its first definition.
 */
export function pythonSymbols(source: string, tree: PythonTree = parsePython(source)): ModuleSymbols {
  const lines = new LineIndex(source)
  const result: ModuleSymbols = { classes: [], functions: [], assignments: [], imports: [] }
  const seen = { class: new Set<string>(), function: new Set<string>(), assignment: new Set<string>() }
  for (const statement of scopeStatements(tree.topNode)) {
    const definition = definitionOf(statement)
    if (definition) {
      const name = nameOf(source, definition)
      if (!name) continue
      const line = lines.line(definition.from)
      if (definition.name === 'ClassDefinition' && !seen.class.has(name)) {
        seen.class.add(name)
        result.classes.push({
          name,
          line,
          endLine: endLineOf(source, definition, lines),
          ...membersOf(source, definition, lines),
          bases: basesOf(source, definition)
        })
      } else if (definition.name === 'FunctionDefinition' && !seen.function.has(name)) {
        seen.function.add(name)
        result.functions.push({
          name,
          line,
          endLine: endLineOf(source, definition, lines),
          params: parameterNames(source, definition),
          ...returnAnnotation(source, definition)
        })
      }
    } else if (statement.name === 'AssignStatement' || statement.name === 'TypeDefinition') {
      for (const name of assignedNames(source, statement)) {
        if (seen.assignment.has(name)) continue
        seen.assignment.add(name)
        result.assignments.push({ name, line: lines.line(statement.from) })
      }
    } else if (statement.name === 'ImportStatement') {
      for (const { module } of importOf(source, statement)) {
        if (!result.imports.includes(module)) result.imports.push(module)
      }
    }
  }
  return result
}

/** Every import statement anywhere in the module (inside functions too), as written. */
export function pythonImports(source: string, tree: PythonTree = parsePython(source)): PythonImport[] {
  const out: PythonImport[] = []
  const lines = new LineIndex(source)
  const cursor = tree.cursor()
  do {
    if (cursor.name === 'ImportStatement') out.push(...importOf(source, cursor.node, lines.line(cursor.from)))
  } while (cursor.next())
  return out
}

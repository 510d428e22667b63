/** Top-level symbols of a Python module, read from a real Python parse tree (@lezer/python). */
import type { ClassSymbol, ModuleSymbols } from '../types.js'
import { importOf } from './imports.js'
import {
  children,
  definitionOf,
  endLineOf,
  IDENTIFIER,
  LineIndex,
  METHOD_SCOPE,
  nameOf,
  parameterNames,
  parsePython,
  returnAnnotation,
  scopeStatements,
  text,
  type PythonTree,
  type SyntaxNode
} from './tree.js'

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
export function pythonSymbols(
  source: string,
  tree: PythonTree = parsePython(source),
  lines: LineIndex = new LineIndex(source)
): ModuleSymbols {
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

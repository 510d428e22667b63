/** A Python module's syntax tree (@lezer/python) and the small readings of its nodes the other readers share. */
import { parser } from '@lezer/python'

/** One module's syntax tree: parse once, then read symbols and imports from the same tree. */
export type PythonTree = ReturnType<typeof parser.parse>
export type SyntaxNode = PythonTree['topNode']

export function parsePython(source: string): PythonTree {
  return parser.parse(source)
}

/** Compound statements whose bodies still run at the enclosing scope (module or class body). */
const SCOPE_PRESERVING = new Set(['IfStatement', 'TryStatement', 'WithStatement', 'StatementGroup'])
/** Inside `__init__`, loop bodies also run in the method's scope (`for k in keys: self.x = …`). */
export const METHOD_SCOPE = new Set([...SCOPE_PRESERVING, 'ForStatement', 'WhileStatement'])
export const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u

/** An import statement: `a.b` in `import a.b` and `from a.b import c` (`.m` when relative), and the names. */

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

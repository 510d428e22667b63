/**
 * What a Python code sample of a master plan defines (classes, methods, nested functions, module names)
 * and the decisions each of its functions makes: one branch per `if`/`elif`/`else` arm and `except`
 * clause, plus the path taken when none applies. Samples are often fragments; the parser recovers.
 */
import type { Branch, SampleDefinitions, SampleFunction } from '../language.js'
import {
  children,
  nameOf,
  parameterNames,
  parsePython,
  returnAnnotation,
  text,
  type SyntaxNode
} from './tree.js'

const TERMINAL = new Set(['ReturnStatement', 'RaiseStatement', 'YieldStatement'])
/** Statements whose bodies run on the same path (loops, `with`): looked through for the main outcome. */
const SAME_PATH = new Set(['ForStatement', 'WhileStatement', 'WithStatement', 'Body', 'StatementGroup'])
const MAX_OUTCOME = 120

export function pythonSample(code: string): SampleDefinitions {
  const tree = parsePython(code)
  const classes: { name: string; methods: string[] }[] = []
  const functions: SampleFunction[] = []
  const names = new Set<string>()
  const calls: { callee: string; arguments: number }[] = []
  const cursor = tree.cursor()
  do {
    const node = cursor.node
    if (node.name === 'ClassDefinition') {
      const name = nameOf(code, node)
      if (!name) continue
      names.add(name)
      const body = node.getChild('Body')
      const methods = body
        ? children(body)
            .map(child =>
              child.name === 'DecoratedStatement' ? child.getChild('FunctionDefinition') : child
            )
            .filter((child): child is SyntaxNode => child?.name === 'FunctionDefinition')
            .map(method => nameOf(code, method) ?? '')
            .filter(Boolean)
        : []
      classes.push({ name, methods })
    } else if (node.name === 'FunctionDefinition') {
      const name = nameOf(code, node)
      if (!name) continue
      names.add(name)
      const owner = ownerClass(code, node)
      functions.push({
        name: owner ? `${owner}.${name}` : name,
        params: parameterNames(code, node),
        ...returnAnnotation(code, node),
        branches: branches(code, node),
        ...effect(code, node)
      })
    } else if (node.name === 'AssignStatement' && node.parent?.name === 'Script') {
      for (const child of children(node)) {
        if (child.name === 'AssignOp') break
        if (child.name === 'VariableName') names.add(text(code, child))
      }
    } else if (node.name === 'ImportStatement') {
      const parts = children(node)
      const afterImport = parts.findIndex(part => part.name === 'import')
      const fromForm = parts[0]?.name === 'from'
      for (const [index, part] of parts.entries()) {
        if (part.name !== 'VariableName') continue
        if (fromForm ? index > afterImport : index === 1) names.add(text(code, part))
      }
    } else if (node.name === 'CallExpression') {
      const callee = node.firstChild
      const args = node.getChild('ArgList')
      if (callee && args && (callee.name === 'VariableName' || callee.name === 'MemberExpression'))
        calls.push({ callee: text(code, callee).replace(/\s+/g, ''), arguments: positionalArguments(args) })
    }
  } while (cursor.next())
  return { classes, functions, names: [...names], calls }
}

function ownerClass(code: string, definition: SyntaxNode): string | undefined {
  const body = definition.parent?.name === 'DecoratedStatement' ? definition.parent.parent : definition.parent
  const cls = body?.name === 'Body' ? body.parent : undefined
  return cls?.name === 'ClassDefinition' ? nameOf(code, cls) : undefined
}

function positionalArguments(args: SyntaxNode): number {
  let count = 0
  let current: SyntaxNode[] = []
  const flush = (): void => {
    if (
      current.length > 0 &&
      !current.some(node => node.name === 'AssignOp' || node.name === '*' || node.name === '**')
    )
      count++
    current = []
  }
  for (const child of children(args)) {
    if (child.name === '(') continue
    if (child.name === ',' || child.name === ')') flush()
    else current.push(child)
  }
  flush()
  return count
}

function flat(code: string, node: SyntaxNode): string {
  const value = text(code, node).replace(/\s+/g, ' ').trim()
  return value.length > MAX_OUTCOME ? `${value.slice(0, MAX_OUTCOME - 1)}…` : value
}

/** The first statement that ends a body's path (return, raise, yield), looking through loops and `with`; else its first statement. */
function outcomeOf(code: string, body: SyntaxNode | null): { outcome?: string; terminal: boolean } {
  if (!body) return { terminal: false }
  let first: string | undefined
  const visit = (node: SyntaxNode): string | undefined => {
    for (const child of children(node)) {
      if (TERMINAL.has(child.name)) return flat(code, child)
      if (child.name === 'ExpressionStatement' && child.firstChild?.name === 'YieldExpression')
        return flat(code, child)
      if (SAME_PATH.has(child.name)) {
        const inner = visit(child)
        if (inner) return inner
      }
      if (first === undefined && /Statement$/.test(child.name) && child.name !== 'PassStatement')
        first = flat(code, child)
    }
    return undefined
  }
  const terminal = visit(body)
  if (terminal !== undefined) return { outcome: terminal, terminal: true }
  return first !== undefined ? { outcome: first, terminal: false } : { terminal: false }
}

/** What a function does on its one way through: the statement it ends in, else its first. */
function effect(code: string, definition: SyntaxNode): { effect?: string } {
  const { outcome } = outcomeOf(code, definition.getChild('Body'))
  return outcome !== undefined ? { effect: outcome } : {}
}

/** Branches of a function: its `if` arms and `except` clauses (not those of nested functions), then its main path. */
function branches(code: string, definition: SyntaxNode): Branch[] {
  const out: Branch[] = []
  const body = definition.getChild('Body')
  if (!body) return out
  const visit = (node: SyntaxNode): void => {
    for (const child of children(node)) {
      if (
        child.name === 'FunctionDefinition' ||
        child.name === 'ClassDefinition' ||
        child.name === 'DecoratedStatement'
      )
        continue
      if (child.name === 'IfStatement') ifArms(code, child, out)
      else if (child.name === 'TryStatement') exceptClauses(code, child, out)
      for (const inner of children(child)) if (inner.name === 'Body') visit(inner)
    }
  }
  visit(body)
  const main = mainOutcome(code, body)
  if (main !== undefined)
    out.push({
      condition: out.length > 0 ? 'otherwise' : 'always',
      kind: 'path',
      outcome: main,
      terminal: true
    })
  return out
}

function ifArms(code: string, statement: SyntaxNode, out: Branch[]): void {
  let kind: Branch['kind'] | undefined
  let condition = ''
  for (const child of children(statement)) {
    if (child.name === 'if' || child.name === 'elif') {
      kind = child.name
      condition = ''
    } else if (child.name === 'else') {
      kind = 'else'
      condition = 'else'
    } else if (child.name === 'Body' && kind) {
      out.push({ condition: condition || kind, kind, ...outcomeOf(code, child) })
      kind = undefined
    } else if (kind && kind !== 'else') condition = flat(code, child)
  }
}

function exceptClauses(code: string, statement: SyntaxNode, out: Branch[]): void {
  let clause: SyntaxNode[] | undefined
  for (const child of children(statement)) {
    if (child.name === 'except') clause = []
    else if (child.name === 'Body' && clause) {
      const asAt = clause.findIndex(node => node.name === 'as')
      const caught = (asAt === -1 ? clause : clause.slice(0, asAt)).map(node => flat(code, node)).join(' ')
      out.push({ condition: `except ${caught}`.trim(), kind: 'except', ...outcomeOf(code, child) })
      clause = undefined
    } else if (clause) clause.push(child)
  }
}

/** What the function ends in when no branch applies: its last terminal statement outside `if` and `try`. */
function mainOutcome(code: string, body: SyntaxNode): string | undefined {
  let last: string | undefined
  const visit = (node: SyntaxNode): void => {
    for (const child of children(node)) {
      if (TERMINAL.has(child.name)) last = flat(code, child)
      else if (child.name === 'ExpressionStatement' && child.firstChild?.name === 'YieldExpression')
        last = flat(code, child)
      else if (SAME_PATH.has(child.name)) visit(child)
    }
  }
  visit(body)
  return last
}

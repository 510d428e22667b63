/** What class a Python name or `self.x` holds, when the code says so plainly. */
import { children, text, type SyntaxNode } from './tree.js'

/**
 * The class of the object a member is reached through, when the code says so plainly: `self.x` set in
 * the class from a constructor call, an annotated parameter or an annotation; a local or module-level
 * name made by a constructor call or annotated. Undefined when it cannot tell (then any class may own it).
 */
export function receiverType(
  source: string,
  node: SyntaxNode,
  receiver: string,
  cache: Map<number, Map<string, string | null>>
): string | undefined {
  const parts = receiver.split('.')
  if (parts.length === 2 && (parts[0] === 'self' || parts[0] === 'cls')) {
    const cls = ancestor(node, 'ClassDefinition')
    return cls ? (scopeTypes(source, cls, cache, true).get(parts[1] ?? '') ?? undefined) : undefined
  }
  if (parts.length !== 1 || !/^[A-Za-z_]\w*$/.test(receiver)) return undefined
  for (
    let scope = ancestor(node, 'FunctionDefinition');
    scope;
    scope = ancestor(scope, 'FunctionDefinition')
  ) {
    const found = scopeTypes(source, scope, cache, false).get(receiver)
    if (found !== undefined) return found ?? undefined
  }
  const top = topOf(node)
  return top ? (scopeTypes(source, top, cache, false).get(receiver) ?? undefined) : undefined
}

function ancestor(node: SyntaxNode, name: string): SyntaxNode | null {
  for (let parent = node.parent; parent; parent = parent.parent) if (parent.name === name) return parent
  return null
}

function topOf(node: SyntaxNode): SyntaxNode | null {
  let top: SyntaxNode | null = node
  while (top?.parent) top = top.parent
  return top
}

/**
 * Names bound in one scope, each to the class it holds (null when two bindings disagree). For a class:
 * its annotations and the `self.x` assignments of its methods; for a function: its annotated parameters
 * and its assignments; for the module: its assignments.
 */
function scopeTypes(
  source: string,
  scope: SyntaxNode,
  cache: Map<number, Map<string, string | null>>,
  attributes: boolean
): Map<string, string | null> {
  const key = scope.from * 2 + (attributes ? 1 : 0)
  const known = cache.get(key)
  if (known) return known
  const types = new Map<string, string | null>()
  const bind = (name: string, type: string | undefined): void => {
    if (type === undefined) return
    const previous = types.get(name)
    types.set(name, previous === undefined || previous === type ? type : null)
  }
  const params = (fn: SyntaxNode): Map<string, string> => {
    const out = new Map<string, string>()
    let last: string | undefined
    for (const child of children(fn.getChild('ParamList') ?? fn)) {
      if (child.name === 'VariableName') last = text(source, child)
      else if (child.name === 'TypeDef' && last) {
        const type = className(source, child)
        if (type) out.set(last, type)
      }
    }
    return out
  }
  const visit = (container: SyntaxNode, fnParams: Map<string, string>): void => {
    for (const statement of children(container)) {
      if (statement.name === 'FunctionDefinition' || statement.name === 'ClassDefinition') {
        if (attributes && statement.name === 'FunctionDefinition') visit(statement, params(statement))
        continue
      }
      if (statement.name === 'DecoratedStatement') {
        const fn = statement.getChild('FunctionDefinition')
        if (attributes && fn) visit(fn, params(fn))
        continue
      }
      if (statement.name === 'AssignStatement') {
        const target = statement.firstChild
        const name = target ? boundName(source, target, attributes) : undefined
        if (name !== undefined) bind(name, assignedType(source, statement, fnParams))
        continue
      }
      if (statement.name === 'Body' || /Statement$|Clause$/.test(statement.name)) visit(statement, fnParams)
    }
  }
  if (scope.name === 'FunctionDefinition' && !attributes) {
    const own = params(scope)
    for (const [name, type] of own) bind(name, type)
    visit(scope.getChild('Body') ?? scope, own)
  } else if (scope.name === 'ClassDefinition') visit(scope.getChild('Body') ?? scope, new Map())
  else visit(scope, new Map())
  cache.set(key, types)
  return types
}

/** `x` of `x = …` in a function or module, `x` of `self.x = …` (or a class-level `x: T`) for a class. */
function boundName(source: string, target: SyntaxNode, attributes: boolean): string | undefined {
  if (target.name === 'VariableName') return text(source, target)
  if (!attributes || target.name !== 'MemberExpression') return undefined
  const [receiver, , property] = children(target)
  const owner = receiver ? text(source, receiver) : ''
  return (owner === 'self' || owner === 'cls') && property?.name === 'PropertyName'
    ? text(source, property)
    : undefined
}

/** The class an assignment binds: its annotation, a constructor call, or an annotated parameter it copies. */
function assignedType(
  source: string,
  statement: SyntaxNode,
  params: Map<string, string>
): string | undefined {
  const annotation = statement.getChild('TypeDef')
  if (annotation) return className(source, annotation)
  const parts = children(statement)
  const operator = parts.findIndex(part => part.name === 'AssignOp')
  const value = operator === -1 ? undefined : parts[operator + 1]
  if (!value || operator !== parts.length - 2) return undefined
  if (value.name === 'VariableName') return params.get(text(source, value))
  if (value.name !== 'CallExpression' || !value.firstChild) return undefined
  const callee = text(source, value.firstChild).split('.').pop() ?? ''
  return /^[A-Z]\w*$/.test(callee) ? callee : undefined
}

/** The class an annotation names (`Foo`, `"Foo"`, `mod.Foo`, `Foo | None`, `Optional[Foo]`), if one. */
function className(source: string, typeDef: SyntaxNode): string | undefined {
  const written = text(source, typeDef)
    .replace(/^(?:->|:)\s*/, '')
    .replace(/^['"]|['"]$/g, '')
    .replace(/^Optional\[(.*)\]$/, '$1')
    .replace(/\s*\|\s*None$|^None\s*\|\s*/, '')
    .trim()
  const last = written.split('.').pop() ?? ''
  return /^[A-Z]\w*$/.test(last) ? last : undefined
}

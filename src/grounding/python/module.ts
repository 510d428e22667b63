/** One parse of a Python module, read for symbols, imports, references and test functions. */
import type { ModuleImport, ParsedModule, Reference, ReferenceKind, TestFunction } from '../language.js'
import type { ModuleSymbols } from '../types.js'
import { pythonImports } from './imports.js'
import { pythonSymbols } from './symbols.js'
import {
  children,
  definitionOf,
  LineIndex,
  nameOf,
  parsePython,
  scopeStatements,
  text,
  type PythonTree,
  type SyntaxNode
} from './tree.js'
import { receiverType } from './receiver-types.js'

export function parsePythonModule(source: string): ParsedModule {
  let tree: PythonTree | undefined
  let lines: LineIndex | undefined
  const treeOf = (): PythonTree => (tree ??= parsePython(source))
  const linesOf = (): LineIndex => (lines ??= new LineIndex(source))
  let symbols: ModuleSymbols | undefined
  let imports: readonly ModuleImport[] | undefined
  return {
    symbols: () => (symbols ??= pythonSymbols(source, treeOf(), linesOf())),
    imports: () => (imports ??= pythonImports(source, treeOf(), linesOf())),
    references: names => pythonReferences(source, treeOf(), linesOf(), names),
    testFunctions: () => pythonTestFunctions(source, treeOf(), linesOf())
  }
}

/** Enclosing class and function names of a node, innermost first. */
function enclosing(source: string, node: SyntaxNode): { inClass?: string; inFunction?: string } {
  const out: { inClass?: string; inFunction?: string } = {}
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.name === 'FunctionDefinition' && out.inFunction === undefined) {
      const name = nameOf(source, parent)
      if (name) out.inFunction = name
    } else if (parent.name === 'ClassDefinition' && out.inClass === undefined) {
      const name = nameOf(source, parent)
      if (name) out.inClass = name
    }
  }
  return out
}

function kindOf(node: SyntaxNode): ReferenceKind {
  const parent = node.parent
  if (!parent) return 'name'
  if (parent.name === 'ImportStatement') return 'import'
  if (
    (parent.name === 'FunctionDefinition' || parent.name === 'ClassDefinition') &&
    node.name === 'VariableName'
  )
    return parent.getChild('VariableName')?.from === node.from ? 'definition' : 'name'
  const callee = parent.name === 'MemberExpression' ? parent : node
  const call = callee.parent
  if (
    call?.name === 'CallExpression' &&
    call.firstChild?.from === callee.from &&
    call.firstChild.to === callee.to
  )
    return 'call'
  return parent.name === 'MemberExpression' ? 'attribute' : 'name'
}

function lineText(source: string, at: number): string {
  const start = source.lastIndexOf('\n', at - 1) + 1
  const end = source.indexOf('\n', at)
  return source.slice(start, end === -1 ? source.length : end).trim()
}

/** The module an import statement names (`a.b` of `from a.b import c`), or undefined for `import a.b`. */
function fromModule(source: string, statement: SyntaxNode): string | undefined {
  const parts = children(statement)
  if (parts[0]?.name !== 'from') return undefined
  let module = ''
  for (const node of parts.slice(1)) {
    if (node.name === 'import') break
    module += text(source, node).replace(/\s/g, '')
  }
  return module
}

function pythonReferences(
  source: string,
  tree: PythonTree,
  lines: LineIndex,
  names: ReadonlySet<string>
): Reference[] {
  const out: Reference[] = []
  if (names.size === 0) return out
  const types = new Map<number, Map<string, string | null>>()
  const cursor = tree.cursor()
  do {
    if (cursor.name === 'String') {
      out.push(...stringReferences(source, cursor.node, lines, names))
      continue
    }
    if (cursor.name !== 'VariableName' && cursor.name !== 'PropertyName') continue
    const name = source.slice(cursor.from, cursor.to)
    if (!names.has(name)) continue
    const node = cursor.node
    const kind = kindOf(node)
    const parent = node.parent
    const receiver =
      parent?.name === 'MemberExpression' && cursor.name === 'PropertyName' && parent.firstChild
        ? text(source, parent.firstChild).replace(/\s+/g, '')
        : undefined
    const type = receiver !== undefined ? receiverType(source, node, receiver, types) : undefined
    const keywordOf = keywordCallee(source, node)
    const reference: Reference = {
      name,
      line: lines.line(cursor.from),
      kind,
      ...(receiver !== undefined ? { receiver } : {}),
      ...(keywordOf !== undefined ? { keywordOf } : {}),
      ...(type !== undefined ? { receiverType: type } : {}),
      ...(kind === 'import' && parent ? importSource(source, parent, node) : {}),
      ...enclosing(source, node),
      text: lineText(source, cursor.from)
    }
    out.push(reference)
  } while (cursor.next())
  return out
}

/** For a keyword argument (`Order("A1", total=3)`): the callee as written (`Order`). */
function keywordCallee(source: string, node: SyntaxNode): string | undefined {
  if (node.name !== 'VariableName' || node.parent?.name !== 'ArgList') return undefined
  if (node.nextSibling?.name !== 'AssignOp') return undefined
  const callee = node.parent.parent?.name === 'CallExpression' ? node.parent.parent.firstChild : null
  return callee ? text(source, callee).replace(/\s+/g, '') : undefined
}

// ── what a receiver is ──────────────────────────────────────────────────────────────────────────────

/** Calls that name an attribute of their first argument by a string: `getattr(x, "m")`, `patch.object(X, "m")`. */
const ATTRIBUTE_BY_STRING = /^(?:getattr|setattr|hasattr|delattr|object)$/

/**
 * Names a string literal reaches as code: the attribute a `patch.object(X, "m")`-style call names on its
 * first argument, and the parts of a dotted path a test patches (`monkeypatch.setattr("pkg.mod.f", …)`,
 * `mock.patch("pkg.mod.Class.m")`) — a module on the path is imported, a name at its end is used.
 */
function stringReferences(
  source: string,
  node: SyntaxNode,
  lines: LineIndex,
  names: ReadonlySet<string>
): Reference[] {
  const value = /^[rbu]?(['"])([A-Za-z_][\w.]*)\1$/i.exec(text(source, node))?.[2]
  if (value === undefined) return []
  const args = node.parent
  const call = args?.name === 'ArgList' ? args.parent : null
  if (!call || call.name !== 'CallExpression') return []
  const base = {
    line: lines.line(node.from),
    ...enclosing(source, node),
    text: lineText(source, node.from),
    inString: true as const
  }
  const callee = call.firstChild ? (text(source, call.firstChild).split('.').pop() ?? '') : ''
  const values = children(args as SyntaxNode).filter(child => !/^[(),]$/.test(child.name))
  if (!value.includes('.')) {
    const first = values[0]
    if (!names.has(value) || !ATTRIBUTE_BY_STRING.test(callee) || values[1]?.from !== node.from || !first)
      return []
    return [{ ...base, name: value, kind: 'attribute', receiver: text(source, first).replace(/\s+/g, '') }]
  }
  const parts = value.split('.')
  const out: Reference[] = []
  parts.forEach((part, index) => {
    if (!names.has(part) || index === 0) return
    const prefix = parts.slice(0, index).join('.')
    if (index < parts.length - 1)
      out.push({ ...base, name: part, kind: 'import', fromModule: value, inModulePath: true })
    else if (/^[A-Z]/.test(parts[index - 1] ?? ''))
      out.push({ ...base, name: part, kind: 'attribute', receiver: prefix })
    else out.push({ ...base, name: part, kind: 'import', fromModule: prefix })
  })
  return out
}

/**
 * For a name inside an import statement: the module the statement names, and whether the name is part of
 * that module's path (`api` in `from pkg.api import x` or `import pkg.api`) rather than a name imported from it.
 */
function importSource(
  source: string,
  statement: SyntaxNode,
  node: SyntaxNode
): { fromModule?: string; inModulePath?: true } {
  const from = fromModule(source, statement)
  if (from !== undefined) {
    const importKeyword = statement.getChild('import')
    const inPath = importKeyword !== null && node.from < importKeyword.from
    return { fromModule: from, ...(inPath ? { inModulePath: true as const } : {}) }
  }
  // `import a.b as c, d`: the dotted run the name belongs to.
  let dotted = ''
  let owns = false
  for (const child of children(statement)) {
    if (child.name === ',') {
      if (owns) break
      dotted = ''
    } else if (child.name === 'VariableName' || child.name === '.') {
      if (child.from === node.from) owns = true
      if (!/\bas\b/.test(dotted)) dotted += text(source, child)
    } else if (child.name === 'as') dotted += ' as '
  }
  return owns ? { fromModule: dotted.replace(/ as .*$/, ''), inModulePath: true } : {}
}

/**
 * `test_*` functions at module level, in `Test*` classes (pytest's default collection rules) and in
 * `unittest.TestCase` subclasses of any name, which pytest collects too.
 */
function pythonTestFunctions(source: string, tree: PythonTree, lines: LineIndex): TestFunction[] {
  const out: TestFunction[] = []
  for (const statement of scopeStatements(tree.topNode)) {
    const definition = definitionOf(statement)
    if (!definition) continue
    const name = nameOf(source, definition)
    if (!name) continue
    if (definition.name === 'FunctionDefinition' && name.startsWith('test')) {
      out.push({ name, line: lines.line(definition.from) })
    } else if (
      definition.name === 'ClassDefinition' &&
      (name.startsWith('Test') || isTestCase(source, definition))
    ) {
      const body = definition.getChild('Body')
      for (const member of body ? scopeStatements(body) : []) {
        const method = definitionOf(member)
        const methodName = method?.name === 'FunctionDefinition' ? nameOf(source, method) : undefined
        if (method && methodName?.startsWith('test'))
          out.push({ name: methodName, line: lines.line(method.from), className: name })
      }
    }
  }
  return out
}

/** A class whose bases name a `TestCase` (`unittest.TestCase`, `IsolatedAsyncioTestCase`, …). */
function isTestCase(source: string, definition: SyntaxNode): boolean {
  const bases = definition.getChild('ArgList')
  return bases !== null && /TestCase\b/.test(source.slice(bases.from, bases.to))
}

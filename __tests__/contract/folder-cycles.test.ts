/**
 * The folders of `src/` (and its top-level files) depend on each other in one direction only, the text
 * module is a leaf, and the core does no I/O of its own: the layering the README describes, checked from
 * the import lines themselves.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const SRC = resolve('src')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** `notify` for src/notify/reply.ts, `pipeline` for src/pipeline.ts. */
function unitOf(file: string): string {
  const [first = '', ...rest] = relative(SRC, file).split('/')
  return rest.length > 0 ? first : first.replace(/\.ts$/, '')
}

/** Relative imports, re-exports and dynamic imports of `file`, type-only ones included, as source paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+'(\.{1,2}\/[^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)
  ]
  return specifiers.map(match => resolve(dirname(file), (match[1] ?? '').replace(/\.js$/, '.ts')))
}

/** unit → unit → the import lines that make the edge. */
function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>()
  for (const file of sources(SRC)) {
    const from = unitOf(file)
    for (const target of importsOf(file)) {
      const to = unitOf(target)
      if (to === from) continue
      const edges = graph.get(from) ?? new Map<string, string[]>()
      graph.set(from, edges)
      edges.set(to, [...(edges.get(to) ?? []), `${relative(SRC, file)} → ${relative(SRC, target)}`])
    }
  }
  return graph
}

/** Every cycle's strongly connected set of units (Tarjan), with the edges inside it. */
function cycles(graph: Map<string, Map<string, string[]>>): string[][] {
  const nodes = new Set([...graph.keys(), ...[...graph.values()].flatMap(edges => [...edges.keys()])])
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const found: string[][] = []
  let next = 0
  const connect = (node: string): void => {
    index.set(node, next)
    low.set(node, next)
    next += 1
    stack.push(node)
    for (const to of graph.get(node)?.keys() ?? []) {
      if (!index.has(to)) {
        connect(to)
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0))
      } else if (stack.includes(to)) low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0))
    }
    if (low.get(node) !== index.get(node)) return
    const component: string[] = []
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      component.push(member)
      if (member === node) break
    }
    if (component.length > 1) {
      found.push(
        component.flatMap(from =>
          component.flatMap(to => (graph.get(from)?.get(to) ?? []).map(edge => `${from} → ${to}: ${edge}`))
        )
      )
    }
  }
  for (const node of nodes) if (!index.has(node)) connect(node)
  return found
}

describe('src/ layering', () => {
  it('has no cycle between folders (or top-level files)', () => {
    expect(cycles(folderGraph())).toEqual([])
  })

  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['gate', new Map([['render', ['gate/format.ts → render/markdown.ts']]])],
      ['render', new Map([['gate', ['render/plan-document.ts → gate/format.ts']]])]
    ])
    expect(cycles(graph)).toHaveLength(1)
  })

  it('keeps src/text a leaf: it imports nothing else from the project', () => {
    const outside = sources(join(SRC, 'text')).flatMap(file =>
      importsOf(file)
        .filter(target => unitOf(target) !== 'text')
        .map(target => `${relative(SRC, file)} → ${relative(SRC, target)}`)
    )
    expect(outside).toEqual([])
  })

  it('keeps the core pure: master-plan, grounding, analysis and render read no files and start no process', () => {
    // The parser's worker thread is started by plan-parser/, and the gate runs the suite through adapters/exec.
    const io = /^\s*import\b[^'"]*?\bfrom\s+'node:(?:fs|fs\/promises|child_process)'/m
    const offenders = ['master-plan', 'grounding', 'analysis', 'render'].flatMap(folder =>
      sources(join(SRC, folder))
        .filter(file => io.test(readFileSync(file, 'utf8')))
        .map(file => relative(SRC, file))
    )
    expect(offenders).toEqual([])
  })

  it('starts git only from the workspace edge (src/adapters)', () => {
    const spawnsGit = /\b(?:execFile|spawn|execFileSync|spawnSync)\(\s*'git'/
    const offenders = sources(SRC)
      .filter(file => unitOf(file) !== 'adapters' && unitOf(file) !== 'tools')
      .filter(file => spawnsGit.test(readFileSync(file, 'utf8')))
      .map(file => relative(SRC, file))
    expect(offenders).toEqual([])
  })
})

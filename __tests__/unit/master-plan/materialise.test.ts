/**
 * The model keeps block summaries, not trees, and re-parses blocks on demand. Both must agree with one
 * whole parse of the document: the summaries with its top-level nodes, the re-parsed nodes with those
 * nodes exactly (positions included), and units of part of a block with a walk of the whole tree.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Root } from 'mdast'
import { remark } from 'remark'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import { summariseBlock } from '../../../src/master-plan/blocks.js'
import { blockNodes, reparseBlocks } from '../../../src/master-plan/materialise.js'
import type { MasterPlanModel } from '../../../src/master-plan/model.js'
import { buildModel } from '../../../src/master-plan/outline.js'
import { normaliseLineEndings } from '../../../src/master-plan/parse.js'
import { nodeUnits, unitsInSpans } from '../../../src/master-plan/units.js'
import { EXAMPLE_DIR, EXAMPLE_MASTER_PLAN, PROJECT_ROOT } from '../../support/example-repo.js'

const whole = remark().use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml'])

const DOCUMENTS: Record<string, string> = {
  'lists with lazy lines':
    '# A\n- item\nlazy line\n- next\n\n  loose\n1. one\n2. two\nlazy\n\n# B\n> quote\nlazy\n',
  'fences holding hash lines': 'x\n\n```\n# not a heading\n```\n# H\n- a\n  ```\n  # nor this\n  ```\n',
  'setext headings': 'Title\n=====\n\ntext\nSub\n---\npara\n\n---\nafter a break\n',
  'HTML blocks': '<div>\n# inside\n</div>\n\n<!--\n# c\n-->\ntext <b>inline</b>\n\n<pre>\n\n</pre>\n',
  'YAML front matter': '---\ntitle: x\n# comment\n---\n# H\n\n---\nnot front matter\n\n---\n',
  'TOML front matter': '+++\na = 1\n+++\n# H\n+++\n',
  'a thematic break that could open front matter': '# A\n\n---\n\ntitle: y\n\n---\n\ntext\n',
  tables: '# T\n| a | b |\n| - | - |\n| `x` | <br> |\n\ntext\n| c |\n| - |\n| 1 |\n',
  'link and footnote definitions':
    '# A\nsee [ref], [Other ref] and [^1]; not [missing]\n\n> [other REF]: /y\n\n- [ref]: http://x\n\n[^1]: note\n    more\n\n    indented code after a footnote\n',
  'a definition before the first block it serves': '[x]: #\n\n    code\n\n[x] and [^n]\n\n[^n]: y\n',
  'indentation and tabs': '\tcode\n\n  - item\n\n\t- tabbed\n    # deep\n   # three\n',
  'no final line break': '# A\nx\n- y'
}

const tree = (source: string): Root => whole.parse(source)

/** Serialised trees compare much faster than deep equality on the corpus' large documents. */
const same = (actual: unknown, expected: unknown): void =>
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected))

/** Summaries, every block alone, and (for short documents) every run of blocks to the end. */
function checkDocument(text: string, runs: boolean): void {
  const model = buildModel(text)
  const source = normaliseLineEndings(text)
  const nodes = tree(source).children
  same(
    model.blocks,
    nodes.map(node => summariseBlock(source, node))
  )
  for (let from = 0; from < nodes.length; from++) {
    same(reparseBlocks(model, from, from + 1), [nodes[from]])
    if (runs) same(reparseBlocks(model, from, nodes.length), nodes.slice(from))
  }
  for (const section of model.sections) {
    const from = Math.max(0, section.headingIndex)
    same(reparseBlocks(model, from, section.bodyEnd), nodes.slice(from, section.bodyEnd))
  }
}

describe('block summaries and re-parsed blocks', () => {
  it.each(Object.entries(DOCUMENTS))('%s: equal to one whole parse', (_, text) => {
    checkDocument(text, true)
  })

  it('reads references as the whole document does, and drops the definitions it adds', () => {
    const model = buildModel(DOCUMENTS['link and footnote definitions'] ?? '')
    expect(model.definitions).toEqual({ links: ['other ref', 'ref'], footnotes: ['1'] })
    const [paragraph] = blockNodes(model, 1, 2)
    const kinds = paragraph?.type === 'paragraph' ? paragraph.children.map(child => child.type) : []
    expect(kinds).toEqual([
      'text',
      'linkReference',
      'text',
      'linkReference',
      'text',
      'footnoteReference',
      'text'
    ])
  })

  it('falls back to a whole parse when a re-parse does not give the summarised blocks', () => {
    const model = buildModel('# A\n\ntext\n\n- a\n- b\n')
    const wrong: MasterPlanModel = {
      ...model,
      blocks: model.blocks.map((block, index) => (index === 1 ? { ...block, type: 'code' } : block))
    }
    expect(reparseBlocks(wrong, 1, 3)).toBeUndefined()
    expect(blockNodes(wrong, 1, 3)).toEqual(tree(model.source).children.slice(1, 3))
  })

  it('units of one list item equal those of the item in the whole tree', () => {
    const text = '# S\n1. first `a.py`\n   ```py\n   x = 1\n   ```\n2. second\n   | h |\n   | - |\n   | r |\n'
    const model = buildModel(text)
    const list = tree(model.source).children[1]
    if (list?.type !== 'list') throw new Error('expected a list')
    for (const item of list.children) {
      const span = { start: item.position?.start.offset ?? 0, end: item.position?.end.offset ?? 0 }
      expect(unitsInSpans(model, [span])).toEqual(nodeUnits(model.source, item))
    }
    expect(unitsInSpans(model, [{ start: 0, end: model.source.length }])).toEqual(
      model.blocks.flatMap(block => block.units)
    )
  })

  it('the example master plan: summaries and every re-parsed block equal to one whole parse', () => {
    checkDocument(readFileSync(join(EXAMPLE_DIR, EXAMPLE_MASTER_PLAN), 'utf8'), false)
  })

  const corpus = join(PROJECT_ROOT, '..', 'shared', 'corpus')
  const documents = existsSync(corpus) ? readdirSync(corpus).filter(name => name.endsWith('.md')) : []
  const itCorpus = documents.length > 0 ? it.each(documents) : it.skip.each(['(no corpus)'])
  itCorpus('corpus %s: summaries, every block and every section re-parsed as in one whole parse', name => {
    checkDocument(readFileSync(join(corpus, name), 'utf8'), false)
  })
})

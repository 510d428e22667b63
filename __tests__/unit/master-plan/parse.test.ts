/**
 * Parsing a long master plan in pieces (cut before top-level ATX headings) yields exactly the tree of one
 * whole parse: same nodes, same positions. Pieces as small as possible stress every cut.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { remark } from 'remark'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import { normaliseLineEndings, parseSource } from '../../../src/master-plan/parse.js'
import { EXAMPLE_DIR, EXAMPLE_MASTER_PLAN, PROJECT_ROOT } from '../../support/example-repo.js'

const whole = remark().use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml'])

const EDGE_CASES: Record<string, string> = {
  'a fence holding heading lines': 'a\n\n```\n# not a heading\n## nor this\n```\n# H1\ntext\n## H2\n',
  'an unclosed fence to the end': 'a\n# H0\n```\n# in code\n# still code\n',
  'fences in list items closed by a heading': '# A\n- a\n  ```\n  code\n# H\n- b\n\n  ```\n  x\n\n# H2\n',
  'HTML blocks holding heading lines':
    '# A\n<!--\n# hidden\n-->\n# B\n<div>\n# in div\n\n# C\n<pre>\n\n# pre\n</pre>\n# D\n',
  'YAML front matter with a comment line': '---\ntitle: x\n# comment\n---\n# H\nbody\n# H2\n',
  'an unclosed front matter fence': '---\n# H\nx\n# H2\n',
  'TOML front matter': '+++\na = 1\n# c\n+++\n# H\n',
  'definitions used across sections': '# A\nsee [ref] and [^1]\n# B\n[ref]: http://x\n[^1]: note\n# C\n',
  'a table before a heading': '# A\n| a | b |\n| - | - |\n| 1 | 2 |\n# H | x\n| - | - |\n# C\n',
  'a paragraph then a heading-like table row': '# A\npara\n# a | b\n| - | - |\n# C\n',
  'setext underlines after headings': '# A\nfoo\n# B\n===\n# C\n---\n',
  'lazy lines and quoted fences': '# A\n> a\nlazy\n# B\n> ```\n> x\n# C\n',
  'hash lines that are not headings': '#\n#\n# \n#x\n####### seven\n# H\n',
  'no final line break': '# A\nx\n# B',
  'blank lines around headings': '\n\n# A\n\n\n# B\n\n',
  'indented code and indented headings': '# A\n    code\n# B\n   # three\n# C\n',
  'autolink literals': '# A\nwww.example.com and https://x.y\n# B\nmail@x.org\n',
  'loose and tight lists before headings':
    '# A\n- a\n\n- b\n\n\n# B\n1. x\n   - y\n\n   - z\n# C\n- [ ] task\n'
}

function expectSameTree(text: string, pieceChars: number): void {
  const source = normaliseLineEndings(text)
  expect(parseSource(source, pieceChars)).toEqual(whole.parse(source))
}

describe('parsing in pieces', () => {
  it.each(Object.entries(EDGE_CASES))('%s: the same tree as one parse', (_, text) => {
    for (const pieceChars of [0, 1, 3, 10]) expectSameTree(text, pieceChars)
  })

  it('the example master plan: the same tree at every piece size', () => {
    const text = readFileSync(join(EXAMPLE_DIR, EXAMPLE_MASTER_PLAN), 'utf8')
    for (const pieceChars of [0, 500, 4000, 1_000_000]) expectSameTree(text, pieceChars)
  })

  const corpus = join(PROJECT_ROOT, '..', 'shared', 'corpus')
  const documents = existsSync(corpus) ? readdirSync(corpus).filter(name => name.endsWith('.md')) : []
  const itCorpus = documents.length > 0 ? it.each(documents) : it.skip.each(['(no corpus)'])
  itCorpus('corpus %s: the same tree with small pieces', name => {
    const text = readFileSync(join(corpus, name), 'utf8')
    for (const pieceChars of [0, 2000]) expectSameTree(text, pieceChars)
  })
})

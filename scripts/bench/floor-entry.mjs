// The least any run on plan-phase's stack does, bundled the way dist/index.js is: load @actions/core,
// remark (GFM, front matter) and the Lezer Python parser, parse one master plan and some Python files,
// print a count. No pipeline, no git, no gate, no rendering. `node floor.js <plan.md> <file.py>...`
import { readFileSync } from 'node:fs'
import * as core from '@actions/core'
import { parser } from '@lezer/python'
import { remark } from 'remark'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'

const [plan, ...python] = process.argv.slice(2)
const tree = remark()
  .use(remarkGfm)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .parse(readFileSync(plan, 'utf8'))
let length = 0
for (const file of python) length += parser.parse(readFileSync(file, 'utf8')).length
core.info(`${tree.children.length} blocks, ${length} characters of Python`)

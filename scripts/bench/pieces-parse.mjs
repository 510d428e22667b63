// The bench's baseline for large master plans, bundled by the bench like dist/ (ncc, minified):
// `node pieces-parse/index.mjs <file>` loads remark with the plugins the product uses and parses the
// whole file in the pieces the product cuts a long plan into (src/master-plan/parse.ts), keeping nothing
// — what parsing all of it costs, however little is done with the result. Prints the top-level nodes.
import { readFileSync } from 'node:fs'
import { normaliseLineEndings, parsePieces } from '../../src/master-plan/parse.ts'

let nodes = 0
parsePieces(normaliseLineEndings(readFileSync(process.argv[2], 'utf8')), {
  add: found => void (nodes += found.length),
  restart: () => void (nodes = 0)
})
process.stdout.write(`${nodes}\n`)

/**
 * The parts of the documents that change on every run without the plan changing: the status's
 * generated-at, the tested commit, the suite's duration. Delivery compares documents without them,
 * so a re-run on the same state commits nothing. Pure.
 */
const VOLATILE_ROWS = /^\| (?:Generated at|Commit|Tested commit) \|.*$/gm
const TESTED_AT = / at commit `[0-9a-f]{7,64}`/g
/** The gate table's data row ends with the duration cell. */
const DURATION_CELL = /^(\| [^|\n]+(?: \| (?:\d+|—)){5} \|) [^|\n]+ \|$/gm

export function stableForm(document: string): string {
  return document.replace(VOLATILE_ROWS, '').replace(TESTED_AT, '').replace(DURATION_CELL, '$1')
}

export function sameDocument(existing: string, wanted: string): boolean {
  return existing === wanted || stableForm(existing) === stableForm(wanted)
}

/** Helpers for writing Markdown that stays correct whatever text is put in it. Pure. */

/** An inline code span that holds any text literally, for the documents (see `verbatimCode`). */
export { verbatimCode as code } from '../text/code.js'

/** A table cell: pipes escaped, lines joined. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim() || ' '
}

/** `3 tests`, `1 test`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`]
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`)
  return lines.join('\n')
}

/** Accumulates a document and remembers where named regions start and end. */
export class DocumentWriter {
  private readonly parts: string[] = []
  private length = 0
  private readonly regions: { name: string; start: number; end: number }[] = []
  private readonly open = new Map<string, number>()

  /** Appends a block followed by a blank line. */
  block(text: string): this {
    return this.raw(`${text.replace(/\n+$/, '')}\n\n`)
  }

  raw(text: string): this {
    this.parts.push(text)
    this.length += text.length
    return this
  }

  begin(name: string): this {
    this.open.set(name, this.length)
    return this
  }

  end(name: string): this {
    const start = this.open.get(name)
    if (start !== undefined) this.regions.push({ name, start, end: this.length })
    this.open.delete(name)
    return this
  }

  text(): string {
    return `${this.parts.join('').replace(/\n+$/, '')}\n`
  }

  spans(name: string): { start: number; end: number }[] {
    return this.regions.filter(region => region.name === name).map(({ start, end }) => ({ start, end }))
  }
}

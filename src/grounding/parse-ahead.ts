/**
 * The repository's modules parsed ahead of need, while the run waits on something else (the master plan's
 * parse in its own thread). A module's parse is kept by its text (memo.ts), so grounding, which reads the
 * same files afterwards, finds their trees, symbols and imports built: nothing it computes changes, only
 * when. It only fills a wait: it stops at the first file after `stopped()` says so, and parses within a
 * bound the memo keeps.
 */
import type { Language } from './language.js'
import type { ReadFile } from './types.js'

/** Characters parsed ahead at most, and of one file: well within what the module memo keeps. */
const AHEAD_CHARS = 1_000_000
const AHEAD_FILE_CHARS = 200_000

export async function parseAhead(
  files: readonly string[],
  read: ReadFile,
  language: Language,
  stopped: () => boolean
): Promise<void> {
  let chars = 0
  for (const file of files) {
    if (stopped()) return
    if (!language.isSourcePath(file)) continue
    let text: string
    try {
      text = await read(file)
    } catch {
      continue
    }
    if (stopped() || chars + text.length > AHEAD_CHARS) return
    if (text.length > AHEAD_FILE_CHARS) continue
    chars += text.length
    const module = language.parse(text)
    module.symbols()
    module.imports()
  }
}

/**
 * The git blob id of a master plan's text, hashed in pieces so its bytes are never made whole: the id of
 * the text's UTF-8 bytes, whatever falls on the boundary between two pieces.
 */
import { gitBlobSha, gitObjectSha } from '../../../src/adapters/git.js'

/** The id from the whole bytes: the reference the pieces must match. */
const fromBytes = (text: string): string => gitObjectSha('blob', Buffer.from(text, 'utf8'))

describe('gitBlobSha', () => {
  it('is the id git gives the bytes', () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(gitBlobSha('hello\n')).toBe('ce013625030ba8dba906f756967f9e9ca394464a')
    expect(gitBlobSha(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a')
  })

  it('hashes a long text in pieces as its whole bytes, multi-byte characters included', () => {
    const text = 'Phase 1 — café ✅\n'.repeat(40_000)
    expect(text.length).toBeGreaterThan(512 * 1024)
    expect(gitBlobSha(text)).toBe(fromBytes(text))
  })

  it('never splits a character outside the BMP between two pieces', () => {
    // A surrogate pair at every position around the first and second piece boundaries (256 K characters).
    for (const boundary of [256 * 1024, 512 * 1024]) {
      for (const shift of [-2, -1, 0, 1]) {
        const before = 'a'.repeat(boundary + shift)
        const text = `${before}🚀 done\n${'b'.repeat(1000)}`
        expect(gitBlobSha(text)).toBe(fromBytes(text))
      }
    }
  })
})

import { describe, expect, it } from '@jest/globals'
import { endsInsideCharacter } from '../../../src/gate/run-gate.js'

describe('endsInsideCharacter', () => {
  const bytes = (text: string): Uint8Array => Buffer.from(text)

  it('is false after whole characters of every width', () => {
    for (const text of ['a', 'é', '€', '😀', 'ab€😀']) expect(endsInsideCharacter(bytes(text))).toBe(false)
    expect(endsInsideCharacter(new Uint8Array(0))).toBe(false)
  })

  it('is true when the last character is cut after any of its bytes', () => {
    expect(endsInsideCharacter(bytes('é').subarray(0, 1))).toBe(true)
    expect(endsInsideCharacter(bytes('a€').subarray(0, 2))).toBe(true)
    expect(endsInsideCharacter(bytes('a€').subarray(0, 3))).toBe(true)
    expect(endsInsideCharacter(bytes('😀').subarray(0, 3))).toBe(true)
  })

  it('errs towards true for a byte that leads nothing valid', () => {
    expect(endsInsideCharacter(Uint8Array.from([0x68, 0xff]))).toBe(true)
  })
})

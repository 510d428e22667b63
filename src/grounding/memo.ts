/**
 * Results computed from a text, kept by that text so the same text is worked on once per run (a Python
 * module grounded and then read for its tests, a code sample read by several analyses). Bounded by the
 * characters of the texts kept: the oldest entries go first. Pure.
 */
export function memoByText<T>(compute: (text: string) => T, maxChars: number): (text: string) => T {
  const kept = new Map<string, T>()
  let chars = 0
  return text => {
    const known = kept.get(text)
    if (known !== undefined) return known
    const value = compute(text)
    if (text.length > maxChars) return value
    kept.set(text, value)
    chars += text.length
    for (const [oldest] of kept) {
      if (chars <= maxChars) break
      kept.delete(oldest)
      chars -= oldest.length
    }
    return value
  }
}

/**
 * Ids written as words or numerals: English number words, Roman and Chinese numerals, read as digits
 * (docs/phases.md, rule 1). Pure.
 */

const NUMBER_WORDS =
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'.split(
    ' '
  )
const ROMAN_VALUES = 'I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX'.split(' ')
/** Roman numerals of two letters or more, longest first (a lone `I`, `V`, `X` is a letter unless the plan says). */
const ROMAN = ROMAN_VALUES.filter(value => value.length > 1)
  .sort((a, b) => b.length - a.length)
  .join('|')
const CJK_NUMERAL = '[零〇一二两三四五六七八九十百]{1,4}'

/** A regular-expression alternative for any numeral id (no groups). */
export const NUMERAL_TOKEN = `${ROMAN}|${NUMBER_WORDS.join('|')}|${CJK_NUMERAL}`

/** A Roman numeral of two letters or more (`II`, `IV`): unambiguous, unlike a lone `I`. */
export function isRomanNumeral(token: string): boolean {
  return token.length > 1 && ROMAN_VALUES.includes(token.toUpperCase())
}

const CJK_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9
}

/** Number words, Roman and Chinese numerals as digits; any other id as written. */
export function numeral(token: string, roman: boolean): string {
  const word = NUMBER_WORDS.indexOf(token.toLowerCase())
  if (word !== -1) return String(word)
  const value = ROMAN_VALUES.indexOf(token.toUpperCase())
  if (value !== -1 && (token.length > 1 || roman)) return String(value + 1)
  if (!/^[零〇一二两三四五六七八九十百]+$/u.test(token)) return token
  let total = 0
  let current = 0
  for (const char of token) {
    if (char === '百') {
      total += (current || 1) * 100
      current = 0
    } else if (char === '十') {
      total += (current || 1) * 10
      current = 0
    } else current = CJK_DIGITS[char] ?? 0
  }
  return String(total + current)
}

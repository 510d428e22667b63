import { memoByText } from '../../../src/grounding/memo.js'
import { python } from '../../../src/grounding/index.js'

describe('memoByText', () => {
  it('computes once per text, and forgets the oldest texts beyond its bound', () => {
    const seen: string[] = []
    const length = memoByText(text => {
      seen.push(text)
      return { length: text.length }
    }, 10)
    const first = length('abcd')
    expect(length('abcd')).toBe(first)
    length('efgh')
    length('ijkl') // 12 characters kept would pass the bound: 'abcd' goes
    length('efgh')
    length('abcd')
    expect(seen).toEqual(['abcd', 'efgh', 'ijkl', 'abcd'])
  })

  it('keeps nothing longer than its bound', () => {
    let calls = 0
    const count = memoByText(() => ++calls, 3)
    count('long text')
    count('long text')
    expect(calls).toBe(2)
  })
})

describe('Python parses once per text', () => {
  it('hands back the same module and sample for the same text', () => {
    const source = 'class A:\n    def f(self):\n        return 1\n'
    const module = python.parse(source)
    expect(python.parse(source)).toBe(module)
    expect(python.parse(`${source}\n`)).not.toBe(module)
    expect(python.sample(source)).toBe(python.sample(source))
    expect(module.symbols().classes.map(cls => cls.name)).toEqual(['A'])
  })
})

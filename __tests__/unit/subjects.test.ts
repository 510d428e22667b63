import { describe, expect, it } from '@jest/globals'
import { buildModel } from '../../src/master-plan/outline.js'
import { phaseContent } from '../../src/master-plan/phase-content.js'
import { methodOwners } from '../../src/render/subjects.js'

const fence = '```'

function ownersOf(samples: string[]): Map<string, string> {
  const text = ['# Master plan', '', '## Phase 1: Work', '', ...samples.flatMap(sample => [sample, ''])].join(
    '\n'
  )
  const model = buildModel(text)
  return methodOwners(model, phaseContent(model, '1', 'plan.md').units)
}

describe('methodOwners', () => {
  it('places the methods of a class sample in that class, the first class winning a shared name', () => {
    const owners = ownersOf([
      `${fence}python\nclass Router:\n    def route(self):\n        pass\n\n    async def close(self):\n        pass\n${fence}`,
      `${fence}py\n@dataclass\nclass Other:\n    def route(self):\n        pass\n    def size(self):\n        return 1\n${fence}`
    ])
    expect(Object.fromEntries(owners)).toEqual({ route: 'Router', close: 'Router', size: 'Other' })
  })

  it('reads classes defined inside module-level blocks, and samples without a language', () => {
    const owners = ownersOf([
      `${fence}\nif TYPE_CHECKING:\n\tpass\nelse:\n\tclass Late:\n\t\tdef run(self): ...\n${fence}`
    ])
    expect(Object.fromEntries(owners)).toEqual({ run: 'Late' })
  })

  it('gives no owner for functions outside classes or samples in other languages', () => {
    const owners = ownersOf([
      `${fence}python\ndef route(self):\n    pass\n${fence}`,
      `${fence}ts\nclass Router {\n  route() {}\n}\n${fence}`,
      `${fence}\`typescript\nclass Other {\n  size() {}\n}\n${fence}\``
    ])
    expect(owners.size).toBe(0)
  })
})

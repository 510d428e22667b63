import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { INPUTS, OUTPUTS } from '../../src/settings/action-io.js'
import { CONFIG_KEYS } from '../../src/settings/config-file.js'

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function section(document: Json, key: string): Json {
  const value = document[key]
  if (!isObject(value)) throw new Error(`action.yml has no mapping "${key}"`)
  return value
}

const action: unknown = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8'))
const document: Json = isObject(action) ? action : {}

describe('action.yml', () => {
  it('names and brands the action', () => {
    expect(document.name).toBe('plan-phase')
    expect(typeof document.description).toBe('string')
    expect(typeof document.author).toBe('string')
    expect(section(document, 'branding')).toEqual({ icon: expect.any(String), color: expect.any(String) })
  })

  it('runs the bundled entry on node24', () => {
    expect(section(document, 'runs')).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares exactly the registry inputs, with the same defaults and a description each', () => {
    const inputs = section(document, 'inputs')
    const declared = Object.fromEntries(
      Object.entries(inputs).map(([name, spec]) => [name, isObject(spec) ? { ...spec } : spec])
    )
    const expected = Object.fromEntries(
      Object.values(INPUTS).map(input => [
        input.name,
        { description: input.description, required: input.required, default: input.default }
      ])
    )
    expect(declared).toEqual(expected)
    for (const spec of Object.values(inputs)) {
      expect(isObject(spec) && typeof spec.default === 'string').toBe(true)
    }
  })

  it('declares exactly the registry outputs, with a description each', () => {
    const expected = Object.fromEntries(
      Object.values(OUTPUTS).map(output => [output.name, { description: output.description }])
    )
    expect(section(document, 'outputs')).toEqual(expected)
  })

  it('has an input for every key of .github/plan-phase.yml', () => {
    const names: string[] = Object.values(INPUTS).map(input => input.name)
    for (const key of Object.keys(CONFIG_KEYS)) expect(names).toContain(key)
  })
})

describe('README', () => {
  it('documents every input and output in its tables', async () => {
    const { readFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { INPUTS, OUTPUTS } = await import('../../src/settings/action-io.js')
    const { PROJECT_ROOT } = await import('../support/example-repo.js')
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')
    for (const spec of [...Object.values(INPUTS), ...Object.values(OUTPUTS)]) {
      expect(readme).toContain(`| \`${spec.name}\` |`)
    }
  })
})

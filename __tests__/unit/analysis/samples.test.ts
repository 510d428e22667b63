/**
 * The phase's code samples read as Python (which step each belongs to, the names they define), and the
 * signatures the master plan's prose gives for those names.
 */
import { inAnySample, phaseSamples, sampleNames } from '../../../src/analysis/samples.js'
import { proseSignatures } from '../../../src/analysis/signatures.js'
import { python } from '../../../src/grounding/python/index.js'
import { buildModel } from '../../../src/master-plan/outline.js'
import { phaseContent } from '../../../src/master-plan/phase-content.js'

const MASTER_PLAN = [
  '# Loader',
  '',
  '## Phase 1: Load',
  '',
  'The loader is `Loader.load(path, strict=False)`; callers use `load("config.yml")`.',
  '',
  '```python',
  'TIMEOUT = 5',
  '```',
  '',
  '### Step 1: Add the loader',
  '',
  '```python',
  'class Loader:',
  '    def load(self, path, strict=False):',
  '        return read(path)',
  '```',
  '',
  '```bash',
  'python -m loader',
  '```',
  '',
  '## Phase 2: Parse',
  '',
  '```python',
  'def parse(text):',
  '    return text.split()',
  '```',
  ''
].join('\n')

const model = buildModel(MASTER_PLAN)
const content = phaseContent(model, '1', 'PLAN.md')
const samples = phaseSamples(model, content, python)

describe('the phase’s code samples', () => {
  it('are its Python blocks, each with the step it sits in', () => {
    expect(samples.map(sample => [sample.unit.text.split('\n')[0], sample.stepId])).toEqual([
      ['TIMEOUT = 5', undefined],
      ['class Loader:', '1.1']
    ])
  })

  it('name what they define and bind, bare and qualified by class', () => {
    const names = sampleNames(samples)
    for (const name of ['TIMEOUT', 'Loader', 'Loader.load', 'load']) expect(names.has(name)).toBe(true)
    expect(names.has('parse')).toBe(false)
  })

  it('can be looked up across the whole master plan, by whole word', () => {
    expect(inAnySample(model, 'parse')).toBe(true)
    expect(inAnySample(model, 'Loader.load')).toBe(true)
    expect(inAnySample(model, 'pars')).toBe(false)
    expect(inAnySample(model, 'not a name')).toBe(false)
  })
})

describe('signatures in the prose', () => {
  it('are the master plan’s `name(params)` for names the samples define, without self and defaults', () => {
    expect(proseSignatures(model, samples).map(({ name, params }) => ({ name, params }))).toEqual([
      { name: 'load', params: ['path', 'strict'] }
    ])
  })

  it('are none without samples that define functions', () => {
    expect(proseSignatures(model, [])).toEqual([])
  })
})

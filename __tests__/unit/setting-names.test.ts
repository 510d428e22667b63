import { INPUTS } from '../../src/settings/action-io.js'
import { CONFIG_KEYS } from '../../src/settings/config-file.js'
import {
  callerOrigins,
  capitalised,
  CLI_FLAGS,
  inputName,
  settingName
} from '../../src/settings/setting-names.js'

describe('settingName: one table, two vocabularies', () => {
  it('names each setting the way its user wrote it', () => {
    expect(settingName(callerOrigins('action'), 'testTimeoutMinutes')).toBe(
      'the input `test-timeout-minutes`'
    )
    expect(settingName(callerOrigins('cli'), 'testTimeoutMinutes')).toBe('--test-timeout-minutes')
    const fromFile = ['test-timeout-minutes']
    expect(settingName({ caller: 'action', fromFile }, 'testTimeoutMinutes')).toBe(
      '`test-timeout-minutes` in .github/plan-phase.yml'
    )
    expect(settingName({ caller: 'cli', fromFile }, 'testTimeoutMinutes')).toBe(
      'test-timeout-minutes in .github/plan-phase.yml'
    )
    // Only the settings that came from the file are named as its keys.
    expect(settingName({ caller: 'cli', fromFile }, 'masterPlan')).toBe('--master-plan')
  })

  it('names a setting the CLI has no flag for as the key of the file, the only place a CLI user sets it', () => {
    expect(settingName(callerOrigins('cli'), 'branch')).toBe('branch in .github/plan-phase.yml')
  })

  it('names workflow-only inputs as inputs, whoever asks', () => {
    expect(inputName('outputDir')).toBe('the input `output-dir`')
  })

  it('capitalises a name at the start of a sentence without touching flags or keys', () => {
    expect(capitalised('the input `base`')).toBe('The input `base`')
    expect(capitalised('--plan-path')).toBe('--plan-path')
    expect(capitalised('plan-path in .github/plan-phase.yml')).toBe('plan-path in .github/plan-phase.yml')
  })

  it('has a flag for every setting the CLI uses, spelt like the input, and every flag names a file key', () => {
    for (const [key, flag] of Object.entries(CLI_FLAGS)) {
      const name = INPUTS[key as keyof typeof CLI_FLAGS].name
      expect(flag).toBe(`--${name}`)
      expect(Object.keys(CONFIG_KEYS)).toContain(name)
    }
  })
})

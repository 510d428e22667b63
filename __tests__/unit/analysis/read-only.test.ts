/**
 * Files a phase only reads ("Review …", "Examine `x.py` for …") are context, not files to change: they
 * leave "the files this phase touches" for a line of their own, unless the phase also changes them,
 * acts on what they define or writes tests into them.
 */
import { describe, expect, it } from '@jest/globals'
import { analyseFixture, lines } from '../../support/phase-fixture.js'

const REPOSITORY = {
  'app/__init__.py': '',
  'app/keys.py': lines('class KeyBindings:', '    def bind(self):', '        return 1'),
  'app/chat.py': lines('class Chat:', '    def send(self):', '        return 2'),
  'tests/test_chat.py': lines('def test_send():', '    assert True')
}

describe('files a phase only reads', () => {
  it('are listed apart from the files it touches, and as what a sub-step reads', async () => {
    const fixture = await analyseFixture(
      REPOSITORY,
      lines(
        '# Plan',
        '',
        '## Phase 5: Validate',
        '',
        '1. **Validate key bindings**',
        '   - **Review KeyBindings**: Examine `KeyBindings` class in `app/keys.py` for completer behaviour',
        '2. **Update the chat**',
        '   - Review `tests/test_chat.py` for the existing send tests',
        '   - Update `app/chat.py`, and add a test of the reply to `tests/test_chat.py`'
      ),
      '5'
    )
    const files = fixture.analysis.files.map(file => [file.path, file.readOnly === true])
    expect(files).toEqual(
      expect.arrayContaining([
        ['app/keys.py', true],
        ['app/chat.py', false]
      ])
    )
    expect(fixture.analysis.files.find(file => file.path === 'app/keys.py')?.why).toEqual([
      'read for context: the phase only reviews it'
    ])
    expect(fixture.analysis.steps.get('5.1')).toMatchObject({ files: [], reads: ['app/keys.py'] })
    // Reviewed, and changed by another item: a file it touches.
    expect(fixture.analysis.files.find(file => file.path === 'tests/test_chat.py')?.readOnly).toBeUndefined()
  })
})

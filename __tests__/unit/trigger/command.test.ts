import { parseCommand } from '../../../src/trigger/command.js'

const NO_FLAGS = { force: false, status: false }

function invalidMessage(body: string, command?: string): string {
  const result = parseCommand(body, command)
  if (result.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(result)}`)
  return result.message
}

describe('parseCommand', () => {
  it.each([
    ['/plan-phase 3', '3'],
    ['/plan-phase 0', '0'],
    ['/plan-phase 2A', '2A'],
    ['/plan-phase 3.10a', '3.10a'],
    ['/plan-phase A', 'A'],
    ['   /plan-phase 3', '3'],
    ['/plan-phase   3   ', '3'],
    ['/plan-phase\t3', '3']
  ])('reads %j as phase %s', (body, phase) => {
    expect(parseCommand(body)).toEqual({ kind: 'command', phase, flags: NO_FLAGS })
  })

  it('reads only the first line, with CRLF, LF or CR endings', () => {
    expect(parseCommand('/plan-phase 3\r\nplease, and --force is just text')).toEqual({
      kind: 'command',
      phase: '3',
      flags: NO_FLAGS
    })
    expect(parseCommand('/plan-phase 3 --force\r\n')).toMatchObject({ phase: '3', flags: { force: true } })
    expect(parseCommand('/plan-phase 4\nmore')).toMatchObject({ kind: 'command', phase: '4' })
    expect(parseCommand('/plan-phase 5\rmore')).toMatchObject({ kind: 'command', phase: '5' })
    expect(parseCommand('Thanks!\r\n/plan-phase 3')).toEqual({ kind: 'not-a-command' })
    expect(parseCommand('\n/plan-phase 3')).toEqual({ kind: 'not-a-command' })
  })

  it.each([
    '/plan-phases 3',
    '/plan-phase3',
    '/Plan-Phase 3',
    '/PLAN-PHASE 3',
    'plan-phase 3',
    '//plan-phase 3',
    'please /plan-phase 3',
    '> /plan-phase 3',
    '>/plan-phase 3',
    '`/plan-phase 3`',
    '``/plan-phase 3``',
    '```',
    '```\n/plan-phase 3\n```',
    '~~~\n/plan-phase 3\n~~~',
    '    /plan-phase 3',
    '\t/plan-phase 3',
    '- /plan-phase 3',
    '',
    'Looks good to me'
  ])('%j is not a command', body => {
    expect(parseCommand(body)).toEqual({ kind: 'not-a-command' })
  })

  it.each([
    ['-1', '`-1`'],
    ['99999999999999999999', '`99999999999999999999`'],
    ['３', '`３`'],
    ['3;', '`3;`'],
    ['$(id)', '`$(id)`'],
    ['../../etc', '`../../etc`'],
    ['3/../../x', '`3/../../x`'],
    ['3.', '`3.`'],
    ['AB', '`AB`'],
    ['3AB', '`3AB`']
  ])('rejects the phase id %j and quotes it', (id, quoted) => {
    const message = invalidMessage(`/plan-phase ${id}`)
    expect(message).toContain(`${quoted} is not a valid phase id`)
    expect(message).toContain('`/plan-phase <phase> [--force] [--status]`')
    expect(message).toContain('digits with optional dotted parts')
  })

  it('says when the phase id is missing', () => {
    expect(invalidMessage('/plan-phase')).toMatch(/^The phase id is missing\. Use `\/plan-phase <phase>/)
    expect(invalidMessage('  /plan-phase   \r\nphase 3 please')).toContain('missing')
  })

  it('parses flags in any order, each once', () => {
    expect(parseCommand('/plan-phase 3 --force')).toEqual({
      kind: 'command',
      phase: '3',
      flags: { force: true, status: false }
    })
    expect(parseCommand('/plan-phase 3 --status')).toMatchObject({ flags: { force: false, status: true } })
    expect(parseCommand('/plan-phase 3 --status --force')).toMatchObject({
      flags: { force: true, status: true }
    })
  })

  it('rejects duplicated, unknown and misplaced flags and extra words', () => {
    expect(invalidMessage('/plan-phase 3 --force --force')).toContain('`--force` is given more than once')
    expect(invalidMessage('/plan-phase 3 --status --force --status')).toContain('`--status` is given more')
    expect(invalidMessage('/plan-phase 3 --dry-run')).toContain('Unknown flag `--dry-run`')
    expect(invalidMessage('/plan-phase 3 -f')).toContain('Unknown flag `-f`')
    expect(invalidMessage('/plan-phase 3 --FORCE')).toContain('Unknown flag `--FORCE`')
    expect(invalidMessage('/plan-phase 3 4')).toContain('Unexpected word `4`')
    expect(invalidMessage('/plan-phase 3 please')).toContain('Unexpected word `please`')
    expect(invalidMessage('/plan-phase --force 3')).toContain(
      'The phase id must come first, before `--force`'
    )
  })

  it('uses the configured command word, exactly', () => {
    expect(parseCommand('/plan 3', '/plan')).toMatchObject({ kind: 'command', phase: '3' })
    expect(parseCommand('/plan-phase 3', '/plan')).toEqual({ kind: 'not-a-command' })
    expect(parseCommand('/Plan 3', '/plan')).toEqual({ kind: 'not-a-command' })
    expect(invalidMessage('/plan x.y', '/plan')).toContain('`/plan <phase> [--force] [--status]`')
  })

  it('quotes tokens with backticks, control characters and length safely', () => {
    expect(invalidMessage('/plan-phase 3`')).toContain('`` 3` `` is not a valid phase id')
    expect(invalidMessage('/plan-phase a``b')).toContain('```a``b``` is not a valid phase id')
    const long = 'x'.repeat(80)
    expect(invalidMessage(`/plan-phase ${long}`)).toContain(`\`${'x'.repeat(50)}…\``)
    expect(invalidMessage('/plan-phase 3\u202e')).toContain('`3\\u{202E}`')
  })
})

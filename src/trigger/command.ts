/**
 * The comment command grammar: `/plan-phase <phase> [--force] [--status]`. Pure: no I/O.
 *
 * Rules, in order:
 * - Only the first line of the body counts (split on CRLF, LF or CR); later lines are free text.
 * - Up to 3 leading spaces are allowed. A tab or a 4th space makes the line an indented code block
 *   in Markdown, so it is not a command; neither is a quote (`> /plan-phase 3`), an inline code
 *   span (`` `/plan-phase 3` ``) or a fence (a line starting with ``` or ~~~).
 * - The command word must be the first whitespace-separated token, equal to the configured word
 *   exactly and case-sensitively. `/plan-phases 3`, `/plan-phase3` and `/Plan-Phase 3` are not
 *   commands: they are other words, and answering them would hijack other bots' commands.
 * - Once the word matches, the rest is parsed strictly: exactly one phase id, then the flags
 *   `--force` and `--status`, each at most once, in any order. Anything else is an `invalid` result
 *   whose message quotes the offending token and shows the accepted form.
 */
import { PHASE_ID_FORM, isValidPhaseId } from '../master-plan/phase-id.js'
import { DEFAULTS } from '../settings/settings.js'
import { quote } from '../text/code.js'
import type { CommandFlags } from './request.js'

export type CommandParse =
  | { readonly kind: 'not-a-command' }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'command'; readonly phase: string; readonly flags: CommandFlags }

const FLAGS = { '--force': 'force', '--status': 'status' } as const satisfies Record<
  string,
  keyof CommandFlags
>

export function parseCommand(body: string, command: string = DEFAULTS.command): CommandParse {
  const firstLine = body.split(/\r\n|\n|\r/, 1)[0] ?? ''
  const line = firstLine.replace(/^ {0,3}/, '')
  // Anything not starting the line with the word itself (quote, code, fence, indent) is not a command.
  if (!line.startsWith(command)) return { kind: 'not-a-command' }
  const tokens = line.trim().split(/\s+/)
  if (tokens[0] !== command) return { kind: 'not-a-command' }
  const args = tokens.slice(1)

  const phase = args[0]
  if (phase === undefined) return invalid('The phase id is missing.', command)
  if (phase.startsWith('--')) {
    return invalid(`The phase id must come first, before ${quote(phase)}.`, command)
  }
  if (!isValidPhaseId(phase)) return invalid(`${quote(phase)} is not a valid phase id.`, command)

  const flags = { force: false, status: false }
  for (const token of args.slice(1)) {
    if (!isFlag(token)) {
      const what = token.startsWith('-') ? 'Unknown flag' : 'Unexpected word'
      return invalid(`${what} ${quote(token)}.`, command)
    }
    const name = FLAGS[token]
    if (flags[name]) return invalid(`The flag ${quote(token)} is given more than once.`, command)
    flags[name] = true
  }
  return { kind: 'command', phase, flags }
}

/** The accepted form, for messages: `/plan-phase <phase> [--force] [--status]` and the phase id form. */
export function commandUsage(command: string = DEFAULTS.command): string {
  return `Use ${quote(`${command} <phase> [--force] [--status]`, 200)}, where <phase> is ${PHASE_ID_FORM}.`
}

function isFlag(token: string): token is keyof typeof FLAGS {
  return Object.hasOwn(FLAGS, token)
}

function invalid(problem: string, command: string): CommandParse {
  return { kind: 'invalid', message: `${problem} ${commandUsage(command)}` }
}

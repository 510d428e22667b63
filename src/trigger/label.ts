/**
 * Label triggers. Pure: no I/O.
 *
 * The pattern (input `label-pattern`, default `plan-phase:<id>`) holds one `<id>` placeholder:
 * `plan-phase:3` asks for phase 3. The bare label (the pattern without `<id>` and the separator next
 * to it: `plan-phase`) takes the phase from the issue title: `Phase 3: …`, `phase 2A - …`,
 * `[Phase 3] …`, `[RFC] Phase 3: …`. Labels are matched case-insensitively, as GitHub treats label
 * names (`Plan-Phase:3` and `plan-phase:3` cannot both exist); the phase id keeps its case.
 * Any other label is not a command.
 */
import { PHASE_ID_FORM, isValidPhaseId, matchPhaseHeading } from '../master-plan/phase-id.js'
import { DEFAULTS } from '../settings/settings.js'
import { quote as codeSpan } from '../text/code.js'

export const ID_PLACEHOLDER = '<id>'

export type LabelParse =
  | { readonly kind: 'not-a-command' }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'command'; readonly phase: string; readonly fromTitle: boolean }

interface LabelPattern {
  readonly prefix: string
  readonly suffix: string
  /** The label that takes the phase from the title; '' when the pattern has no fixed text. */
  readonly bare: string
}

/** Separators trimmed from the fixed text next to `<id>` to form the bare label. */
const SEPARATORS = /[\s:/\-_.=#]+/

export function splitLabelPattern(pattern: string): LabelPattern {
  const at = pattern.indexOf(ID_PLACEHOLDER)
  if (at < 0) return { prefix: pattern, suffix: '', bare: pattern }
  const prefix = pattern.slice(0, at)
  const suffix = pattern.slice(at + ID_PLACEHOLDER.length)
  const head = prefix.replace(new RegExp(`${SEPARATORS.source}$`), '')
  const tail = suffix.replace(new RegExp(`^${SEPARATORS.source}`), '')
  return { prefix, suffix, bare: head || tail }
}

export function parseLabel(
  label: string,
  issueTitle: string,
  pattern: string = DEFAULTS.labelPattern
): LabelParse {
  const { prefix, suffix, bare } = splitLabelPattern(pattern)
  const name = label.trim()
  const lower = name.toLowerCase()

  if (bare !== '' && lower === bare.toLowerCase()) {
    const phase = phaseFromTitle(issueTitle)
    if (phase !== undefined) return { kind: 'command', phase, fromTitle: true }
    return {
      kind: 'invalid',
      message:
        `The label ${codeSpan(name)} takes the phase from the issue title, but the title ` +
        `${codeSpan(issueTitle)} names no phase. Retitle the issue like "Phase 3: …", or use a label ` +
        `like ${codeSpan(example(prefix, suffix))}, where the phase is ${PHASE_ID_FORM}.`
    }
  }

  if (!pattern.includes(ID_PLACEHOLDER)) return { kind: 'not-a-command' }
  const fits =
    name.length > prefix.length + suffix.length &&
    lower.startsWith(prefix.toLowerCase()) &&
    lower.endsWith(suffix.toLowerCase())
  if (!fits) return { kind: 'not-a-command' }
  const phase = name.slice(prefix.length, name.length - suffix.length)
  if (isValidPhaseId(phase)) return { kind: 'command', phase, fromTitle: false }
  return {
    kind: 'invalid',
    message:
      `The label ${codeSpan(name)} names the phase ${codeSpan(phase)}, which is not a valid phase id. ` +
      `Use a label like ${codeSpan(example(prefix, suffix))}, where the phase is ${PHASE_ID_FORM}.`
  }
}

/** `Phase 3: …`, `[Phase 3] …`, `[RFC] [WIP] phase 2A - …` → the phase id; undefined when none. */
export function phaseFromTitle(title: string): string | undefined {
  let text = title.trim()
  for (let round = 0; round < 5; round++) {
    const heading = matchPhaseHeading(text)
    if (heading && isValidPhaseId(heading.id)) return heading.id
    const stripped = text.replace(/^\[[^\]]*\]\s*/, '')
    if (stripped === text) return undefined
    text = stripped
  }
  return undefined
}

function example(prefix: string, suffix: string): string {
  return `${prefix}3${suffix}`
}

/**
 * Markdown for the gate's result (plan Step 2, reply comment, job summary). Test names and messages
 * come from the repository's code: they are rendered as code so they cannot inject markup, links,
 * HTML or notifications into a comment.
 */
import { codeBlock, codeSpan } from '../text/code.js'
import type { GateResult, GateStatus } from './result.js'

const STATUS_LABEL: Readonly<Record<GateStatus, string>> = {
  passed: '✅ passed',
  failed: '❌ failed',
  'no-tests': '⚠️ no tests',
  'timed-out': '⏱️ timed out',
  'not-found': '❓ command not found',
  killed: '🛑 killed',
  skipped: '⏭️ not run'
}

const MESSAGE_LIMIT = 500

function bound(text: string): string {
  if (text.length <= MESSAGE_LIMIT) return text
  return `${Array.from(text.slice(0, MESSAGE_LIMIT)).slice(0, -1).join('')}…`
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—'
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1)} s`
  const minutes = Math.floor(seconds / 60)
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`
}

export function gateTable(result: GateResult): string {
  // Without a report the counts are unknown, not zero.
  const count = (value: number): string => (result.source === 'junit' ? String(value) : '—')
  const duration = result.status === 'skipped' ? '—' : formatDuration(result.durationSeconds)
  return [
    '| Status | Passed | Failed | Errors | Skipped | Total | Duration |',
    '| :-- | --: | --: | --: | --: | --: | --: |',
    `| ${STATUS_LABEL[result.status]} | ${count(result.passed)} | ${count(result.failed)} | ${count(result.errors)} | ${count(result.skipped)} | ${count(result.total)} | ${duration} |`
  ].join('\n')
}

export function failureList(result: GateResult, max: number): string {
  const limit = Math.max(0, Math.floor(max))
  const shown = result.failures.slice(0, limit)
  const failing = Math.max(result.failures.length, result.failed + result.errors)
  const lines = shown.map(failure => {
    // A collection error's id is its file already.
    const where =
      failure.file === undefined || (failure.line === undefined && failure.file === failure.id)
        ? ''
        : ` (${codeSpan(failure.line === undefined ? failure.file : `${failure.file}:${failure.line}`)})`
    const kind = failure.kind === 'error' ? 'error' : 'failed'
    const message = bound(failure.message.trim())
    const head = `- ${codeSpan(failure.id)}${where} — ${kind}`
    if (message === '') return head
    if (!message.includes('\n')) return `${head}: ${codeSpan(message)}`
    return `${head}:\n\n${codeBlock(message, { indent: '  ' })}\n`
  })
  if (failing > shown.length) {
    lines.push(`- … and ${failing - shown.length} more`)
  }
  return lines.join('\n').replace(/\n+$/, '')
}

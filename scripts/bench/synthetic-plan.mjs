// A synthetic master plan of about `bytes` characters, shaped like the real ones: general sections
// (objective, guidelines, decisions, risks) around many phases, each with sub-headings, numbered and
// nested lists, Python code blocks, tables, test items and cross-references to other phases.
// Phase count grows with the square root of the size, so both the number of phases and each phase's
// size grow: 100 KB ≈ 10 phases of ~9 KB, 1 MB ≈ 32 of ~28 KB, 10 MB ≈ 100 of ~90 KB.

const pad = n => String(n).padStart(4, '0')

function generalSections(bytes) {
  const out = [
    '# Synthetic Service Refactor — Master Plan',
    '',
    'This plan splits routing out of the synthetic services. It is carried out one phase at a time,',
    'each phase ending with a green test suite and a short status note.',
    '',
    '## Objective',
    '',
    '**Goal:** give every `ServiceNNNN` a single owner for its routing rules, and keep `build_NNNN`',
    'the only public constructor.',
    '',
    '## Guiding Principles',
    ''
  ]
  let size = out.join('\n').length
  for (let i = 0; size < bytes; i++) {
    const text = [
      `### Principle ${i + 1}`,
      '',
      `- When a function moves, its body moves **verbatim** unless a step says otherwise (rule ${i}).`,
      '- Error messages stay byte-for-byte identical; tests match on them.',
      '- Run `python3 -m pytest -q` before and after every phase.',
      ''
    ].join('\n')
    out.push(text)
    size += text.length + 1
  }
  return out.join('\n')
}

function step(p, s) {
  const mod = `synth/pkg_${pad(p)}/mod_${pad(p * 10 + s)}.py`
  const cls = `Service${pad(p * 10 + s)}`
  return [
    `#### ${p}.${s} Move routing for ${cls}`,
    '',
    `Move the routing helpers of \`${cls}\` into \`${mod}\`; keep the public name \`build_${pad(p * 10 + s)}\`.`,
    `This builds on Phase ${Math.max(0, p - 1)} and must not change behaviour.`,
    '',
    `1. **Create** \`${mod}\` with a \`Router${pad(p * 10 + s)}\` class holding the provider table.`,
    `   - Copy \`${cls}.resolve\` verbatim; only \`self.providers\` becomes \`self.table\`.`,
    `   - Keep the error text \`Unknown provider for ${cls}\` unchanged.`,
    `2. **Wire** \`${cls}.__init__\` to build a \`Router${pad(p * 10 + s)}\` and delegate to it.`,
    `3. **Remove** the old helper \`_route_${pad(p * 10 + s)}\` from \`${cls}\`.`,
    '',
    '```python',
    `class Router${pad(p * 10 + s)}:`,
    `    """Routes requests for shard ${p * 10 + s}."""`,
    '',
    '    def __init__(self, table: dict[str, str]) -> None:',
    '        self.table = dict(table)',
    '',
    '    def resolve(self, name: str) -> str:',
    '        for key, value in self.table.items():',
    '            if key == name:',
    '                return value',
    `        raise KeyError(f"Unknown provider for ${cls}: {name}")`,
    '```',
    '',
    '| Name | Before | After |',
    '| --- | --- | --- |',
    `| \`resolve\` | \`${cls}\` | \`Router${pad(p * 10 + s)}\` |`,
    `| \`_route_${pad(p * 10 + s)}\` | \`${cls}\` | removed |`,
    '',
    `- [ ] \`tests/test_router_${pad(p * 10 + s)}.py::test_resolve_known\` asserts the known name resolves.`,
    `- [ ] \`tests/test_router_${pad(p * 10 + s)}.py::test_resolve_unknown\` asserts the error text.`,
    ''
  ].join('\n')
}

function phase(p, bytes) {
  const out = [
    `### Phase ${p}: Routing for shard group ${p}`,
    '',
    `Give shard group ${p} its own routers. Depends on Phase ${Math.max(0, p - 1)}; Phase ${p + 1} builds on it.`,
    ''
  ]
  let s = 1
  let size = out.join('\n').length
  while (size < bytes) {
    const text = step(p, s++)
    out.push(text)
    size += text.length + 1
  }
  out.push(
    `**Testing for Phase ${p}:** \`python3 -m pytest -q\` is green; every router has the two tests above.`,
    ''
  )
  return out.join('\n')
}

export function syntheticPlan(bytes) {
  const phases = Math.max(3, Math.round(10 * Math.sqrt(bytes / 100_000)))
  const general = Math.round(bytes * 0.04)
  const perPhase = Math.round((bytes * 0.92) / phases)
  const parts = [generalSections(general), '', '## Implementation Phases', '']
  for (let p = 1; p <= phases; p++) parts.push(phase(p, perPhase))
  parts.push('## Risks', '')
  let size = parts.join('\n').length
  for (let r = 1; size < bytes; r++) {
    const p = ((r * 7) % phases) + 1
    const text = `- Phase ${p} may break callers of \`Service${pad(p * 10 + 1)}\` outside the package (risk ${r}).`
    parts.push(text)
    size += text.length + 1
  }
  return { text: parts.join('\n') + '\n', phases }
}

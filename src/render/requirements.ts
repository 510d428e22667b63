/**
 * One named pytest requirement per class, function or file the phase creates, changes, moves or
 * removes — test file, test name, what it asserts — derived from the master plan's own sentence. Pure.
 */
import type { Grounding } from '../grounding/types.js'
import type { CitedName, NameAction } from '../master-plan/names.js'

export interface TestRequirement {
  readonly subject: string
  readonly kind: 'file' | 'module' | 'symbol'
  readonly action: Exclude<NameAction, 'mention'>
  readonly testFile: string
  readonly testName: string
  readonly asserts: string
  /** The master plan's sentence the requirement comes from. */
  readonly source: string
}

export function testRequirements(
  names: readonly CitedName[],
  grounding: Grounding,
  testFileFor: (sourcePath: string) => string
): TestRequirement[] {
  const requirements: TestRequirement[] = []
  const seen = new Set<string>()
  for (const name of names) {
    if (name.action === 'mention') continue
    if (name.kind === 'file' && !/\.pyi?$/.test(name.name)) continue
    const home = homeFile(name, names, grounding)
    const testFile = home ? testFileFor(home) : testFileFor(`${snake(lastPart(name.name))}.py`)
    const testName = `test_${snake(name.kind === 'file' ? stem(name.name) : name.name.replace(/\./g, '_'))}_${suffix(name.action)}`
    const key = `${testFile}::${testName}`
    if (seen.has(key)) continue
    seen.add(key)
    requirements.push({
      subject: name.name,
      kind: name.kind,
      action: name.action,
      testFile,
      testName,
      asserts: assertion(name, home),
      source: name.sentence
    })
  }
  return requirements
}

function suffix(action: Exclude<NameAction, 'mention'>): string {
  return {
    create: 'behaves_as_planned',
    remove: 'is_removed',
    move: 'lives_at_new_home',
    change: 'keeps_old_and_adds_new_behaviour'
  }[action]
}

function assertion(name: CitedName, home: string | undefined): string {
  const where = home ? ` in \`${home}\`` : ''
  const subject = `\`${name.name}\``
  switch (name.action) {
    case 'create':
      return name.kind === 'file'
        ? `${subject} exists and imports cleanly, exposing what the master plan puts in it.`
        : `${subject}${where} exists and does what the master plan says in the last column.`
    case 'remove':
      return `${subject} is gone: importing or looking it up fails (e.g. \`not hasattr(...)\`), and nothing still calls it.`
    case 'move':
      return `${subject} is importable from its new home and no longer from its old one.`
    default:
      return `Regression: ${subject}${where} still does what it did before; plus the new behaviour the master plan describes.`
  }
}

/** The Python file a name lives in now, or the new file the same sentence names. */
function homeFile(name: CitedName, names: readonly CitedName[], grounding: Grounding): string | undefined {
  if (name.kind === 'file') return name.name
  if (name.kind === 'module') return grounding.files.find(file => file.module === name.name)?.path
  const fact = grounding.symbols.find(symbol => symbol.name === name.name)
  const owner = name.name.includes('.')
    ? grounding.symbols.find(symbol => symbol.name === name.name.split('.')[0])
    : undefined
  const defined = fact?.definitions[0]?.path ?? owner?.definitions[0]?.path
  if (name.action !== 'move' && defined) return defined
  const mentionedFile = names.find(
    other => other.kind === 'file' && /\.py$/.test(other.name) && name.sentence.includes(other.name)
  )
  if (mentionedFile) return mentionedFile.name
  if (defined) return defined
  // A method of a class the phase creates lives where that class is created.
  const ownerName = name.name.includes('.') ? name.name.split('.')[0] : undefined
  const ownerCited = ownerName ? names.find(other => other.name === ownerName) : undefined
  return ownerCited && ownerCited !== name ? homeFile(ownerCited, names, grounding) : undefined
}

function lastPart(name: string): string {
  const parts = name.split('.')
  return parts[parts.length - 1] ?? name
}

function stem(path: string): string {
  const base = path.split('/').pop() ?? path
  return base.replace(/\.[^.]+$/, '')
}

/** `ProviderManager.resolve` → `provider_manager_resolve`. */
export function snake(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase()
}

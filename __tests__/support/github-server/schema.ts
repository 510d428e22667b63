/** A loose JSON-schema (OpenAPI 3.0 flavour) checker for request bodies and parameters. */

/** Follows `$ref`s to their target schema. */
export type Resolver = (value: unknown) => unknown

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function checkScalar(schema: unknown, value: string): string | undefined {
  if (!isObject(schema)) return undefined
  if (schema.type === 'integer' && !/^-?\d+$/.test(value)) return `must be an integer, got "${value}"`
  if (schema.type === 'boolean' && value !== 'true' && value !== 'false')
    return `must be a boolean, got "${value}"`
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    return `must be one of ${schema.enum.join(', ')}, got "${value}"`
  }
  return undefined
}

export function knownProperties(resolve: Resolver, schema: unknown, depth = 0): Set<string> {
  const s = resolve(schema)
  const out = new Set<string>()
  if (!isObject(s) || depth > 5) return out
  if (isObject(s.properties)) for (const key of Object.keys(s.properties)) out.add(key)
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const alternatives = s[key]
    if (Array.isArray(alternatives)) {
      for (const alt of alternatives)
        for (const name of knownProperties(resolve, alt, depth + 1)) out.add(name)
    }
  }
  return out
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function typeMatches(expected: string, value: unknown): boolean {
  const actual = typeOf(value)
  return expected === actual || (expected === 'number' && actual === 'integer')
}

/** A loose JSON-schema (OpenAPI 3.0) check: $ref, type, nullable, enum, required, properties, items, *Of. */
export function checkSchema(
  resolve: Resolver,
  schema: unknown,
  value: unknown,
  at: string,
  errors: string[],
  depth: number
): void {
  const s = resolve(schema)
  if (!isObject(s) || depth > 30) return
  const shown = JSON.stringify(value)?.slice(0, 60) ?? String(value)
  if (value === null) {
    const types = Array.isArray(s.type) ? s.type : [s.type]
    if (s.nullable === true || types.includes('null') || s.type === undefined) return
    errors.push(`${at} must not be null`)
    return
  }
  if (Array.isArray(s.allOf))
    for (const part of s.allOf) checkSchema(resolve, part, value, at, errors, depth + 1)
  for (const key of ['oneOf', 'anyOf']) {
    const alternatives = s[key]
    if (!Array.isArray(alternatives) || alternatives.length === 0) continue
    const attempts = alternatives.map(alt => {
      const altErrors: string[] = []
      checkSchema(resolve, alt, value, at, altErrors, depth + 1)
      return altErrors
    })
    if (!attempts.some(a => a.length === 0)) {
      errors.push(`${at} matches none of the allowed shapes (${(attempts[0] ?? []).join('; ')})`)
    }
  }
  if (Array.isArray(s.enum) && !s.enum.includes(value)) {
    errors.push(`${at} is ${shown}, not one of ${s.enum.map(v => JSON.stringify(v)).join(', ')}`)
  }
  const types = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is string => typeof t === 'string')
  if (types.length > 0 && !types.some(t => typeMatches(t, value))) {
    errors.push(`${at} is ${shown} (${typeOf(value)}), expected ${types.join(' or ')}`)
    return
  }
  if (typeof value === 'string') {
    if (typeof s.minLength === 'number' && value.length < s.minLength)
      errors.push(`${at} is shorter than ${s.minLength}`)
    if (typeof s.maxLength === 'number' && value.length > s.maxLength)
      errors.push(`${at} is longer than ${s.maxLength}`)
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems)
      errors.push(`${at} has fewer than ${s.minItems} items`)
    if (typeof s.maxItems === 'number' && value.length > s.maxItems)
      errors.push(`${at} has more than ${s.maxItems} items`)
    value.forEach((item, i) => checkSchema(resolve, s.items, item, `${at}[${i}]`, errors, depth + 1))
  }
  if (isObject(value)) {
    const properties = isObject(s.properties) ? s.properties : {}
    for (const name of Array.isArray(s.required) ? s.required : []) {
      if (typeof name === 'string' && !(name in value)) errors.push(`${at}."${name}" wasn't supplied`)
    }
    for (const [name, item] of Object.entries(value)) {
      if (name in properties) checkSchema(resolve, properties[name], item, `${at}.${name}`, errors, depth + 1)
      else if (s.additionalProperties === false) errors.push(`${at}."${name}" is not a permitted key`)
      else if (isObject(s.additionalProperties)) {
        checkSchema(resolve, s.additionalProperties, item, `${at}.${name}`, errors, depth + 1)
      }
    }
  }
}

/**
 * Octokit and its HTTP stack are most of the bundle. A run that never calls GitHub (a staged plan job, a
 * dry run) should not pay for compiling them, so the pipeline gets clients that load them on first call.
 */

/**
 * Clients shaped `group.method(...)` (or `group(...)`) whose real object is loaded by the first call and
 * shared by every later one. Reading a member calls nothing; only a call waits for `load`.
 */
export function loadOnFirstCall<T extends object>(load: () => Promise<T>): T {
  let loaded: Promise<T> | undefined
  const real = (): Promise<T> => (loaded ??= load())
  const member = async (group: string, method: string | undefined, args: unknown[]): Promise<unknown> => {
    const owner: unknown = Reflect.get(await real(), group)
    if (method === undefined) return (owner as (...values: unknown[]) => unknown)(...args)
    const target = (owner as Record<string, unknown> | undefined)?.[method]
    if (typeof target !== 'function') throw new TypeError(`GitHub client ${group}.${method} does not exist`)
    return (target as (...values: unknown[]) => unknown).apply(owner, args)
  }
  return new Proxy({} as T, {
    get: (_target, group) => {
      // Not a client group: `then` would make the object look like a promise, symbols are inspection hooks.
      if (typeof group !== 'string' || group === 'then') return undefined
      return new Proxy(() => undefined, {
        get: (_fn, method) =>
          typeof method !== 'string' || method === 'then'
            ? undefined
            : (...args: unknown[]) => member(group, method, args),
        apply: (_fn, _this, args: unknown[]) => member(group, undefined, args)
      })
    }
  })
}

import { describe, expect, it } from '@jest/globals'
import { loadOnFirstCall } from '../../../src/adapters/lazy-clients.js'

interface Clients {
  pulls: { get(params: { n: number }): Promise<string> }
  counter: { bump(): Promise<number> }
  graphql(query: string): Promise<string>
}

function realClients(): Clients {
  const counter = {
    value: 0,
    async bump(this: { value: number }) {
      this.value += 1
      return this.value
    }
  }
  return {
    pulls: { get: async ({ n }) => `pull ${n}` },
    counter,
    graphql: async query => `answered ${query}`
  }
}

describe('loadOnFirstCall', () => {
  it('loads nothing until a method is called, then loads once for every later call', async () => {
    let loads = 0
    const clients = loadOnFirstCall(async () => {
      loads += 1
      return realClients()
    })
    const get = clients.pulls.get
    expect(typeof get).toBe('function')
    expect(loads).toBe(0)
    await expect(Promise.all([get({ n: 1 }), clients.pulls.get({ n: 2 })])).resolves.toEqual([
      'pull 1',
      'pull 2'
    ])
    await clients.counter.bump()
    expect(loads).toBe(1)
  })

  it('calls methods on their own object, so methods that use `this` keep working', async () => {
    const clients = loadOnFirstCall(async () => realClients())
    await clients.counter.bump()
    await expect(clients.counter.bump()).resolves.toBe(2)
  })

  it('forwards a call of a group that is itself a function', async () => {
    const clients = loadOnFirstCall(async () => realClients())
    await expect(clients.graphql('{ viewer { login } }')).resolves.toBe('answered { viewer { login } }')
  })

  it('is not mistaken for a promise when awaited or returned from an async function', async () => {
    const clients = loadOnFirstCall<Clients>(async () => {
      throw new Error('must not load')
    })
    const passedThrough = await (async () => clients)()
    expect(passedThrough).toBe(clients)
    expect((clients as unknown as { then?: unknown }).then).toBeUndefined()
  })

  it('rejects a call of a method the real clients do not have, naming it', async () => {
    const clients = loadOnFirstCall(async () => realClients())
    const missing = (clients as unknown as { pulls: { merge(): Promise<unknown> } }).pulls.merge
    await expect(missing()).rejects.toThrow('GitHub client pulls.merge does not exist')
  })

  it('passes a failed load on to the call that needed it', async () => {
    const clients = loadOnFirstCall<Clients>(async () => {
      throw new Error('Octokit failed to load')
    })
    await expect(clients.pulls.get({ n: 1 })).rejects.toThrow('Octokit failed to load')
  })
})

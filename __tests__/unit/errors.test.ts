import { errorMessage, UserError } from '../../src/errors.js'

describe('errorMessage', () => {
  it('reads Errors, strings and other thrown values', () => {
    expect(errorMessage(new UserError('bad input'))).toBe('bad input')
    expect(errorMessage('plain')).toBe('plain')
    expect(errorMessage({ code: 1 })).toBe('{"code":1}')
    expect(errorMessage(undefined)).toBe('undefined')
  })
})

describe('errorMessage across realms', () => {
  it('reads the message of an error-like object that fails instanceof', () => {
    expect(errorMessage({ message: 'from another realm', code: 'X' })).toBe('from another realm')
  })
})

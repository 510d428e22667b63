import { describe, expect, it } from '@jest/globals'
import { analyseFixture, lines } from '../../support/phase-fixture.js'

const REPOSITORY = {
  'modules/ProviderManager.py': lines(
    'class ProviderManager:',
    '    def __init__(self):',
    '        self.providers = {}',
    '',
    '    def valid_scoped_models(self):',
    '        return []',
    '',
    '    def discover_models(self):',
    '        return None'
  ),
  'modules/Discovery.py': lines(
    'class Discovery:',
    '    def __init__(self):',
    '        pass',
    '',
    '    def discover_models(self):',
    '        return []'
  ),
  'main.py': lines(
    'from modules.ProviderManager import ProviderManager',
    '',
    'if __name__ == "__main__":',
    '    ProviderManager()'
  ),
  'admin/demo.py': lines('if __name__ == "__main__":', '    print("demo")'),
  'tests/test_ProviderManager.py': lines('def test_x():', '    pass')
}

describe('what a phase acts on', () => {
  it('reads bare method names in the class the phase works on, and says where each is now', async () => {
    const fixture = await analyseFixture(
      REPOSITORY,
      lines(
        '# Plan',
        '',
        '## Phase 1: Update ProviderManager',
        '',
        '1. **Update ProviderManager**',
        '   - Add `cached_models` initialized to `None` in `__init__`',
        '   - Update `valid_scoped_models()` to return the cache',
        '   - Update `discover_models()` to clear the cache'
      ),
      '1'
    )
    expect(
      fixture.analysis.targets.map(target => [
        target.name,
        target.action,
        target.at ? `${target.at.path}:${target.at.line}` : target.state
      ])
    ).toEqual([
      // A new instance variable of the class the phase updates is that class's, in its file.
      ['ProviderManager.cached_models', 'create', 'new'],
      ['ProviderManager.valid_scoped_models', 'change', 'modules/ProviderManager.py:5'],
      ['ProviderManager.discover_models', 'change', 'modules/ProviderManager.py:8']
    ])
    expect(fixture.analysis.files.map(file => file.path)).toEqual([
      'modules/ProviderManager.py',
      'tests/test_ProviderManager.py'
    ])
    expect(fixture.analysis.targets[0]?.home).toBe('modules/ProviderManager.py')
    expect(fixture.analysis.steps.get('1.1')?.files).toEqual(['modules/ProviderManager.py'])
  })

  it('reads a bare special method as a target only in a class the phase names', async () => {
    const fixture = await analyseFixture(
      {
        'app/money.py': lines('class Money:', '    def __init__(self, cents):', '        self.cents = cents')
      },
      lines(
        '# Plan',
        '',
        '## Phase 1: Semantics',
        '',
        '- Comparison operators: `__cmp__` removal → must implement `__lt__`, `__eq__`, etc.',
        '- Add a `__hash__` method to `Money`'
      ),
      '1'
    )
    expect(fixture.analysis.targets.map(target => [target.name, target.action])).toEqual([
      ['Money.__hash__', 'create']
    ])
  })

  it('names the module that starts the application when the phase asks to start it, not a helper script', async () => {
    const fixture = await analyseFixture(
      REPOSITORY,
      lines('# Plan', '', '## Phase 1: Check', '', '- Verify the application starts without errors.'),
      '1'
    )
    expect(fixture.analysis.entryPoints).toEqual(['main.py'])
    expect(fixture.analysis.files).toContainEqual({
      path: 'main.py',
      now: 'exists',
      why: ['starts the application']
    })
  })

  it('gives a phase that names no code the files the earlier phases built', async () => {
    const fixture = await analyseFixture(
      REPOSITORY,
      lines(
        '# Plan',
        '',
        '## Phase 1: Cache',
        '',
        'Update `ProviderManager.valid_scoped_models` to cache.',
        '',
        '## Phase 2: Helpers',
        '',
        'Create `modules/Helpers.py`.',
        '',
        '## Phase 3: Polish',
        '',
        '- Code review and optimization',
        '- Update module documentation'
      ),
      '3'
    )
    expect(fixture.analysis.reviewed).toEqual([
      { path: 'modules/ProviderManager.py', phase: '1', exists: true },
      { path: 'modules/Helpers.py', phase: '2', exists: false }
    ])
  })

  it('says a path outside the repository is outside, and reads a leading / as the root', async () => {
    const fixture = await analyseFixture(
      REPOSITORY,
      lines(
        '# Plan',
        '',
        '## Phase 1: Config',
        '',
        '- Update `/main.py` to read `~/.config/app/settings.yaml`.'
      ),
      '1'
    )
    expect(fixture.analysis.files).toEqual(
      expect.arrayContaining([
        { path: 'main.py', now: 'exists', why: ['named by the phase'] },
        { path: '~/.config/app/settings.yaml', now: 'outside the repository', why: ['named by the phase'] }
      ])
    )
    expect(fixture.analysis.clarifications).toEqual([])
  })
})

describe('a change that rewrites how a function is called', () => {
  const repository = {
    'shop/__init__.py': '',
    'shop/checkout.py': lines('def checkout(cart):', '    return f"Paid {cart}"'),
    'shop/receipt.py': lines(
      'from shop.checkout import checkout',
      '',
      '',
      'def pay(cart):',
      '    return checkout(cart)'
    ),
    'tests/test_checkout.py': lines(
      'from shop.checkout import checkout',
      '',
      '',
      'def test_checkout_says_paid():',
      '    assert checkout(0) == "Paid 0"'
    )
  }
  const plan = (sentence: string): string =>
    lines('# Plan', '', '## Phase 1: Currency', '', `1. ${sentence}`, '2. Update every caller of `checkout`.')

  it('is a signature change, e.g. written as the old call and the new one: its callers and tests are listed', async () => {
    const fixture = await analyseFixture(
      repository,
      plan('Change `checkout(cart)` to `checkout(cart, currency="USD")`, e.g. `"Paid 3 USD"`.'),
      '1'
    )
    expect(fixture.analysis.targets.map(target => [target.name, target.action, target.signature])).toEqual([
      ['checkout', 'change', true]
    ])
    expect(fixture.content.stepNames.get('1.1')?.find(name => name.name === 'checkout')?.sentence).toContain(
      'Paid 3 USD'
    )
    const callers = [...fixture.analysis.impact.callers.values()].flat().map(c => `${c.path}:${c.line}`)
    expect(callers).toEqual(['shop/receipt.py:5'])
    expect(fixture.analysis.impact.tests.map(test => test.id)).toEqual([
      'tests/test_checkout.py::test_checkout_says_paid'
    ])
  })

  it('is no signature change when the call is written once', async () => {
    const fixture = await analyseFixture(repository, plan('Change `checkout(cart)` to log the cart.'), '1')
    expect(fixture.analysis.targets.map(target => [target.name, target.signature])).toEqual([
      ['checkout', false]
    ])
  })
})

describe('a cart phase: removals listed under a lead-in, a bare method sample, an open question', () => {
  const repository = {
    'shop/__init__.py': '',
    'shop/cart.py': lines(
      'class Cart:',
      '    def __init__(self):',
      '        self.items = []',
      '',
      '    def add(self, name, price):',
      '        self.items.append((name, price))'
    ),
    'shop/checkout.py': lines(
      'from shop.cart import Cart',
      '',
      '',
      'def fill(cart: Cart):',
      '    cart.add("a", 1)'
    ),
    'tests/test_cart.py': lines(
      'from shop.cart import Cart',
      '',
      '',
      'def test_add():',
      '    Cart().add("a", 1)'
    )
  }
  const plan = lines(
    '# Plan',
    '',
    '## Phase 1: Slim the cart',
    '',
    '**Remove from `Cart`:**',
    '',
    '- `Cart.add` (use `Cart.put` instead)',
    '',
    'In `shop/cart.py`, add:',
    '',
    '```python',
    '    def put(self, name, price):',
    '        self.items.append({"name": name, "price": price})',
    '```',
    '',
    'Open question: should `put` reject negative prices?'
  )

  it('removes the listed method, not the class, and writes the bare sample method into its class', async () => {
    const fixture = await analyseFixture(repository, plan, '1')
    const targets = fixture.analysis.targets.map(target => [
      target.name,
      target.action,
      target.home ?? target.state
    ])
    expect(targets).toEqual([
      ['Cart.add', 'remove', 'exists'],
      ['Cart.put', 'create', 'shop/cart.py']
    ])
    const callers = [...fixture.analysis.impact.callers.values()].flat().map(c => `${c.path}:${c.line}`)
    expect(callers).toEqual(['shop/checkout.py:5'])
  })

  it('asks the open question at its own step and writes no test of it; the new method is tested by what it does', async () => {
    const fixture = await analyseFixture(repository, plan, '1')
    const steps = fixture.content.structure.steps.map(step => step.id)
    const question = fixture.analysis.clarifications.find(item => item.question.includes('negative prices'))
    expect(question?.stepId).toBe(steps[steps.length - 1])
    const tests = fixture.analysis.tests.requirements
    expect(tests.some(test => /negative/.test(test.testName))).toBe(false)
    const put = tests.find(test => test.subject === 'Cart.put')
    expect(put?.expected).toContain('`self.items.append({"name": name, "price": price})`')
  })
})

describe('a table of tests and a rename with "becomes"', () => {
  it('carries each named test of the table, and renames to the name after "becomes"', async () => {
    const fixture = await analyseFixture(
      {
        'shop/__init__.py': '',
        'shop/cart.py': lines('class Cart:', '    def total(self):', '        return 0')
      },
      lines(
        '# Plan',
        '',
        '## Phase 1: Subtotal',
        '',
        '- `Cart.total` becomes `Cart.subtotal`.',
        '',
        '| Test | Expected |',
        '|---|---|',
        '| `test_subtotal_of_empty_cart` | `Cart().subtotal()` is `0` |'
      ),
      '1'
    )
    expect(fixture.analysis.targets.map(target => [target.name, target.action, target.destination])).toEqual([
      ['Cart.total', 'rename', 'Cart.subtotal']
    ])
    const stated = fixture.analysis.tests.requirements.find(
      test => test.testName === 'test_subtotal_of_empty_cart'
    )
    expect(stated?.expected).toBe('`Cart().subtotal()` is `0`')
  })
})

describe('a function that now returns something else', () => {
  it('changes its signature: what callers get from it is not what they got', async () => {
    const fixture = await analyseFixture(
      { 'shop/__init__.py': '', 'shop/checkout.py': lines('def checkout(cart):', '    print(cart)') },
      lines(
        '# Plan',
        '',
        '## Phase 1: Quiet',
        '',
        '1. `checkout()` no longer prints; it returns the text instead.',
        '2. Done.'
      ),
      '1'
    )
    expect(fixture.analysis.targets.map(target => [target.name, target.action, target.signature])).toEqual([
      ['checkout', 'change', true]
    ])
  })
})

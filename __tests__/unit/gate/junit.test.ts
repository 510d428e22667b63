import { parseJunitXml } from '../../../src/gate/junit.js'

// Shapes below follow what pytest 9 writes (xunit2 by default, xunit1 with `-o junit_family=xunit1`).
const XUNIT2 = `<?xml version="1.0" encoding="utf-8"?>
<testsuites name="pytest tests"><testsuite name="pytest" errors="1" failures="2" skipped="1" tests="6" time="0.057">
<testcase classname="tests.test_x.TestA" name="test_b" time="0.001"><failure message="assert 1 == 2">self = &lt;test_x.TestA object&gt;

    def test_b(self):
&gt;       assert x == 2
E       assert 1 == 2

tests/test_x.py:8: AssertionError</failure></testcase>
<testcase classname="tests.test_x.TestA.TestInner" name="test_d" time="0.000"><failure message="ValueError: bad&#10;second line">tests/test_x.py:11: in helper
    raise ValueError()
E   ValueError: bad

tests/test_x.py:15: ValueError</failure></testcase>
<testcase classname="tests.test_x" name="test_ok" time="0.000" />
<testcase classname="tests.test_x" name="test_p[1]" time="0.000" />
<testcase classname="tests.test_x" name="test_skip" time="0.000"><skipped type="pytest.skip" message="nope">/tmp/tests/test_x.py:20: nope</skipped></testcase>
<testcase classname="tests.test_x" name="test_td" time="0.000"><error message="failed on teardown with &quot;RuntimeError: teardown&quot;">tests/test_x.py:31: RuntimeError</error></testcase>
</testsuite></testsuites>`

const COLLECTION_ERROR = `<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="1" failures="0" skipped="0" tests="1" time="0.135"><testcase classname="" name="tests.test_broken" time="0.000"><error message="collection failure">ImportError while importing test module '/tmp/fx/tests/test_broken.py'.
Traceback:
/usr/lib/python3.11/importlib/__init__.py:126: in import_module
    return _bootstrap._gcd_import(name[level:], package, level)
tests/test_broken.py:1: in &lt;module&gt;
    import nonexistent_module_xyz
E   ModuleNotFoundError: No module named 'nonexistent_module_xyz'</error></testcase></testsuite></testsuites>`

describe('parseJunitXml', () => {
  it('counts pytest xunit2 results per test case', () => {
    const summary = parseJunitXml(XUNIT2)
    expect(summary).toMatchObject({
      passed: 2,
      failed: 2,
      errors: 1,
      skipped: 1,
      total: 6,
      durationSeconds: 0.057
    })
  })

  it('builds pytest ids and finds file and line from the traceback in xunit2', () => {
    const [first, second, third] = parseJunitXml(XUNIT2).failures
    expect(first).toEqual({
      id: 'tests/test_x.py::TestA::test_b',
      message: 'assert 1 == 2',
      file: 'tests/test_x.py',
      line: 8,
      kind: 'failure'
    })
    expect(second).toMatchObject({
      id: 'tests/test_x.py::TestA::TestInner::test_d',
      message: 'ValueError: bad\nsecond line',
      file: 'tests/test_x.py',
      line: 15
    })
    expect(third).toMatchObject({
      id: 'tests/test_x.py::test_td',
      kind: 'error',
      message: 'failed on teardown with "RuntimeError: teardown"',
      line: 31
    })
  })

  it('uses the file and line attributes of xunit1, preferring the traceback line', () => {
    const xml = `<testsuites><testsuite name="pytest" time="1.5">
      <testcase classname="tests.unit.test_y.TestB" name="test_c" file="tests/unit/test_y.py" line="41" time="1.5">
        <failure message="boom">no traceback here</failure></testcase>
      <testcase classname="tests.unit.test_y" name="test_d" file="tests/unit/test_y.py" line="9">
        <failure message="bang">tests/unit/test_y.py:12: AssertionError</failure></testcase>
    </testsuite></testsuites>`
    const [c, d] = parseJunitXml(xml).failures
    // pytest's `line` attribute is 0-based and points at the `def`.
    expect(c).toMatchObject({
      id: 'tests/unit/test_y.py::TestB::test_c',
      file: 'tests/unit/test_y.py',
      line: 42
    })
    expect(d).toMatchObject({ id: 'tests/unit/test_y.py::test_d', file: 'tests/unit/test_y.py', line: 12 })
  })

  it('names a collection error by its module and takes the message from the E lines', () => {
    const summary = parseJunitXml(COLLECTION_ERROR)
    expect(summary).toMatchObject({ errors: 1, failed: 0, passed: 0, total: 1 })
    expect(summary.failures).toEqual([
      {
        id: 'tests/test_broken.py',
        message: "ModuleNotFoundError: No module named 'nonexistent_module_xyz'",
        file: 'tests/test_broken.py',
        line: 1,
        kind: 'error'
      }
    ])
  })

  it('derives the file from the class name only when pytest naming makes it unambiguous', () => {
    const xml = `<testsuite>
      <testcase classname="tests.test_z.TestA" name="t1"><failure message="m1"/></testcase>
      <testcase classname="checks.widgets.TestA" name="t2"><failure message="m2"/></testcase>
      <testcase classname="checks.widgets" name="t3"><failure message="m3">checks/widgets.py:7: AssertionError</failure></testcase>
    </testsuite>`
    const [t1, t2, t3] = parseJunitXml(xml).failures
    expect(t1).toEqual({
      id: 'tests/test_z.py::TestA::t1',
      message: 'm1',
      file: 'tests/test_z.py',
      kind: 'failure'
    })
    expect(t2).toEqual({ id: 'checks.widgets.TestA::t2', message: 'm2', kind: 'failure' })
    expect(t3).toMatchObject({ id: 'checks/widgets.py::t3', file: 'checks/widgets.py', line: 7 })
  })

  it('reads a bare <testsuite>, several suites and nested suites, with missing attributes', () => {
    const bare = parseJunitXml(
      '<testsuite><testcase name="a"/><testcase name="b"><skipped/></testcase></testsuite>'
    )
    expect(bare).toMatchObject({ passed: 1, skipped: 1, total: 2, durationSeconds: 0, failures: [] })
    const many = parseJunitXml(`<testsuites>
      <testsuite name="one" time="1.25"><testcase classname="Sum" name="adds" time="1"/></testsuite>
      <testsuite name="two"><testcase classname="Sub" name="subtracts" time="0.5"><failure>expected 1
received 2</failure></testcase>
        <testsuite name="inner"><testcase name="deep" time="0.25"><error/></testcase></testsuite></testsuite>
    </testsuites>`)
    expect(many).toMatchObject({ passed: 1, failed: 1, errors: 1, total: 3, durationSeconds: 2 })
    expect(many.failures.map(f => [f.id, f.message, f.kind])).toEqual([
      ['Sub::subtracts', 'expected 1\nreceived 2', 'failure'],
      ['deep', '', 'error']
    ])
  })

  it('takes totals from suites that list no test cases', () => {
    const xml = '<testsuites><testsuite tests="5" failures="1" errors="1" skipped="1" time="3"/></testsuites>'
    expect(parseJunitXml(xml)).toMatchObject({ passed: 2, failed: 1, errors: 1, skipped: 1, total: 5 })
    expect(parseJunitXml('<testsuites/>')).toMatchObject({ total: 0 })
  })

  it('bounds long messages on a code-point boundary', () => {
    const long = '😀'.repeat(400)
    const [failure] = parseJunitXml(
      `<testsuite><testcase name="x"><failure message="${long}"/></testcase></testsuite>`
    ).failures
    expect(failure?.message.length).toBeLessThanOrEqual(501)
    expect(failure?.message.endsWith('…')).toBe(true)
    expect(failure?.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
  })

  it('makes absolute file paths relative to the repository and drops those outside it', () => {
    const xml = `<testsuite>
      <testcase classname="a" name="in" file="/repo/tests/test_a.py"><failure message="x"/></testcase>
      <testcase classname="b" name="out" file="/elsewhere/test_b.py"><failure message="y"/></testcase>
    </testsuite>`
    const [inside, outside] = parseJunitXml(xml, '/repo').failures
    expect(inside?.file).toBe('tests/test_a.py')
    expect(outside?.file).toBeUndefined()
  })

  it.each([
    ['<testsuite><testcase></testsuite>', 'not well-formed'],
    ['not xml at all', 'not well-formed'],
    ['', 'not well-formed'],
    ['<html><body/></html>', 'not a JUnit report']
  ])('throws a clear error for %j', (xml, message) => {
    expect(() => parseJunitXml(xml)).toThrow(message)
  })
})

export const id = 763;
export const ids = [763];
export const modules = {

/***/ 3763:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bound: () => (/* binding */ bound),
/* harmony export */   parseJunitXml: () => (/* binding */ parseJunitXml)
/* harmony export */ });
/* harmony import */ var fast_xml_parser__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9658);
/* harmony import */ var fast_xml_parser__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5824);
/** JUnit XML (pytest's flavours and the common generic shape) → counts and failing tests. */

const MESSAGE_LIMIT = 500;
const MESSAGE_LINES = 5;
const parser = new fast_xml_parser__WEBPACK_IMPORTED_MODULE_0__/* ["default"] */ .A({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Decodes numeric character references (pytest writes newlines in attributes as `&#10;`).
    htmlEntities: true,
    isArray: name => ['testsuite', 'testcase', 'failure', 'error', 'skipped'].includes(name)
});
function isNode(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function children(node, name) {
    const value = node[name];
    if (!Array.isArray(value))
        return [];
    // `<failure/>` parses to '' and `<failure>text</failure>` to 'text': give both the node shape.
    return value.map(item => (isNode(item) ? item : { '#text': typeof item === 'string' ? item : '' }));
}
function attr(node, name) {
    const value = node[`@${name}`];
    return typeof value === 'string' ? value : undefined;
}
function text(node) {
    const value = node['#text'];
    return typeof value === 'string' ? value : '';
}
function nonNegative(value) {
    const parsed = Number((value ?? '').replace(/,/g, ''));
    return Number.isFinite(parsed) && parsed >= 0 ? parsed : 0;
}
/** Cut on a code-point boundary so no lone surrogate is left behind. */
function bound(message, limit = MESSAGE_LIMIT) {
    if (message.length <= limit)
        return message;
    return `${Array.from(message.slice(0, limit)).slice(0, -1).join('')}…`;
}
function firstLines(value) {
    return value
        .split(/\r?\n/)
        .map(line => line.trimEnd())
        .filter(line => line.trim() !== '')
        .slice(0, MESSAGE_LINES)
        .join('\n');
}
// pytest's message attribute for a collection error says nothing; the `E   ` lines say what broke.
const GENERIC_MESSAGES = new Set(['collection failure', '']);
function failureMessage(problem) {
    const message = (attr(problem, 'message') ?? '').trim();
    const body = text(problem);
    if (!GENERIC_MESSAGES.has(message))
        return bound(firstLines(message));
    const raised = body
        .split(/\r?\n/)
        .filter(line => /^E {2,}/.test(line))
        .map(line => line.replace(/^E {2,}/, ''));
    return bound(firstLines(raised.length > 0 ? raised.join('\n') : body || message));
}
/** `tests/test_x.py:12: AssertionError` and `tests/test_x.py:3: in helper` lines of a pytest traceback. */
function tracebackLocations(body) {
    const found = [];
    for (const match of body.matchAll(/^(\S[^\n]*?\.py):(\d+): /gm)) {
        found.push({ file: (match[1] ?? '').replace(/\\/g, '/'), line: Number(match[2]) });
    }
    return found;
}
function moduleOf(file) {
    return file.replace(/\.py$/, '').replace(/\//g, '.');
}
/** Repository-relative, or undefined for a path outside the repository. */
function relativeTo(file, repoRoot) {
    const normal = file.replace(/\\/g, '/');
    const root = repoRoot?.replace(/\\/g, '/').replace(/\/+$/, '');
    const relative = root !== undefined && normal.startsWith(`${root}/`) ? normal.slice(root.length + 1) : normal;
    return /^(\/|[A-Za-z]:\/)/.test(relative) ? undefined : relative;
}
/**
 * xunit2 reports carry no file: the traceback names it when the failing frame is in the test
 * module; otherwise pytest's default naming (`Test*` classes in `test_*.py` / `*_test.py`) makes
 * `tests.test_x.TestA` unambiguous. Anything else is left without a file rather than guessed.
 */
function locate(dotted, declared, body, repoRoot) {
    const locations = tracebackLocations(body).flatMap(l => {
        const file = relativeTo(l.file, repoRoot);
        return file === undefined ? [] : [{ ...l, file }];
    });
    let file = declared === undefined ? undefined : relativeTo(declared, repoRoot);
    if (file === undefined) {
        const confirmed = locations.filter(l => dotted === moduleOf(l.file) || dotted.startsWith(`${moduleOf(l.file)}.`));
        file = confirmed.at(-1)?.file;
    }
    if (file === undefined) {
        const parts = dotted.split('.');
        while (parts.length > 1 && /^Test/.test(parts.at(-1) ?? ''))
            parts.pop();
        const module = parts.at(-1) ?? '';
        const identifiers = parts.every(part => /^[A-Za-z_]\w*$/.test(part));
        if (identifiers && /^(test_\w+|\w+_test)$/.test(module))
            file = `${parts.join('/')}.py`;
    }
    const line = locations.filter(l => l.file === file).at(-1)?.line;
    return { file, line };
}
function testId(classname, name, file) {
    if (file !== undefined && file.endsWith('.py')) {
        const module = moduleOf(file);
        // A collection error is named after its module: its id is the file itself.
        if (classname === '' && name === module)
            return file;
        if (classname === module || classname.startsWith(`${module}.`)) {
            const classes = classname === module ? [] : classname.slice(module.length + 1).split('.');
            return [file, ...classes, name].join('::');
        }
    }
    return classname === '' ? name : `${classname}::${name}`;
}
function failedTest(testcase, problem, kind, repoRoot) {
    const classname = attr(testcase, 'classname') ?? '';
    const name = attr(testcase, 'name') ?? '(unnamed test)';
    const body = text(problem);
    const { file, line: traceLine } = locate(classname || name, attr(testcase, 'file'), body, repoRoot);
    // pytest's `line` attribute is the 0-based line of the test's `def`; the traceback is more precise.
    const declaredLine = attr(testcase, 'line');
    const line = traceLine ?? (declaredLine !== undefined && file !== undefined ? Number(declaredLine) + 1 : undefined);
    return {
        id: testId(classname, name, file),
        message: failureMessage(problem),
        kind,
        ...(file !== undefined ? { file } : {}),
        ...(line !== undefined && Number.isInteger(line) && line > 0 ? { line } : {})
    };
}
function suitesOf(document) {
    const roots = [document['testsuites'], document['testsuite']];
    const suites = [];
    for (const root of roots) {
        if (Array.isArray(root))
            suites.push(...root.filter(isNode));
        else if (isNode(root))
            suites.push(...children(root, 'testsuite'));
        else if (root === '')
            suites.push({});
    }
    return suites;
}
function parseJunitXml(xml, repoRoot) {
    const valid = fast_xml_parser__WEBPACK_IMPORTED_MODULE_1__/* .XMLValidator */ .iI.validate(xml);
    if (valid !== true) {
        throw new Error(`The JUnit report is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).`);
    }
    const document = parser.parse(xml);
    if (!isNode(document) || (!('testsuites' in document) && !('testsuite' in document))) {
        throw new Error('The file is not a JUnit report: it has no <testsuites> or <testsuite> element.');
    }
    const counts = { passed: 0, failed: 0, errors: 0, skipped: 0 };
    const failures = [];
    const visit = (suite) => {
        const cases = children(suite, 'testcase');
        const nested = children(suite, 'testsuite');
        if (cases.length === 0 && nested.length === 0)
            return countOnly(suite, counts);
        for (const testcase of cases) {
            const [error] = children(testcase, 'error');
            const [failure] = children(testcase, 'failure');
            if (error !== undefined)
                failures.push(failedTest(testcase, error, 'error', repoRoot));
            else if (failure !== undefined)
                failures.push(failedTest(testcase, failure, 'failure', repoRoot));
            if (error !== undefined)
                counts.errors++;
            else if (failure !== undefined)
                counts.failed++;
            else if (children(testcase, 'skipped').length > 0)
                counts.skipped++;
            else
                counts.passed++;
        }
        nested.forEach(visit);
    };
    const suites = suitesOf(document);
    suites.forEach(visit);
    const durationSeconds = suites.reduce((sum, suite) => sum + suiteSeconds(suite), 0);
    const total = counts.passed + counts.failed + counts.errors + counts.skipped;
    return { ...counts, total, durationSeconds: Math.round(durationSeconds * 1000) / 1000, failures };
}
/** A suite that only states its totals (some runners write no <testcase> for them). */
function countOnly(suite, counts) {
    const tests = Math.floor(nonNegative(attr(suite, 'tests')));
    const failed = Math.floor(nonNegative(attr(suite, 'failures')));
    const errors = Math.floor(nonNegative(attr(suite, 'errors')));
    const skipped = Math.floor(nonNegative(attr(suite, 'skipped') ?? attr(suite, 'disabled')));
    counts.failed += failed;
    counts.errors += errors;
    counts.skipped += skipped;
    counts.passed += Math.max(0, tests - failed - errors - skipped);
}
function suiteSeconds(suite) {
    const declared = attr(suite, 'time');
    if (declared !== undefined)
        return nonNegative(declared);
    const cases = children(suite, 'testcase').reduce((sum, testcase) => sum + nonNegative(attr(testcase, 'time')), 0);
    return children(suite, 'testsuite').reduce((sum, nested) => sum + suiteSeconds(nested), cases);
}


/***/ })

};

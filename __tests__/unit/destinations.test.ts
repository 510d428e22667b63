import { documentPathProblem, planBranchProblem, refProblem } from '../../src/destinations/destinations.js'

describe('documentPathProblem', () => {
  it.each([
    'admin/status/phase_3.md',
    'docs/.github-notes/phase_s.md',
    'x.git/y.md',
    '.gitignore-notes/phase_t.md',
    'docs/github/workflows/plan.yml'
  ])('accepts %j', path => {
    expect(documentPathProblem(path)).toBeUndefined()
  })

  it.each([
    ['.github/workflows/plan.yml', 'is under .github/'],
    ['.github/actions/pwn/action.yml', 'is under .github/'],
    ['.github/plan-phase.yml', 'is under .github/'],
    ['.GitHub/Workflows/plan.yml', 'is under .github/'],
    ['.github', 'is under .github/'],
    ['.git/hooks/pre-commit', 'is inside .git/'],
    ['vendor/lib/.GIT/config', 'is inside .git/'],
    ['docs/../../x.md', 'leaves the repository'],
    ['/etc/passwd', 'not a path relative'],
    ['C:/x.md', 'not a path relative'],
    ['~/x.md', 'not a path relative'],
    ['docs\\x.md', 'uses "\\"'],
    ['./docs/x.md', 'empty or "." part'],
    ['docs//x.md', 'empty or "." part'],
    ['docs/x.md\n', 'control characters'],
    ['', 'not a path relative']
  ])('refuses %j: %s', (path, problem) => {
    expect(documentPathProblem(path)).toContain(problem)
  })

  it('is what makes ".github/workflow{phase}/plan.yml" with phase s a workflow, and ".gi{phase}" with t .git', () => {
    expect(documentPathProblem('.github/workflows/plan.yml')).toBeDefined()
    expect(documentPathProblem('.git/plan.md')).toBeDefined()
    expect(documentPathProblem('.gi3/plan.md')).toBeUndefined()
  })
})

describe('planBranchProblem', () => {
  const context = { defaultBranch: 'main', base: 'develop', pullRequestBranch: 'feature/x' }

  it('accepts a branch of its own', () => {
    expect(planBranchProblem('plan-phase/phase-3', context)).toBeUndefined()
    expect(planBranchProblem('plan-phase/phase-3', {})).toBeUndefined()
  })

  it.each([
    ['main', 'is the default branch'],
    ['MAIN', 'is the default branch'],
    ['develop', 'is the base branch'],
    ['feature/x', 'is the branch of the pull request'],
    ['refs/heads/main', 'is not a branch name'],
    ['HEAD', 'is not a branch name'],
    ['plan..3', 'is not a valid branch name'],
    ['plan phase', 'is not a valid branch name']
  ])('refuses %j: %s', (branch, problem) => {
    expect(planBranchProblem(branch, context)).toContain(problem)
  })
})

describe('refProblem', () => {
  it('is exported from destinations, where the branch checks live', () => {
    expect(refProblem('a/b')).toBeUndefined()
    expect(refProblem('a.lock')).toContain('.lock')
  })
})

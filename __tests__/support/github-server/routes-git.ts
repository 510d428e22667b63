/** Git Data API: refs, commits, trees, blobs. */
import { GitError, isSha, type EntryType, type TreeChange } from './git-store.js'
import {
  arr,
  bool,
  HttpError,
  noContent,
  notFound,
  obj,
  ok,
  param,
  repoOf,
  str,
  unprocessable,
  type Handler,
  type RouteContext
} from './http.js'
import type { RepoRecord, User } from './records.js'
import { gitCommitJson, refJson, treeJson, wrappedBase64 } from './serialize.js'

function refSha(record: RepoRecord, ref: string): string {
  const sha = record.refs.get(`refs/${ref}`)
  if (!sha) throw unprocessable('Reference does not exist')
  return sha
}

function checkProtected(record: RepoRecord, ref: string): void {
  const branch = ref.replace(/^(refs\/)?heads\//, '')
  if (ref.replace(/^refs\//, '').startsWith('heads/') && record.protectedBranches.has(branch)) {
    throw unprocessable(`Protected branch update failed for refs/heads/${branch}.`)
  }
}

function ensureCommit(route: RouteContext, sha: string): void {
  if (!isSha(sha) || !route.state.git.getCommit(sha)) throw unprocessable('Object does not exist')
}

function identity(
  user: User,
  input: Record<string, unknown> | undefined,
  date: string
): { name: string; email: string; date: string } {
  const name = typeof input?.name === 'string' ? input.name : user.login
  const email =
    typeof input?.email === 'string' ? input.email : `${user.id}+${user.login}@users.noreply.github.com`
  const when = typeof input?.date === 'string' ? input.date : date
  if (Number.isNaN(new Date(when).getTime())) throw unprocessable(`Invalid date: ${when}`)
  return { name, email, date: when }
}

const TYPE_OF_MODE: Record<string, EntryType> = {
  '100644': 'blob',
  '100755': 'blob',
  '120000': 'blob',
  '040000': 'tree',
  '160000': 'commit'
}

function treeChange(route: RouteContext, entry: unknown, index: number): TreeChange {
  const path = str(entry, 'path')
  if (!path) throw unprocessable(`tree[${index}].path is missing`)
  const mode = str(entry, 'mode') ?? '100644'
  const type = str(entry, 'type') ?? TYPE_OF_MODE[mode] ?? 'blob'
  if (TYPE_OF_MODE[mode] !== type)
    throw unprocessable(`tree[${index}]: mode ${mode} does not fit type ${type}`)
  const content = str(entry, 'content')
  const hasSha = typeof entry === 'object' && entry !== null && 'sha' in entry
  const sha = hasSha ? (entry as { sha: unknown }).sha : undefined
  if (content !== undefined && hasSha)
    throw unprocessable(`tree[${index}]: supply either sha or content, not both`)
  if (content !== undefined) {
    if (type !== 'blob') throw unprocessable(`tree[${index}]: content needs type blob`)
    return { path, mode, type, sha: route.state.git.putBlob(content).sha }
  }
  if (sha === null) return { path, mode, type, sha: null }
  if (typeof sha !== 'string') throw unprocessable(`tree[${index}]: sha or content is required`)
  const object = route.state.git.get(sha)
  if (type !== 'commit' && object?.kind !== type)
    throw unprocessable(`tree.sha ${sha} is not a valid ${type}`)
  return { path, mode, type, sha }
}

export const gitRoutes: Record<string, Handler> = {
  'git/get-ref': route => {
    const record = repoOf(route)
    const ref = `refs/${param(route, 'ref')}`
    const sha = record.refs.get(ref)
    if (!sha) throw notFound()
    return ok(refJson(route.ctx, record, ref, sha))
  },

  'git/list-matching-refs': route => {
    const record = repoOf(route)
    const prefix = `refs/${param(route, 'ref')}`
    const refs = [...record.refs]
      .filter(([ref]) => ref.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
    return ok(refs.map(([ref, sha]) => refJson(route.ctx, record, ref, sha)))
  },

  'git/create-ref': route => {
    const record = repoOf(route)
    const ref = str(route.body, 'ref') ?? ''
    const sha = str(route.body, 'sha') ?? ''
    if (!/^refs\/[^/]+\/.+/.test(ref) || /\.\.|\s|~|\^|:|\\|\/$/.test(ref)) {
      throw unprocessable(`${ref} is not a valid ref name.`)
    }
    if (record.refs.has(ref)) throw unprocessable('Reference already exists')
    ensureCommit(route, sha)
    route.state.setRef(record, ref, sha)
    return ok(refJson(route.ctx, record, ref, sha), 201, {
      // A header holds no raw non-ASCII: GitHub sends the ref percent-encoded.
      location: `${route.ctx.api}/repos/${record.fullName}/git/${ref.split('/').map(encodeURIComponent).join('/')}`
    })
  },

  'git/update-ref': route => {
    const record = repoOf(route)
    const ref = param(route, 'ref')
    const current = refSha(record, ref)
    const sha = str(route.body, 'sha') ?? ''
    ensureCommit(route, sha)
    checkProtected(record, ref)
    const force = bool(route.body, 'force') ?? false
    if (!force && !route.state.git.isAncestor(current, sha))
      throw unprocessable('Update is not a fast forward')
    route.state.setRef(record, `refs/${ref}`, sha)
    return ok(refJson(route.ctx, record, `refs/${ref}`, sha))
  },

  'git/delete-ref': route => {
    const record = repoOf(route)
    const ref = param(route, 'ref')
    refSha(record, ref)
    checkProtected(record, ref)
    route.state.deleteRef(record, `refs/${ref}`)
    return noContent()
  },

  'git/get-commit': route => {
    const record = repoOf(route)
    const commit = route.state.git.getCommit(param(route, 'commit_sha'))
    if (!commit) throw notFound()
    return ok(gitCommitJson(route.ctx, record, commit))
  },

  'git/create-commit': route => {
    const record = repoOf(route)
    const { state } = route
    const tree = str(route.body, 'tree') ?? ''
    if (!state.git.getTree(tree)) throw unprocessable('Tree SHA does not exist')
    const parents = (arr(route.body, 'parents') ?? []).map(p => (typeof p === 'string' ? p : ''))
    for (const parent of parents) {
      if (!state.git.getCommit(parent))
        throw unprocessable('Parent SHA does not exist or is not a commit object')
    }
    const now = state.now()
    const authorInput = obj(route.body, 'author')
    const author = identity(route.user, authorInput, now)
    const committer = identity(route.user, obj(route.body, 'committer') ?? authorInput, now)
    const message = str(route.body, 'message') ?? ''
    const signed = state.signApiCommits && str(route.body, 'signature') === undefined
    const commit = state.git.putCommit({
      message,
      tree,
      parents,
      author,
      committer,
      verification: signed
        ? {
            verified: true,
            reason: 'valid',
            signature: '-----BEGIN PGP SIGNATURE-----\n\nfake\n-----END PGP SIGNATURE-----\n',
            payload: `tree ${tree}\n`,
            verified_at: now
          }
        : { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
    })
    return ok(gitCommitJson(route.ctx, record, commit), 201, {
      location: `${route.ctx.api}/repos/${record.fullName}/git/commits/${commit.sha}`
    })
  },

  'git/get-tree': route => {
    const record = repoOf(route)
    const { git } = route.state
    const wanted = param(route, 'tree_sha')
    let sha = git.getTree(wanted) ? wanted : undefined
    if (!sha) {
      const commitSha = route.state.resolve(record, wanted)
      sha = commitSha ? git.getCommit(commitSha)?.tree : undefined
    }
    if (!sha) throw notFound()
    const recursive = route.query.has('recursive')
    return ok(treeJson(route.ctx, record, sha, git.walk(sha, recursive)))
  },

  'git/create-tree': route => {
    const record = repoOf(route)
    const { git } = route.state
    const baseTree = str(route.body, 'base_tree')
    if (baseTree !== undefined && !git.getTree(baseTree))
      throw unprocessable(`base_tree ${baseTree} is not a valid tree`)
    const changes = (arr(route.body, 'tree') ?? []).map((entry, index) => treeChange(route, entry, index))
    let sha: string
    try {
      sha = git.applyChanges(baseTree, changes)
    } catch (error) {
      if (error instanceof GitError) throw unprocessable(error.message)
      throw error
    }
    return ok(treeJson(route.ctx, record, sha, git.walk(sha, false)), 201, {
      location: `${route.ctx.api}/repos/${record.fullName}/git/trees/${sha}`
    })
  },

  'git/create-blob': route => {
    const record = repoOf(route)
    const content = str(route.body, 'content') ?? ''
    const encoding = str(route.body, 'encoding') ?? 'utf-8'
    if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64') {
      throw unprocessable(`encoding must be "utf-8" or "base64", not "${encoding}"`)
    }
    const buffer = Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8')
    if (buffer.length > route.state.limits.blobBytes) {
      throw new HttpError(
        422,
        `Blob of ${buffer.length} bytes exceeds the ${route.state.limits.blobBytes} byte limit`
      )
    }
    const blob = route.state.git.putBlob(buffer)
    const url = `${route.ctx.api}/repos/${record.fullName}/git/blobs/${blob.sha}`
    return ok({ sha: blob.sha, url }, 201, { location: url })
  },

  'git/get-blob': route => {
    const record = repoOf(route)
    const blob = route.state.git.getBlob(param(route, 'file_sha'))
    if (!blob) throw notFound()
    return ok({
      sha: blob.sha,
      node_id: Buffer.from(`B:${blob.sha}`).toString('base64'),
      size: blob.content.length,
      url: `${route.ctx.api}/repos/${record.fullName}/git/blobs/${blob.sha}`,
      content: wrappedBase64(blob.content),
      encoding: 'base64'
    })
  }
}

// fs.walk's fast path for the usual request: files of whole subtrees (`**`, `src/**`) minus entries named
// anywhere (`**/.mmm/**`, `**/node_modules`) or literal paths (`.mmm/**`). It crawls with fdir, the crawler
// tinyglobby itself drives, configured as tinyglobby configures it, but tests paths with string comparisons
// where tinyglobby runs picomatch on every path: on 2,000 files that matching is two thirds of a crawl. Any
// other request goes to tinyglobby. Tests hold both to the same answers on the same trees.
import { fdir } from 'fdir'

export interface SubtreeQuery {
  /** Root-relative directories whose files are wanted ('' for the whole tree). */
  bases: string[]
  /** Entry names left out at any depth inside `base` ('' for anywhere), with everything under them. */
  names: Array<{ name: string; base: string }>
  /** Root-relative paths left out, with everything under them. */
  paths: string[]
}

const GLOB_CHARS = /[*?[\]{}()!+@\\]/

/** A plain root-relative path: no glob character, no empty, "." or ".." segment. */
function isLiteralPath(p: string): boolean {
  return p !== '' && !GLOB_CHARS.test(p) && p.split('/').every((s) => s !== '' && s !== '.' && s !== '..')
}

// The query for these patterns and ignore globs, or undefined when one of them has another shape. In picomatch
// (tinyglobby's matcher) `x/**` matches x itself and everything under it, and `**/name` or `**/name/**` match
// an entry called name at any depth (as a file too), `base/**/name` one below base.
export function subtreeQuery(patterns: readonly string[], ignore: readonly string[]): SubtreeQuery | undefined {
  const bases: string[] = []
  for (const p of patterns) {
    if (p === '**') bases.push('')
    else if (p.endsWith('/**') && isLiteralPath(p.slice(0, -3))) bases.push(p.slice(0, -3))
    else return undefined
  }
  if (bases.length === 0) return undefined
  const names: SubtreeQuery['names'] = []
  const paths: string[] = []
  for (const g of ignore) {
    // [base/]**/name[/**]
    const named = /^(?:(.+)\/)?\*\*\/([^/]+?)(?:\/\*\*)?$/.exec(g)
    if (named && isLiteralPath(named[2]!) && (named[1] === undefined || isLiteralPath(named[1]))) names.push({ name: named[2]!, base: named[1] ?? '' })
    else if (g.endsWith('/**') && isLiteralPath(g.slice(0, -3))) paths.push(g.slice(0, -3))
    else return undefined
  }
  return { bases, names, paths }
}

const under = (rel: string, dir: string): boolean => dir === '' || rel === dir || rel.startsWith(`${dir}/`)

/** The files (root-relative, "/"-separated, unsorted) the query selects under `root`; symbolic links are never listed or followed. */
export function crawlSubtrees(root: string, q: SubtreeQuery, signal?: AbortSignal): Promise<string[]> {
  const rootPrefix = root.endsWith('/') ? root : `${root}/`
  const ignored = (rel: string): boolean => {
    const name = rel.slice(rel.lastIndexOf('/') + 1)
    // base/**/name: an entry called name anywhere strictly below base (** may match no directory at all).
    return q.names.some((n) => n.name === name && (n.base === '' || rel.startsWith(`${n.base}/`))) || q.paths.some((p) => under(rel, p))
  }
  // A directory is crawled when it is inside a base, or on the way down to one.
  const onTheWay = (rel: string): boolean => q.bases.some((b) => under(rel, b) || b.startsWith(`${rel}/`))
  const crawler = new fdir({
    pathSeparator: '/',
    relativePaths: true,
    excludeSymlinks: true,
    includeDirs: false,
    ...(signal ? { signal } : {}),
    exclude: (_name, dirPath) => {
      const rel = dirPath.slice(rootPrefix.length).replace(/\/+$/, '')
      return rel !== '' && (ignored(rel) || !onTheWay(rel))
    },
    filters: [(path) => q.bases.some((b) => under(path, b)) && !ignored(path)],
  })
  return crawler.crawl(root).withPromise()
}

// Validation of refs, revisions and branch names handed to git: `git check-ref-format`-like rules,
// and never a leading '-' (no option injection such as --upload-pack=...).

/** One ref-name component sequence: no '..', '//', '@{', control chars, spaces or ~^:?*[\ ; no segment starting with '.' or ending with '.lock'. */
function validRefName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false
  if (name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.')) return false
  if (!/^[A-Za-z0-9._\/+@-]+$/.test(name)) return false
  if (name.includes('..') || name.includes('//') || name.includes('@{') || name === '@') return false
  return name.split('/').every((seg) => seg.length > 0 && !seg.startsWith('.') && !seg.endsWith('.lock'))
}

/** A branch name for `worktree add -b`. */
export function validBranchName(name: string): boolean {
  return validRefName(name) && name !== 'HEAD'
}

/** A single revision: a ref name or sha, optionally followed by ~N / ^N suffixes (HEAD~2, main^). */
export function validRevision(rev: string): boolean {
  const m = /^(.*?)((?:[~^][0-9]{0,6})*)$/.exec(rev)
  if (!m) return false
  const base = m[1] ?? ''
  return base === '@' ? true : validRefName(base)
}

/** A revision or a range a..b / a...b (for diff and log). */
export function validRevisionOrRange(rev: string): boolean {
  const m = /^(.+?)(\.\.\.?)(.+)$/.exec(rev)
  if (m && !(m[1] ?? '').endsWith('.') && !(m[3] ?? '').startsWith('.')) return validRevision(m[1] ?? '') && validRevision(m[3] ?? '')
  return validRevision(rev)
}

// --scope: paths (a directory, a file, or a glob with * and **) relative to the project root.
export function inScope(file: string | undefined, scope: string[]): boolean {
  if (scope.length === 0) return true
  if (!file) return false
  const f = file.replace(/^\.\//, '')
  return scope.some((s) => {
    const p = s.replace(/^\.\//, '').replace(/\/$/, '')
    if (!/[*?]/.test(p)) return f === p || f.startsWith(`${p}/`)
    const re = p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/?/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '(?:.*/)?.*')
    return new RegExp(`^${re}$`).test(f)
  })
}

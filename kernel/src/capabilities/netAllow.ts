// The net allowlist: "example.com" (that host), "*.example.com" (its subdomains), optionally with a
// ":port" that then must match too; otherwise any port is allowed. A lone "*" matches nothing.

function normalizeHost(h: string): string {
  return h.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')
}

function splitEntry(entry: string): { host: string; port: string | null } {
  const e = entry.trim().toLowerCase()
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(e)
  if (bracketed) return { host: bracketed[1] ?? '', port: bracketed[2] ?? null }
  const withPort = /^([^:]+):(\d+)$/.exec(e)
  if (withPort) return { host: withPort[1] ?? '', port: withPort[2] ?? null }
  return { host: e, port: null }
}

/** Whether `url` (already parsed, http/https) may be fetched under the `net` grant. */
export function netAllowed(allow: readonly string[] | undefined, url: URL): boolean {
  const host = normalizeHost(url.hostname)
  if (host === '') return false
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return (allow ?? []).some((raw) => {
    if (typeof raw !== 'string' || raw.trim() === '') return false
    const entry = splitEntry(raw)
    if (entry.port !== null && entry.port !== port) return false
    const pattern = normalizeHost(entry.host)
    // "*" is never "every host" (a URL may even have "*" as its host name): see grants/effectivePermissions.ts.
    if (pattern === '*') return false
    if (pattern.startsWith('*.')) {
      const suffix = pattern.slice(1) // ".example.com"
      return host.endsWith(suffix) && host.length > suffix.length
    }
    return host === pattern
  })
}

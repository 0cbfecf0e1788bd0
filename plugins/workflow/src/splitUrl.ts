// An http(s) URL split into what may be logged (scheme and host) and what may be a secret (path and query). The
// isolate has no URL class; the kernel parses the URL again and checks its host against the grant before sending.
const HTTP_URL = /^(https?):\/\/([^/?#\s@]+)((?:[/?][^#\s]*)?)(?:#\S*)?$/i

export function splitUrl(s: string): { origin: string; rest: string } | undefined {
  const m = HTTP_URL.exec(s.trim())
  if (!m) return undefined
  return { origin: `${(m[1] as string).toLowerCase()}://${m[2] as string}`, rest: m[3] as string }
}

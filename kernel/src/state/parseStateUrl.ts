// Reads `state.url` (DESIGN §7): which keyv adapter to load and where it points.
import { isAbsolute, resolve } from 'node:path'
import { errors } from '../errors.ts'

export type StateLocation =
  | { kind: 'sqlite'; file: string; redacted: string }
  | { kind: 'redis'; url: string; redacted: string }
  | { kind: 'postgres'; url: string; redacted: string }

const ACCEPTED =
  'sqlite://<path relative to the project root> (e.g. sqlite://.mmm/state.db), sqlite:///<absolute path>, ' +
  'redis://[user:password@]host:port[/db] (or rediss:// for TLS), postgres://user[:password]@host[:port]/db (or postgresql://)'

/** Parses a state url; relative sqlite paths resolve against `root`. Throws MMM_STATE_ERROR naming the accepted forms. */
export function parseStateUrl(url: string, root: string): StateLocation {
  if (typeof url !== 'string' || url.trim() === '') throw errors.stateError(`state.url is empty; use one of: ${ACCEPTED}`)
  const redacted = redactUrl(url)
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase()
  if (scheme === 'sqlite') {
    // Not parsed with URL: in sqlite://.mmm/state.db the ".mmm" would become a host name.
    const path = url.slice('sqlite://'.length)
    if (path === '' || path === '/' || path.includes('\0') || path.includes('?')) {
      throw errors.stateError(`state.url "${redacted}" has no usable file path; use one of: ${ACCEPTED}`)
    }
    if (path === ':memory:') throw errors.stateError(`state.url "${redacted}": in-memory SQLite is not supported (state must survive the process); use a file path`)
    return { kind: 'sqlite', file: isAbsolute(path) ? path : resolve(root, path), redacted }
  }
  if (scheme === 'redis' || scheme === 'rediss' || scheme === 'postgres' || scheme === 'postgresql') {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw errors.stateError(`state.url "${redacted}" is not a valid URL; use one of: ${ACCEPTED}`)
    }
    if (!parsed.hostname) throw errors.stateError(`state.url "${redacted}" has no host; use one of: ${ACCEPTED}`)
    if (scheme.startsWith('redis') && parsed.pathname.length > 1 && !/^\/\d{1,2}$/.test(parsed.pathname)) {
      throw errors.stateError(`state.url "${redacted}": the path must be a database number such as /0; use one of: ${ACCEPTED}`)
    }
    return { kind: scheme.startsWith('redis') ? 'redis' : 'postgres', url, redacted }
  }
  throw errors.stateError(`state.url "${redacted}" is not supported; use one of: ${ACCEPTED}`)
}

/** The url as configured, with the password (if any) replaced by "***". */
export function redactUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url)
  if (!m) return url
  const [, scheme = '', authority = '', rest = ''] = m
  const at = authority.lastIndexOf('@')
  if (at < 0) return url
  const userinfo = authority.slice(0, at)
  const colon = userinfo.indexOf(':')
  if (colon < 0) return url
  return `${scheme}${userinfo.slice(0, colon)}:***${authority.slice(at)}${rest}`
}

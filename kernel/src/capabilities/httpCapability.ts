// ctx.http on the host: http/https only, every host (and every redirect hop) checked against the
// plugin's "net" allowlist before any connection, bounded time and body size.

import { isMmmError } from '../errors.ts'
import { capErrors, describe } from './capabilityErrors.ts'
import { checkArgs } from './checkArgs.ts'
import { netAllowed } from './netAllow.ts'
import { BodyTooLarge, readBodyLimited } from './readBodyLimited.ts'
import { methodTable } from './methodTable.ts'
import type { CapabilityContext, CapabilityMethods } from './types.ts'

export const HTTP_LIMITS = {
  maxRedirects: 5,
  maxResponseBytes: 10 * 1024 * 1024,
  maxRequestBytes: 10 * 1024 * 1024,
  defaultTimeoutMs: 30_000,
  maxTimeoutMs: 10 * 60_000,
  maxUrlLength: 16_384,
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
/** Headers the host sets itself (framing, routing): a plugin may not. */
const FORBIDDEN_HEADERS = new Set([
  'host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect', 'content-length',
  'proxy-authorization', 'proxy-connection',
])
const REDIRECTS = new Set([301, 302, 303, 307, 308])
/** Dropped when a redirect leaves the origin. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization'])

export function createHttpCapability(c: CapabilityContext): CapabilityMethods {
  const { plugin } = c

  const deniedHost = (url: URL, verb: string) => capErrors.deniedHost(plugin, `${verb} ${url.protocol}//${url.host}`, url.hostname.replace(/^\[|\]$/g, ''))

  const fetchUrl = async (url: unknown, init: unknown) => {
    const a = checkArgs(plugin, 'http.fetch')
    const raw = a.string(url, 'url', { max: HTTP_LIMITS.maxUrlLength })
    const o = a.options(init, 'init', ['method', 'headers', 'body', 'timeoutMs'])
    const method = (a.optString(o.method, 'init.method', { max: 32 }) ?? 'GET').toUpperCase()
    if (!TOKEN.test(method) || ['CONNECT', 'TRACE', 'TRACK'].includes(method)) a.fail(`init.method ${JSON.stringify(method)} is not an allowed HTTP method`)
    const headers = a.optStringRecord(o.headers, 'init.headers', 200) ?? {}
    for (const [k, v] of Object.entries(headers)) {
      if (!TOKEN.test(k)) a.fail(`init.headers: ${JSON.stringify(k)} is not a valid header name`)
      if (FORBIDDEN_HEADERS.has(k.toLowerCase())) a.fail(`init.headers: "${k}" is set by the host and may not be given`)
      if (/[\r\n\0]/.test(v)) a.fail(`init.headers.${k} must not contain CR, LF or NUL`)
    }
    let body = a.optString(o.body, 'init.body', { allowEmpty: true })
    if (body !== undefined && (method === 'GET' || method === 'HEAD')) a.fail(`init.body is not allowed with ${method}`)
    if (body !== undefined && Buffer.byteLength(body, 'utf8') > HTTP_LIMITS.maxRequestBytes) {
      throw capErrors.tooLarge(plugin, 'the request body', HTTP_LIMITS.maxRequestBytes, 'send less data per request')
    }
    const timeoutMs = a.optInt(o.timeoutMs, 'init.timeoutMs', 1, HTTP_LIMITS.maxTimeoutMs) ?? HTTP_LIMITS.defaultTimeoutMs

    let current: URL
    try {
      current = new URL(raw)
    } catch {
      return a.fail(`url ${JSON.stringify(raw.slice(0, 200))} is not a valid absolute URL`)
    }
    if (current.protocol !== 'http:' && current.protocol !== 'https:') a.fail(`url must be http: or https:, got ${current.protocol}`)
    if (current.username || current.password) a.fail('url must not carry credentials (user:password@); send an Authorization header instead')
    if (!netAllowed(c.permissions.net, current)) throw deniedHost(current, 'fetch from')
    if (c.signal?.aborted) throw capErrors.cancelled(plugin, `http.fetch(${current.host})`)

    const controller = new AbortController()
    let timedOut = false
    let cancelled = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    const onAbort = (): void => {
      cancelled = true
      controller.abort()
    }
    c.signal?.addEventListener('abort', onAbort, { once: true })
    let method_ = method
    let hdrs: Record<string, string> = { ...headers }
    try {
      for (let hop = 0; ; hop++) {
        const res = await fetch(current, {
          method: method_,
          headers: hdrs,
          redirect: 'manual',
          signal: controller.signal,
          ...(body !== undefined ? { body } : {}),
        })
        const location = res.headers.get('location')
        if (REDIRECTS.has(res.status) && location !== null) {
          await res.body?.cancel().catch(() => {})
          if (hop >= HTTP_LIMITS.maxRedirects) throw capErrors.http(plugin, `http.fetch: more than ${HTTP_LIMITS.maxRedirects} redirects from ${raw.slice(0, 200)}`)
          let next: URL
          try {
            next = new URL(location, current)
          } catch {
            throw capErrors.http(plugin, `http.fetch: ${current.host} redirected to an invalid location`)
          }
          if (next.protocol !== 'http:' && next.protocol !== 'https:') throw capErrors.http(plugin, `http.fetch: ${current.host} redirected to a ${next.protocol} URL`)
          if (next.username || next.password) throw capErrors.http(plugin, `http.fetch: ${current.host} redirected to a URL with credentials`)
          if (!netAllowed(c.permissions.net, next)) throw deniedHost(next, `follow a redirect from ${current.host} to`)
          if ((res.status === 303 && method_ !== 'HEAD') || ((res.status === 301 || res.status === 302) && method_ === 'POST')) {
            method_ = 'GET'
            body = undefined
            hdrs = Object.fromEntries(Object.entries(hdrs).filter(([k]) => !/^content-/i.test(k)))
          }
          if (next.origin !== current.origin) {
            hdrs = Object.fromEntries(Object.entries(hdrs).filter(([k]) => !CREDENTIAL_HEADERS.has(k.toLowerCase())))
          }
          current = next
          continue
        }
        const text = method_ === 'HEAD' ? '' : await readBodyLimited(res, HTTP_LIMITS.maxResponseBytes)
        const plain: Record<string, string> = {}
        res.headers.forEach((value, key) => {
          const k = key.toLowerCase()
          plain[k] = plain[k] === undefined ? value : `${plain[k]}, ${value}`
        })
        return { status: res.status, statusText: res.statusText, headers: plain, body: text, url: current.href }
      }
    } catch (e) {
      if (isMmmError(e)) throw e
      if (e instanceof BodyTooLarge) {
        throw capErrors.tooLarge(plugin, `the response from ${current.host}`, e.limit, 'ask for less (a range, a page, a filter)')
      }
      if (cancelled) throw capErrors.cancelled(plugin, `http.fetch(${current.host})`)
      if (timedOut) throw capErrors.http(plugin, `http.fetch: ${current.host} did not answer within ${timeoutMs} ms (raise init.timeoutMs if this is expected)`)
      const cause = e instanceof Error && e.cause !== undefined ? e.cause : e
      throw capErrors.http(plugin, `http.fetch: ${method_} ${current.protocol}//${current.host} failed: ${describe(cause)}`, e)
    } finally {
      clearTimeout(timer)
      c.signal?.removeEventListener('abort', onAbort)
    }
  }

  return methodTable({ fetch: fetchUrl })
}

// ctx.http on the host: a real local server on 127.0.0.1, no mocks.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpCapability } from '../src/capabilities/httpCapability.ts'
import type { CapabilityContext, Permissions } from '../src/capabilities/types.ts'
import { codeOf, messageOf } from './helpers/outcome.ts'

interface Res {
  status: number
  statusText: string
  headers: Record<string, string>
  body: string
  url: string
}

let server: http.Server
let port = 0
let base = ''
let connections = 0
const hits: string[] = []

const LOCAL: Permissions = { net: ['127.0.0.1'] }

function httpFor(permissions: Permissions = LOCAL, extra: Partial<CapabilityContext> = {}) {
  return createHttpCapability({ plugin: 'p', root: '/', permissions, env: { SECRET_TOKEN: 'kernel-secret-123' }, ...extra })
}
const fetchAs = (args: unknown[], permissions: Permissions = LOCAL, extra: Partial<CapabilityContext> = {}) =>
  httpFor(permissions, extra).fetch!(...args) as Promise<Res>

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`)
    const url = new URL(req.url ?? '/', 'http://x')
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString('utf8')))
    req.on('end', () => {
      switch (url.pathname) {
        case '/ok':
          res.setHeader('X-Test', 'Yes')
          res.setHeader('Set-Cookie', ['a=1', 'b=2'])
          res.setHeader('Content-Type', 'text/plain; charset=utf-8')
          res.end('hello ✓')
          return
        case '/echo':
          res.setHeader('Content-Type', 'application/json')
          res.end(JSON.stringify({ method: req.method, headers: req.headers, body }))
          return
        case '/redirect-ok':
          res.writeHead(302, { Location: '/ok' })
          res.end()
          return
        case '/redirect-absolute':
          res.writeHead(301, { Location: `http://127.0.0.1:${port}/ok` })
          res.end()
          return
        case '/redirect-evil':
          // the same server under a name that is not on the allowlist
          res.writeHead(302, { Location: `http://localhost:${port}/ok` })
          res.end()
          return
        case '/redirect-file':
          res.writeHead(302, { Location: 'file:///etc/passwd' })
          res.end()
          return
        case '/redirect-303':
          res.writeHead(303, { Location: '/echo' })
          res.end()
          return
        case '/redirect-307':
          res.writeHead(307, { Location: '/echo' })
          res.end()
          return
        case '/loop':
          res.writeHead(302, { Location: '/loop' })
          res.end()
          return
        case '/big': {
          // chunked, no content-length: the limit is enforced while reading
          const chunk = 'x'.repeat(1024 * 1024)
          let sent = 0
          const pump = (): void => {
            while (sent < 11) {
              sent++
              if (!res.write(chunk)) {
                res.once('drain', pump)
                return
              }
            }
            res.end()
          }
          res.on('error', () => {})
          pump()
          return
        }
        case '/big-declared':
          res.setHeader('Content-Length', String(11 * 1024 * 1024))
          res.write('x')
          res.on('error', () => {})
          setTimeout(() => res.destroy(), 200)
          return
        case '/slow':
          setTimeout(() => {
            if (!res.destroyed) res.end('late')
          }, 5000)
          return
        default:
          res.statusCode = 404
          res.end('not found')
      }
    })
  })
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  base = `http://127.0.0.1:${port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
})

describe('http: allowlist', () => {
  it('fetches from an allowed host, with lower-cased plain headers', async () => {
    const res = await fetchAs([`${base}/ok`])
    expect(res.status).toBe(200)
    expect(res.statusText).toBe('OK')
    expect(res.body).toBe('hello ✓')
    expect(res.url).toBe(`${base}/ok`)
    expect(res.headers['x-test']).toBe('Yes')
    expect(res.headers['set-cookie']).toBe('a=1, b=2')
    expect(Object.keys(res.headers).every((k) => k === k.toLowerCase())).toBe(true)
    expect(JSON.parse(JSON.stringify(res))).toEqual(res)
    expect((await fetchAs([`${base}/missing`])).status).toBe(404)
  })

  it('denies a host not on the allowlist before any connection', async () => {
    const before = connections
    const hitsBefore = hits.length
    expect(await codeOf(fetchAs([`http://localhost:${port}/ok`]))).toBe('MMM_PERMISSION_DENIED')
    expect(await messageOf(fetchAs([`http://localhost:${port}/ok`]))).toMatch(/"net": \["localhost"\]/)
    expect(await codeOf(fetchAs([`${base}/ok`], {}))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(fetchAs([`${base}/ok`], { net: ['127.0.0.1:1'] }))).toBe('MMM_PERMISSION_DENIED')
    // URL tricks that put an allowed name somewhere other than the host
    for (const url of [`http://127.0.0.1@localhost:${port}/ok`, `http://localhost:${port}/#@127.0.0.1`, `http://localhost:${port}/?h=127.0.0.1`, `http://127.0.0.1.localhost:${port}/`]) {
      expect(await codeOf(fetchAs([url])), url).not.toBe('OK')
    }
    expect(connections).toBe(before)
    expect(hits.length).toBe(hitsBefore)
  })

  it('allows a host with the port given in the grant', async () => {
    expect((await fetchAs([`${base}/ok`], { net: [`127.0.0.1:${port}`] })).status).toBe(200)
  })
})

describe('http: redirects', () => {
  it('follows allowed redirects and reports the final url', async () => {
    const res = await fetchAs([`${base}/redirect-ok`])
    expect(res).toMatchObject({ status: 200, body: 'hello ✓', url: `${base}/ok` })
    expect((await fetchAs([`${base}/redirect-absolute`])).url).toBe(`${base}/ok`)
  })

  it('re-checks every hop: a redirect to a host not on the allowlist is refused', async () => {
    const hitsBefore = hits.length
    expect(await codeOf(fetchAs([`${base}/redirect-evil`]))).toBe('MMM_PERMISSION_DENIED')
    expect(await messageOf(fetchAs([`${base}/redirect-evil`]))).toMatch(/redirect/)
    // only the redirecting request reached the server, never the /ok behind localhost
    expect(hits.slice(hitsBefore)).toEqual(['GET /redirect-evil', 'GET /redirect-evil'])
    expect(await codeOf(fetchAs([`${base}/redirect-file`]))).toBe('MMM_HTTP_FAILED')
  })

  it('stops after 5 redirects', async () => {
    const hitsBefore = hits.length
    expect(await codeOf(fetchAs([`${base}/loop`]))).toBe('MMM_HTTP_FAILED')
    expect(hits.length - hitsBefore).toBe(6)
  })

  it('turns POST into GET on 303 and keeps it on 307', async () => {
    const after303 = JSON.parse((await fetchAs([`${base}/redirect-303`, { method: 'POST', body: 'data', headers: { 'Content-Type': 'text/plain' } }])).body)
    expect(after303).toMatchObject({ method: 'GET', body: '' })
    expect(after303.headers['content-type']).toBeUndefined()
    const after307 = JSON.parse((await fetchAs([`${base}/redirect-307`, { method: 'POST', body: 'data' }])).body)
    expect(after307).toMatchObject({ method: 'POST', body: 'data' })
  })
})

describe('http: requests', () => {
  it('sends method, headers and body, and nothing of the kernel environment', async () => {
    const res = await fetchAs([`${base}/echo`, { method: 'put', headers: { 'X-Plugin': 'p1', Authorization: 'Bearer t' }, body: '{"a":1}' }])
    const echo = JSON.parse(res.body) as { method: string; headers: Record<string, string>; body: string }
    expect(echo.method).toBe('PUT')
    expect(echo.body).toBe('{"a":1}')
    expect(echo.headers['x-plugin']).toBe('p1')
    expect(echo.headers.authorization).toBe('Bearer t')
    expect(res.body).not.toContain('kernel-secret-123')
    expect(Object.keys(echo.headers).filter((h) => h.startsWith('x-') && h !== 'x-plugin')).toEqual([])
  })

  it('HEAD returns an empty body', async () => {
    const res = await fetchAs([`${base}/ok`, { method: 'HEAD' }])
    expect(res.status).toBe(200)
    expect(res.body).toBe('')
  })
})

describe('http: limits, timeout and cancellation', () => {
  it('refuses a body over 10 MB', async () => {
    expect(await codeOf(fetchAs([`${base}/big`]))).toBe('MMM_PAYLOAD_TOO_LARGE')
    expect(await codeOf(fetchAs([`${base}/big-declared`]))).toBe('MMM_PAYLOAD_TOO_LARGE')
  })

  it('times out', async () => {
    const started = Date.now()
    expect(await codeOf(fetchAs([`${base}/slow`, { timeoutMs: 200 }]))).toBe('MMM_HTTP_FAILED')
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('is cancelled by the call signal', async () => {
    const ac = new AbortController()
    const p = fetchAs([`${base}/slow`], LOCAL, { signal: ac.signal })
    setTimeout(() => ac.abort(), 100)
    expect(await codeOf(p)).toBe('MMM_CANCELLED')
    expect(await codeOf(fetchAs([`${base}/ok`], LOCAL, { signal: AbortSignal.abort() }))).toBe('MMM_CANCELLED')
  })

  it('reports a refused connection as MMM_HTTP_FAILED', async () => {
    const closed = http.createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const deadPort = (closed.address() as AddressInfo).port
    await new Promise((r) => closed.close(r))
    expect(await codeOf(fetchAs([`http://127.0.0.1:${deadPort}/`]))).toBe('MMM_HTTP_FAILED')
  })
})

describe('http: argument validation', () => {
  it('fails bad arguments with MMM_INVALID_INPUT before any connection', async () => {
    const before = connections
    const bad: unknown[][] = [
      [42],
      [undefined],
      ['not a url'],
      ['/relative/path'],
      ['file:///etc/passwd'],
      ['ftp://127.0.0.1/x'],
      ['data:text/plain,hi'],
      [`http://user:pass@127.0.0.1:${port}/ok`],
      [`${base}/ok`, 'GET'],
      [`${base}/ok`, { method: 42 }],
      [`${base}/ok`, { method: 'GET', body: 'x' }],
      [`${base}/ok`, { method: 'CONNECT' }],
      [`${base}/ok`, { method: 'GE T' }],
      [`${base}/ok`, { headers: { Host: 'evil.com' } }],
      [`${base}/ok`, { headers: { 'X-A': 1 } }],
      [`${base}/ok`, { headers: { 'X-A': 'a\r\nInjected: 1' } }],
      [`${base}/ok`, { headers: { 'Bad Name': 'x' } }],
      [`${base}/ok`, { headers: ['X-A', 'b'] }],
      [`${base}/ok`, { body: 42, method: 'POST' }],
      [`${base}/ok`, { timeoutMs: 0 }],
      [`${base}/ok`, { redirect: 'follow' }],
    ]
    for (const args of bad) expect(await codeOf(fetchAs(args)), JSON.stringify(args)).toBe('MMM_INVALID_INPUT')
    expect(connections).toBe(before)
  })
})

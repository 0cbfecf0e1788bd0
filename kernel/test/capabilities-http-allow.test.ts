// The net allowlist behind ctx.http: exact hosts, *. subdomains, optional ports.
import { describe, expect, it } from 'vitest'
import { netAllowed } from '../src/capabilities/netAllow.ts'

describe('http: net allowlist', () => {
  it('matches exact hosts and *. subdomains', () => {
    const u = (s: string) => new URL(s)
    expect(netAllowed(['example.com'], u('https://example.com/x'))).toBe(true)
    expect(netAllowed(['example.com'], u('https://EXAMPLE.com./x'))).toBe(true)
    expect(netAllowed(['example.com'], u('https://api.example.com/'))).toBe(false)
    expect(netAllowed(['*.example.com'], u('https://api.example.com/'))).toBe(true)
    expect(netAllowed(['*.example.com'], u('https://a.b.example.com:8443/'))).toBe(true)
    expect(netAllowed(['*.example.com'], u('https://example.com/'))).toBe(false)
    expect(netAllowed(['*.example.com'], u('https://evilexample.com/'))).toBe(false)
    expect(netAllowed(['example.com'], u('https://example.com.evil.io/'))).toBe(false)
    expect(netAllowed(['example.com:443'], u('https://example.com/'))).toBe(true)
    expect(netAllowed(['example.com:443'], u('http://example.com/'))).toBe(false)
    expect(netAllowed(['[::1]'], u('http://[::1]:3000/'))).toBe(true)
    expect(netAllowed(['127.0.0.1'], u('http://2130706433/'))).toBe(true) // the URL parser canonicalises IPv4
    expect(netAllowed(['*'], u('https://example.com/'))).toBe(false)
    // "*" parses as a host name; a lone "*" entry still matches nothing (it is a request's slot, never a grant).
    expect(netAllowed(['*'], u('http://*/'))).toBe(false)
    expect(netAllowed(['*:80'], u('http://*/'))).toBe(false)
    expect(netAllowed(undefined, u('https://example.com/'))).toBe(false)
  })
})

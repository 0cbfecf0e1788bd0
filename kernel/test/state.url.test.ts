// state.url (DESIGN §7): which forms are accepted, what a wrong one says, and that a password never
// shows up in StateStore.url or in an error message.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStateStore } from '../src/state/openStateStore.ts'
import { parseStateUrl, redactUrl } from '../src/state/parseStateUrl.ts'

const root = mkdtempSync(join(tmpdir(), 'mmm-url-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('state.url', () => {
  it('accepts sqlite (relative to the root or absolute), redis and postgres urls', () => {
    expect(parseStateUrl('sqlite://.mmm/state.db', '/proj')).toEqual({ kind: 'sqlite', file: '/proj/.mmm/state.db', redacted: 'sqlite://.mmm/state.db' })
    expect(parseStateUrl('sqlite:///var/lib/mmm/state.db', '/proj')).toMatchObject({ kind: 'sqlite', file: '/var/lib/mmm/state.db' })
    expect(parseStateUrl('redis://127.0.0.1:6379', '/proj')).toMatchObject({ kind: 'redis', url: 'redis://127.0.0.1:6379' })
    expect(parseStateUrl('redis://cache:6379/3', '/proj')).toMatchObject({ kind: 'redis' })
    expect(parseStateUrl('rediss://user:pw@cache:6380/0', '/proj')).toMatchObject({ kind: 'redis', redacted: 'rediss://user:***@cache:6380/0' })
    expect(parseStateUrl('postgres://mmm@db/mmm', '/proj')).toMatchObject({ kind: 'postgres' })
    expect(parseStateUrl('postgresql://mmm:pw@db:5432/mmm?sslmode=require', '/proj')).toMatchObject({ kind: 'postgres', redacted: 'postgresql://mmm:***@db:5432/mmm?sslmode=require' })
  })

  it.each([
    ['mysql://db/mmm', 'is not supported'],
    ['.mmm/state.db', 'is not supported'],
    ['file:///tmp/state.db', 'is not supported'],
    ['', 'is empty'],
    ['sqlite://', 'no usable file path'],
    ['sqlite://:memory:', 'in-memory SQLite is not supported'],
    ['redis://cache:6379/not-a-db', 'database number'],
    ['postgres://', 'has no host'],
    ['redis://exa mple:6379', 'not a valid URL'],
  ])('refuses %j, listing the accepted forms where that helps', async (url, says) => {
    const attempt = openStateStore({ url, root })
    await expect(attempt).rejects.toMatchObject({ code: 'MMM_STATE_ERROR', message: expect.stringContaining(says) })
    if (says === 'is not supported') await expect(attempt).rejects.toThrow(/sqlite:\/\/.*redis:\/\/.*postgres:\/\//)
  })

  it('redacts the password, and only the password', () => {
    expect(redactUrl('redis://:s3cret@cache:6379/0')).toBe('redis://:***@cache:6379/0')
    expect(redactUrl('postgres://mmm:p%40ss@db:5432/mmm')).toBe('postgres://mmm:***@db:5432/mmm')
    expect(redactUrl('postgres://mmm:we@ird@db/mmm')).toBe('postgres://mmm:***@db/mmm')
    expect(redactUrl('postgres://mmm@db/mmm')).toBe('postgres://mmm@db/mmm')
    expect(redactUrl('redis://cache:6379')).toBe('redis://cache:6379')
    expect(redactUrl('sqlite://.mmm/state.db')).toBe('sqlite://.mmm/state.db')
  })

  it('keeps passwords out of error messages when a server cannot be reached', async () => {
    // Port 1 on localhost: nothing listens there, so both fail fast with ECONNREFUSED.
    for (const url of ['redis://user:hunter2@127.0.0.1:1/0', 'postgres://mmm:hunter2@127.0.0.1:1/mmm']) {
      const error = await openStateStore({ url, root }).then(
        () => undefined,
        (e: unknown) => e as Error & { code: string },
      )
      expect(error?.code).toBe('MMM_STATE_ERROR')
      expect(error?.message).toContain(':***@127.0.0.1:1')
      expect(error?.message).toMatch(/ECONNREFUSED.*is the server running/)
      expect(JSON.stringify({ message: error?.message, details: (error as { details?: unknown }).details })).not.toContain('hunter2')
    }
  })
})

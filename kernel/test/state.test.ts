// The StateStore behaviour every backend must share, run against a real SQLite file, a real
// redis-server (test/globalSetup/redis.ts) and a real Postgres started here in a temp dir.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { openStateStore, type StateStore } from '../src/state/openStateStore.ts'

interface Location { url: string; root: string; stop?: () => Promise<void> }
interface Backend { name: string; unavailable: string; start: () => Promise<Location> }

const redisUrl = inject('mmmRedisUrl') ?? ''
const pgBin = findPostgresBin()

const backends: Backend[] = [
  {
    name: 'sqlite',
    unavailable: '',
    start: async () => {
      const root = mkdtempSync(join(tmpdir(), 'mmm-state-'))
      return { url: 'sqlite://.mmm/state.db', root, stop: async () => rmSync(root, { recursive: true, force: true }) }
    },
  },
  {
    name: 'redis',
    unavailable: redisUrl ? '' : (inject('mmmRedisUnavailable') || 'the redis globalSetup (test/globalSetup/redis.ts) is not in vitest.config.ts'),
    start: async () => ({ url: `${redisUrl}/${1 + Math.floor(Math.random() * 15)}`, root: tmpdir() }),
  },
  {
    name: 'postgres',
    unavailable: pgBin ? '' : 'the Postgres server is not installed; run `apt-get install -y postgresql` (Debian/Ubuntu) to run the postgres state tests',
    start: () => startPostgres(pgBin!),
  },
]

for (const backend of backends) describeStateStore(backend)

function describeStateStore(backend: Backend): void {
  if (backend.unavailable) {
    // In CI a missing server is a broken setup, not a reason to skip.
    if (process.env.CI === 'true') describe(`StateStore on ${backend.name}`, () => it('has its server installed', () => expect.fail(backend.unavailable)))
    else {
      console.warn(`[state tests] StateStore on ${backend.name} is skipped: ${backend.unavailable}`)
      describe.skip(`StateStore on ${backend.name} (skipped: ${backend.unavailable})`, () => it('behaves like a state store', () => {}))
    }
    return
  }

  describe(`StateStore on ${backend.name}`, () => {
    let where: Location
    const opened: StateStore[] = []
    const open = async () => {
      const s = await openStateStore({ url: where.url, root: where.root })
      opened.push(s)
      return s
    }
    // Every test writes to namespaces of its own, so tests never see each other's keys on a shared server.
    const fresh = (name = 'plugin') => `${name}:${randomUUID().slice(0, 8)}`

    beforeAll(async () => {
      where = await backend.start()
    })
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()))
    })
    afterAll(async () => {
      await where?.stop?.()
    })

    it('gives back an equal copy of what was set, and undefined for a key never set', async () => {
      const s = await open()
      const ns = fresh()
      const values: Record<string, unknown> = {
        object: { a: 1, nested: { list: [1, 'two', null, true, { deep: [] }] }, empty: {} },
        unicode: 'grüße, 東京, 🚀 and "quotes" \\ and \n newlines',
        colon: ':base64:aGVsbG8=',
        null: null,
        zero: 0,
        false: false,
        empty: '',
        float: -1.5e-7,
      }
      for (const [k, v] of Object.entries(values)) await s.set(ns, k, v)
      for (const [k, v] of Object.entries(values)) expect(await s.get(ns, k)).toStrictEqual(v)
      expect(await s.get(ns, 'never-set')).toBeUndefined()
    })

    it('overwrites on set, and delete says whether there was something to delete', async () => {
      const s = await open()
      const ns = fresh()
      await s.set(ns, 'k', 1)
      await s.set(ns, 'k', { v: 2 })
      expect(await s.get(ns, 'k')).toEqual({ v: 2 })
      expect(await s.delete(ns, 'k')).toBe(true)
      expect(await s.delete(ns, 'k')).toBe(false)
      expect(await s.get(ns, 'k')).toBeUndefined()
    })

    it('setMany stores many values at once (overwriting), each read back exactly, and checks every value', async () => {
      const s = await open()
      const ns = fresh()
      await s.set(ns, 'k1', 'old')
      const entries = Array.from({ length: 450 }, (_, i) => ({ key: `k${i}`, value: { i, text: `"quoted" \\ ${i}` } }))
      await s.setMany(ns, entries)
      await s.setMany(ns, [])
      expect(await s.get(ns, 'k1')).toEqual({ i: 1, text: '"quoted" \\ 1' })
      expect((await s.list(ns)).length).toBe(450)
      await expect(s.setMany(ns, [{ key: 'bad', value: { n: Number.NaN } }])).rejects.toMatchObject({ code: 'MMM_STATE_ERROR' })
      expect(await s.get(ns, 'bad')).toBeUndefined()
    })

    it('deleteMany removes those keys of that namespace only, missing ones included', async () => {
      const s = await open()
      const ns = fresh()
      const other = fresh()
      for (const k of ['a', 'b', 'c']) await s.set(ns, k, k)
      await s.set(other, 'a', 'kept')
      await s.deleteMany(ns, ['a', 'c', 'never-set'])
      await s.deleteMany(ns, [])
      expect((await s.list(ns)).map((e) => e.key)).toEqual(['b'])
      expect(await s.get(other, 'a')).toBe('kept')
    })

    it('lists a namespace sorted by key, with an exact, case-sensitive prefix (no wildcards)', async () => {
      const s = await open()
      const ns = fresh()
      const keys = ['b', 'a_b', 'aXb', 'A_b', 'a%', 'a*', 'a?', 'a[1]', 'a\\x', 'a', 'ä', 'run/1/step/2', 'run/1/step/10', 'run/10']
      for (const k of keys) await s.set(ns, k, k.length)
      const listed = await s.list(ns)
      expect(listed.map((e) => e.key)).toEqual([...keys].sort())
      expect(listed.find((e) => e.key === 'a[1]')?.value).toBe(4)
      expect((await s.list(ns, 'a_')).map((e) => e.key)).toEqual(['a_b'])
      expect((await s.list(ns, 'a%')).map((e) => e.key)).toEqual(['a%'])
      expect((await s.list(ns, 'a*')).map((e) => e.key)).toEqual(['a*'])
      expect((await s.list(ns, 'a[')).map((e) => e.key)).toEqual(['a[1]'])
      expect((await s.list(ns, 'a\\')).map((e) => e.key)).toEqual(['a\\x'])
      expect((await s.list(ns, 'run/1/')).map((e) => e.key)).toEqual(['run/1/step/10', 'run/1/step/2'])
      expect(await s.list(ns, 'zzz')).toEqual([])
      expect(await s.list(fresh())).toEqual([])
      // keys(): the same keys in the same order, prefixes taken as literally, other namespaces left out.
      await s.set(fresh(), 'a_b', 1)
      expect(await s.keys(ns)).toEqual(listed.map((e) => e.key))
      expect(await s.keys(ns, 'a_')).toEqual(['a_b'])
      expect(await s.keys(ns, 'a%')).toEqual(['a%'])
      expect(await s.keys(ns, 'run/1/')).toEqual(['run/1/step/10', 'run/1/step/2'])
      expect(await s.keys(fresh())).toEqual([])
    })

    it('setMany stores JSON text given as such (json entries) exactly, and checks its size', async () => {
      const s = await open()
      const ns = fresh()
      await s.setMany(ns, [{ key: 'j', json: '{"b":[1,"x"],"a":null}' }, { key: 'v', value: { c: true } }])
      expect(await s.get(ns, 'j')).toEqual({ b: [1, 'x'], a: null })
      expect((await s.list(ns)).map((e) => e.value)).toEqual([{ b: [1, 'x'], a: null }, { c: true }])
      await expect(s.setMany(ns, [{ key: 'big', json: JSON.stringify('x'.repeat(9 * 1024 * 1024)) }])).rejects.toMatchObject({ code: 'MMM_STATE_ERROR' })
      expect(await s.get(ns, 'big')).toBeUndefined()
    })

    it('forgets an entry after its ttl, in get and in list', async () => {
      const s = await open()
      const ns = fresh()
      await s.set(ns, 'short', 'soon gone', 150)
      await s.set(ns, 'long', 'stays', 60_000)
      await s.set(ns, 'forever', 'stays')
      expect(await s.get(ns, 'short')).toBe('soon gone')
      await new Promise((r) => setTimeout(r, 400))
      expect((await s.list(ns)).map((e) => e.key)).toEqual(['forever', 'long'])
      expect(await s.get(ns, 'short')).toBeUndefined()
      for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(s.set(ns, 'x', 1, bad)).rejects.toMatchObject({ code: 'MMM_STATE_ERROR', message: expect.stringContaining('positive number of milliseconds') })
      }
    })

    it('keeps namespaces apart, however a key is spelled', async () => {
      const s = await open()
      const id = randomUUID().slice(0, 8)
      const [a, b, ab] = [`plugin:a${id}`, `plugin:b${id}`, `plugin:a${id}b`]
      await s.set(b, 'secret', 'b only')
      await s.set(ab, 'k', 'ab only')
      for (const k of ['../b', `../plugin:b${id}|secret`, `|secret`, `b${id}|secret`, 'k']) await s.set(a, k, 'a')
      expect(await s.get(b, 'secret')).toBe('b only')
      expect(await s.get(ab, 'k')).toBe('ab only')
      expect(await s.get(a, 'secret')).toBeUndefined()
      expect((await s.list(a)).map((e) => e.key).sort()).toEqual(['../b', `../plugin:b${id}|secret`, `b${id}|secret`, 'k', '|secret'].sort())
      expect((await s.list(a)).every((e) => e.value === 'a')).toBe(true)
      expect(await s.list(b)).toEqual([{ key: 'secret', value: 'b only' }])
      for (const badNs of [`plugin:a${id}|x`, '', 'has space', 'x'.repeat(201), 'tab\there']) {
        await expect(s.set(badNs, 'k', 1)).rejects.toMatchObject({ code: 'MMM_STATE_ERROR', message: expect.stringContaining('namespace') })
        await expect(s.list(badNs)).rejects.toMatchObject({ code: 'MMM_STATE_ERROR' })
      }
    })

    it('keeps data across close and reopen, and refuses calls after close', async () => {
      const ns = fresh()
      const first = await open()
      await first.set(ns, 'checkpoint', { step: 3 })
      await first.close()
      await expect(first.get(ns, 'checkpoint')).rejects.toMatchObject({ code: 'MMM_STATE_ERROR', message: expect.stringContaining('is closed') })
      await first.close() // closing twice is harmless
      const second = await open()
      expect(await second.get(ns, 'checkpoint')).toEqual({ step: 3 })
    })

    it('loses nothing when two instances write 200 keys at once', async () => {
      const [one, two] = [await open(), await open()]
      const ns = fresh()
      await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? one : two).set(ns, `k${String(i).padStart(3, '0')}`, { i })))
      // The same key from both at once: last write wins, nothing fails.
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).set(ns, 'contended', i)))
      const third = await open()
      const listed = await third.list<{ i: number }>(ns, 'k')
      expect(listed).toHaveLength(200)
      expect(listed.map((e) => e.value.i)).toEqual(Array.from({ length: 200 }, (_, i) => i))
      expect(await one.get(ns, 'k199')).toEqual({ i: 199 })
      expect(typeof (await third.get(ns, 'contended'))).toBe('number')
    })

    it('refuses values that are not JSON, saying where the problem is, and stores nothing', async () => {
      const s = await open()
      const ns = fresh()
      class Point { x = 1 }
      const cyclic: Record<string, unknown> = { a: 1 }
      cyclic.self = cyclic
      const cases: Array<[unknown, string]> = [
        [() => 1, 'value is a function'],
        [undefined, 'undefined'],
        [{ a: { b: undefined } }, 'value.a.b is undefined'],
        [[1, () => 2], 'value[1] is a function'],
        [10n, 'BigInt'],
        [{ n: Number.NaN }, 'value.n is NaN'],
        [{ n: Number.POSITIVE_INFINITY }, 'Infinity'],
        [Symbol('s'), 'symbol'],
        [{ when: new Date(0) }, 'value.when is a Date'],
        [new Map([[1, 2]]), 'Map'],
        [{ p: new Point() }, 'value.p is a Point'],
        [cyclic, 'cycles'],
      ]
      for (const [value, message] of cases) {
        await expect(s.set(ns, 'k', value), message).rejects.toMatchObject({ code: 'MMM_STATE_ERROR', message: expect.stringContaining(message) })
      }
      expect(await s.get(ns, 'k')).toBeUndefined()
      await s.set(ns, 'k', Object.assign(Object.create(null) as object, { ok: true }))
      expect(await s.get(ns, 'k')).toEqual({ ok: true })
    })

    it('limits keys to 512 characters and values to 8 MB of JSON', async () => {
      const s = await open()
      const ns = fresh()
      await s.set(ns, 'k'.repeat(512), 1)
      expect(await s.get(ns, 'k'.repeat(512))).toBe(1)
      await expect(s.set(ns, 'k'.repeat(513), 1)).rejects.toMatchObject({ code: 'MMM_STATE_ERROR', message: expect.stringContaining('limit is 512') })
      await expect(s.get(ns, 'k'.repeat(513))).rejects.toMatchObject({ code: 'MMM_STATE_ERROR' })
      await expect(s.set(ns, '', 1)).rejects.toMatchObject({ code: 'MMM_STATE_ERROR', message: expect.stringContaining('empty') })
      await expect(s.set(ns, 'nul\0', 1)).rejects.toMatchObject({ code: 'MMM_STATE_ERROR', message: expect.stringContaining('NUL') })
      await expect(s.set(ns, 'big', 'x'.repeat(8 * 1024 * 1024))).rejects.toMatchObject({ code: 'MMM_STATE_ERROR', message: expect.stringContaining('limit is 8 MB') })
      await expect(s.set(ns, 'big', '€'.repeat(3 * 1024 * 1024))).rejects.toMatchObject({ code: 'MMM_STATE_ERROR', message: expect.stringContaining('limit is 8 MB') })
      const mb = 'y'.repeat(1024 * 1024)
      await s.set(ns, 'mb', { mb })
      expect(await s.get(ns, 'mb')).toEqual({ mb })
    })
  })
}

// ---- a throwaway Postgres cluster: initdb into a temp dir, run as a non-root user when we are root ----

function findPostgresBin(): string | undefined {
  const roots = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((x, y) => Number(y) - Number(x)) : []
  for (const dir of [...roots.map((v) => `/usr/lib/postgresql/${v}/bin`), ...(process.env.PATH ?? '').split(':')]) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) return dir
  }
  return undefined
}

async function startPostgres(bin: string): Promise<Location> {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-pg-'))
  const data = join(dir, 'data')
  // initdb and postgres refuse to run as root.
  const user = process.getuid?.() === 0 ? passwdEntry('nobody') : undefined
  if (user) chownSync(dir, user.uid, user.gid)
  const as = user ? { uid: user.uid, gid: user.gid } : {}
  await promisify(execFile)(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'mmm', '--no-sync', '-E', 'UTF8', '--locale=C'], { ...as, cwd: dir })
  const port = await freePort()
  const server: ChildProcess = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    { ...as, cwd: dir, stdio: 'ignore' },
  )
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = once(server, 'exit')
      server.kill('SIGINT') // fast shutdown
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + 20_000
  for (;;) {
    const ready = await promisify(execFile)(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'mmm']).then(() => true, () => false)
    if (ready) break
    if (server.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`the test Postgres did not start on port ${port}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return { url: `postgres://mmm@127.0.0.1:${port}/postgres`, root: tmpdir(), stop }
}

function passwdEntry(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`))
  const [, , uid, gid] = line?.split(':') ?? []
  if (uid === undefined || gid === undefined) throw new Error(`no user "${name}" to run the test Postgres as`)
  return { uid: Number(uid), gid: Number(gid) }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  await once(server, 'close')
  if (address === null || typeof address === 'string') throw new Error('no free port')
  return address.port
}

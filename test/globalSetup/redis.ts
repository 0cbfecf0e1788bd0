// Vitest globalSetup: one real redis-server for the whole test run (DESIGN §12: real parts, no mocks).
// Started on a free port with persistence off, checked with PING, stopped on teardown.
// Tests read inject('mmmRedisUrl'); when redis-server is missing it is '' and inject('mmmRedisUnavailable')
// says why, so the redis tests can fail in CI (CI=true) and skip, visibly, elsewhere.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { accessSync, constants } from 'node:fs'
import { connect, createServer } from 'node:net'
import { delimiter, join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** redis://127.0.0.1:<port> of the test redis-server, or '' when there is none. */
    mmmRedisUrl: string
    /** Why there is no test redis-server ('' when there is one). */
    mmmRedisUnavailable: string
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const bin = findOnPath('redis-server')
  if (!bin) {
    project.provide('mmmRedisUrl', '')
    project.provide('mmmRedisUnavailable', 'redis-server is not installed; run `apt-get install -y redis-server` (Debian/Ubuntu) to run the redis state tests')
    return undefined
  }
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
    try {
      await waitForPong(port, child)
    } catch (e) {
      lastError = new Error(`${e instanceof Error ? e.message : String(e)}\n${output.slice(-2000)}`)
      await stop(child)
      continue // most likely another process took the port between freePort() and redis binding it
    }
    const killOnExit = () => child.kill('SIGKILL')
    process.once('exit', killOnExit)
    project.provide('mmmRedisUrl', `redis://127.0.0.1:${port}`)
    project.provide('mmmRedisUnavailable', '')
    return async () => {
      process.off('exit', killOnExit)
      await stop(child)
    }
  }
  throw new Error(`could not start redis-server for the tests: ${lastError instanceof Error ? lastError.message : String(lastError)}`)
}

function findOnPath(name: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin', '/usr/sbin']) {
    if (!dir) continue
    const file = join(dir, name)
    try {
      accessSync(file, constants.X_OK)
      return file
    } catch {
      // not here
    }
  }
  return undefined
}

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  await once(server, 'close')
  if (address === null || typeof address === 'string') throw new Error('could not find a free port')
  return address.port
}

/** Resolves once the server answers PING with +PONG; rejects if it exits or takes over 10 s. */
async function waitForPong(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server exited (code ${child.exitCode ?? child.signalCode})`)
    if (await ping(port)) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('redis-server did not answer PING within 10 s')
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let reply = ''
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.on('error', () => done(false))
    socket.on('connect', () => socket.write('PING\r\n'))
    socket.on('data', (d) => {
      reply += d.toString()
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'))
    })
  })
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

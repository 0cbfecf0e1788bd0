// ctx.exec on the host: real processes in real temp dirs, no mocks.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createExecCapability } from '../src/capabilities/execCapability.ts'
import type { CapabilityContext, Permissions } from '../src/capabilities/types.ts'
import type { ExecResult } from '../src/plugin/types.ts'
import { codeOf, messageOf } from './helpers/outcome.ts'

type Result = ExecResult

let root: string
let outside: string
const kernelEnv: NodeJS.ProcessEnv = {
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? '/usr/bin:/bin'}`,
  HOME: os.homedir(),
  SECRET_TOKEN: 'kernel-secret-123',
  GRANTED_VAR: 'visible',
}

function execFor(permissions: Permissions, extra: Partial<CapabilityContext> = {}) {
  return createExecCapability({ plugin: 'p', root, permissions, env: kernelEnv, ...extra })
}

const NODE: Permissions = { exec: ['node'] }
const run = (args: unknown[], permissions: Permissions = NODE, extra: Partial<CapabilityContext> = {}) =>
  execFor(permissions, extra).run!(...args) as Promise<Result>

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitDead(pid: number, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (!alive(pid)) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return !alive(pid)
}

/** A node script that starts a long-lived grandchild, prints its pid, and sleeps. */
const SPAWNS_GRANDCHILD = `
const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
console.log(c.pid)
setInterval(() => {}, 1000)
`

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'mmm-exec-'))
  outside = await mkdtemp(path.join(os.tmpdir(), 'mmm-exec-outside-'))
  await mkdir(path.join(root, 'sub'))
  await symlink(outside, path.join(root, 'escape'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
  await rm(outside, { recursive: true, force: true })
})

describe('exec: allowlist', () => {
  it('runs an allowed command and reports a non-zero exit as a result', async () => {
    const ok = await run(['node', ['-e', 'process.stdout.write("hi"); process.stderr.write("warn")']])
    expect(ok).toMatchObject({ code: 0, signal: null, stdout: 'hi', stderr: 'warn', timedOut: false, truncated: false })
    expect(typeof ok.durationMs).toBe('number')
    expect(JSON.parse(JSON.stringify(ok))).toEqual(ok)
    expect((await run(['node', ['-e', 'process.exit(3)']])).code).toBe(3)
  })

  it('denies commands that are not on the allowlist, naming the permission', async () => {
    expect(await codeOf(run(['node', ['-e', '1']], {}))).toBe('MMM_PERMISSION_DENIED')
    expect(await messageOf(run(['node', ['-e', '1']], {}))).toMatch(/"exec": \["node"\]/)
    expect(await codeOf(run(['sh', ['-c', 'echo hi']]))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(run([process.execPath, ['-e', '1']]))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(run(['/usr/bin/node', ['-e', '1']]))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(run(['./node', ['-e', '1']]))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(run(['node ', ['-e', '1']]))).toBe('MMM_PERMISSION_DENIED')
  })

  it('allows a path-like command only when listed exactly', async () => {
    const out = await run([process.execPath, ['-e', 'process.stdout.write("abs")']], { exec: [process.execPath] })
    expect(out.stdout).toBe('abs')
  })

  it('fails clearly when an allowed command does not exist', async () => {
    const p = run(['mmm-no-such-command-xyz', []], { exec: ['mmm-no-such-command-xyz'] })
    expect(await codeOf(p)).toBe('MMM_EXEC_FAILED')
    expect(await messageOf(run(['mmm-no-such-command-xyz', []], { exec: ['mmm-no-such-command-xyz'] }))).toMatch(/not found/)
  })

  it('takes the first executable file on PATH, past missing dirs, files used as dirs, directories and non-executables', async () => {
    const bins = await mkdtemp(path.join(os.tmpdir(), 'mmm-exec-path-'))
    try {
      const [notExec, isDir, good, later] = ['a', 'b', 'c', 'd'].map((d) => path.join(bins, d)) as [string, string, string, string]
      for (const d of [notExec, isDir, good, later]) await mkdir(d)
      const script = (tag: string) => `#!/bin/sh\necho ${tag}\n`
      await writeFile(path.join(notExec, 'mmm-tool'), script('not-exec'), { mode: 0o644 })
      await mkdir(path.join(isDir, 'mmm-tool'))
      await writeFile(path.join(good, 'mmm-tool'), script('good'), { mode: 0o755 })
      await writeFile(path.join(later, 'mmm-tool'), script('later'), { mode: 0o755 })
      const aFile = path.join(notExec, 'mmm-tool') // a PATH entry that is a file: ENOTDIR, skipped
      const PATH = [path.join(bins, 'missing'), aFile, notExec, notExec, isDir, '', good, later].join(path.delimiter)
      const out = await run(['mmm-tool', []], { exec: ['mmm-tool'] }, { env: { ...kernelEnv, PATH } })
      expect(out.stdout).toBe('good\n')
      const none = run(['mmm-tool', []], { exec: ['mmm-tool'] }, { env: { ...kernelEnv, PATH: [notExec, isDir, aFile].join(path.delimiter) } })
      expect(await messageOf(none)).toMatch(/"mmm-tool" was not found on PATH/)
    } finally {
      await rm(bins, { recursive: true, force: true })
    }
  })
})

describe('exec: no shell', () => {
  it('passes shell metacharacters through as literal arguments and creates nothing', async () => {
    const args = ['; touch pwned1', '$(touch pwned2)', '`touch pwned3`', '&& touch pwned4', '| touch pwned5', '> pwned6', '*']
    const out = await run(['node', ['-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', ...args]])
    expect(JSON.parse(out.stdout)).toEqual(args)
    const echo = await run(['echo', ['hi; touch pwned7', '$(id)']], { exec: ['echo'] })
    expect(echo.stdout).toBe('hi; touch pwned7 $(id)\n')
    expect((await readdir(root)).filter((f) => f.startsWith('pwned'))).toEqual([])
  })

  it('feeds input on stdin', async () => {
    const out = await run(['node', ['-e', 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(s.toUpperCase()))'], { input: 'héllo' }])
    expect(out.stdout).toBe('HÉLLO')
    // without input, stdin is closed at once: a reader does not hang
    expect((await run(['node', ['-e', 'process.stdin.resume();process.stdin.on("end",()=>process.stdout.write("eof"))']])).stdout).toBe('eof')
  })
})

describe('exec: environment', () => {
  const PRINT_ENV = 'process.stdout.write(JSON.stringify(process.env))'

  it('passes only the base variables, the granted ones and the explicit ones', async () => {
    const env = JSON.parse((await run(['node', ['-e', PRINT_ENV]])).stdout) as Record<string, string>
    expect(env.SECRET_TOKEN).toBeUndefined()
    expect(env.GRANTED_VAR).toBeUndefined()
    expect(env.PATH).toBe(kernelEnv.PATH)
    expect(env.HOME).toBe(kernelEnv.HOME)
    const granted = JSON.parse((await run(['node', ['-e', PRINT_ENV], { env: { MY_FLAG: '1' } }], { exec: ['node'], env: ['GRANTED_VAR'] })).stdout) as Record<string, string>
    expect(granted.GRANTED_VAR).toBe('visible')
    expect(granted.MY_FLAG).toBe('1')
    expect(granted.SECRET_TOKEN).toBeUndefined()
  })

  it('refuses non-string values and dynamic-loader variables', async () => {
    expect(await codeOf(run(['node', ['-e', '1'], { env: { X: 1 } }]))).toBe('MMM_INVALID_INPUT')
    expect(await codeOf(run(['node', ['-e', '1'], { env: { LD_PRELOAD: '/tmp/x.so' } }]))).toBe('MMM_INVALID_INPUT')
    expect(await codeOf(run(['node', ['-e', '1'], { env: { 'A=B': 'x' } }]))).toBe('MMM_INVALID_INPUT')
  })

  it('looks the command up on the kernel PATH, not on a PATH the plugin passes', async () => {
    const out = await run(['node', ['-e', 'process.stdout.write(process.env.PATH)'], { env: { PATH: path.join(root, 'sub') } }])
    expect(out.code).toBe(0)
    expect(out.stdout).toBe(path.join(root, 'sub'))
  })
})

describe('exec: cwd', () => {
  const PRINT_CWD = 'process.stdout.write(process.cwd())'

  it('runs in the root by default and in a subdirectory when asked', async () => {
    expect((await run(['node', ['-e', PRINT_CWD]])).stdout).toBe(await realpath(root))
    expect((await run(['node', ['-e', PRINT_CWD], { cwd: 'sub' }])).stdout).toBe(await realpath(path.join(root, 'sub')))
  })

  it('refuses a cwd outside the project, through .. or a symlink', async () => {
    expect(await codeOf(run(['node', ['-e', PRINT_CWD], { cwd: '..' }]))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(run(['node', ['-e', PRINT_CWD], { cwd: '/tmp' }]))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(run(['node', ['-e', PRINT_CWD], { cwd: 'escape' }]))).toBe('MMM_PERMISSION_DENIED')
    expect(await codeOf(run(['node', ['-e', PRINT_CWD], { cwd: 'missing' }]))).toBe('MMM_EXEC_FAILED')
  })
})

describe('exec: limits, timeout and cancellation', () => {
  it('truncates output past 10 MB', async () => {
    const out = await run(['node', ['-e', 'process.stdout.write("x".repeat(11 * 1024 * 1024))']])
    expect(out.truncated).toBe(true)
    expect(out.stdout.length).toBe(10 * 1024 * 1024)
    expect(out.code).toBe(0)
  })

  it('kills the whole process group on timeout', async () => {
    const started = Date.now()
    const out = await run(['node', ['-e', SPAWNS_GRANDCHILD], { timeoutMs: 500 }])
    expect(out.timedOut).toBe(true)
    expect(out.signal).toBe('SIGTERM')
    expect(Date.now() - started).toBeLessThan(5000)
    const grandchild = Number(out.stdout.trim())
    expect(grandchild).toBeGreaterThan(0)
    expect(await waitDead(grandchild)).toBe(true)
  })

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    const out = await run(['node', ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { timeoutMs: 300 }])
    expect(out.timedOut).toBe(true)
    expect(out.signal).toBe('SIGKILL')
  })

  it('kills the process and rejects MMM_CANCELLED when the call is cancelled', async () => {
    const ac = new AbortController()
    const p = run(['node', ['-e', SPAWNS_GRANDCHILD]], NODE, { signal: ac.signal })
    await new Promise((r) => setTimeout(r, 400))
    ac.abort()
    expect(await codeOf(p)).toBe('MMM_CANCELLED')
    const before = Date.now()
    expect(await codeOf(run(['node', ['-e', 'require("fs").writeFileSync("ran.txt", "x")']], NODE, { signal: AbortSignal.abort() }))).toBe('MMM_CANCELLED')
    expect(Date.now() - before).toBeLessThan(1000)
    expect(existsSync(path.join(root, 'ran.txt'))).toBe(false)
  })

  it('cancellation kills grandchildren too', async () => {
    const ac = new AbortController()
    let pid = 0
    const marker = path.join(root, 'sub', 'pid.txt')
    const script = `${SPAWNS_GRANDCHILD.replace('console.log(c.pid)', `require('fs').writeFileSync(${JSON.stringify(marker)}, String(c.pid))`)}`
    const p = run(['node', ['-e', script]], NODE, { signal: ac.signal })
    const until = Date.now() + 5000
    while (!existsSync(marker) && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
    const { readFile } = await import('node:fs/promises')
    pid = Number(await readFile(marker, 'utf8'))
    expect(alive(pid)).toBe(true)
    ac.abort()
    expect(await codeOf(p)).toBe('MMM_CANCELLED')
    expect(await waitDead(pid)).toBe(true)
  })
})

describe('exec: argument validation', () => {
  it('fails bad argument types with MMM_INVALID_INPUT', async () => {
    const bad: unknown[][] = [
      [42],
      [undefined],
      [''],
      ['node', 'not-an-array'],
      ['node', [1, 2]],
      ['node', ['-e', '1\0']],
      ['node', [], { timeoutMs: -1 }],
      ['node', [], { timeoutMs: '100' }],
      ['node', [], { cwd: 5 }],
      ['node', [], { input: 5 }],
      ['node', [], { shell: true }],
      ['node', [], 'opts'],
    ]
    for (const args of bad) expect(await codeOf(run(args)), JSON.stringify(args)).toBe('MMM_INVALID_INPUT')
  })
})

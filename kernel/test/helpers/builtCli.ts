// Runs the built CLI (kernel/dist/mmm.js, made by pnpm build) as a user would, without blocking this
// process (a fake Messages API served from here keeps answering while it runs).
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const BUILT_CLI = fileURLToPath(new URL('../../dist/mmm.js', import.meta.url))
export const SLOW_PLUGIN = fileURLToPath(new URL('../fixtures/plugins/slow.js', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export function runBuiltCli(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, XDG_CONFIG_HOME: `${cwd}/.xdg`, NO_COLOR: '1', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => { stdout += d })
    child.stderr.on('data', (d: Buffer) => { stderr += d })
    child.stdin.end()
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Polls `fn` until `ok` holds (or a generous deadline passes, leaving the assertion after it to fail). */
export async function until<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (ok(v) || Date.now() > end) return v
    await new Promise((r) => setTimeout(r, 100))
  }
}

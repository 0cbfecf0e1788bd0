// A project with workflows in .mmm/workflows, and a kernel running the real workflow plugin (sandboxed) with the
// hello plugin for tool steps.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createTestKernel, type TestKernel } from '@mmm/kernel/testing'

export const workflowPlugin = fileURLToPath(new URL('..', import.meta.url))
export const helloPlugin = fileURLToPath(new URL('../../hello', import.meta.url))
export const grants = { workflow: { fs: { read: ['**'] }, exec: ['sh'], tools: ['*'], claude: true } }

export interface Project {
  dir: string
  kernel: TestKernel
  write(rel: string, text: string): void
  close(): Promise<void>
}

/** `net` / `grantEnv`: what the config grants for the manifest's "net": ["*"] and "env": ["*"]; `env`: the kernel's
 *  environment variables besides PATH and HOME (granted or not). */
export async function project(files: Record<string, string>, o: { answers?: Array<boolean | string>; net?: string[]; env?: Record<string, string>; grantEnv?: string[]; claudeUrl?: string } = {}): Promise<Project> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-workflow-')))
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true })
    writeFileSync(join(dir, rel), text)
  }
  for (const [rel, text] of Object.entries(files)) write(rel, text)
  const kernel = await createTestKernel({
    cwd: dir,
    plugins: [workflowPlugin, helloPlugin],
    grants: { ...grants, workflow: { ...grants.workflow, ...(o.net ? { net: o.net } : {}), ...(o.grantEnv ? { env: o.grantEnv } : {}) } },
    ...(o.answers ? { answers: o.answers } : {}),
    ...(o.env ? { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...o.env } } : {}),
    ...(o.claudeUrl ? { env: { PATH: process.env.PATH ?? '', HOME: dir, ANTHROPIC_API_KEY: 'sk-ant-test-workflow' }, config: { claude: { provider: 'api', baseURL: o.claudeUrl, model: 'fake-model', maxRetries: 0 } } } : {}),
  })
  return { dir, kernel, write, close: async () => { await kernel.close(); rmSync(dir, { recursive: true, force: true }) } }
}

export type RunSummary = { id: string; status: string; error?: { code: string; message: string }; steps: Record<string, string> }
export type RunRecord = RunSummary & { steps: Record<string, { status: string; kind?: string; attempts: number; outputs?: Record<string, unknown>; exitCode?: number; tail?: string; error?: { code: string; message: string } }> }

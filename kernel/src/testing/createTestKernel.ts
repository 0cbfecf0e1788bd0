// The harness (DESIGN §14, like Backstage's startTestBackend): a real kernel with real sandboxes in a temp project.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import type { MmmConfig, PluginEntry, Permissions } from '../config/types.ts'
import { createKernel, type Kernel, type KernelLogEntry } from '../createKernel.ts'
import { scriptedUi, type UiAdapter } from '../ui/UiAdapter.ts'

/** A plugin given as source text: written to a file in the project and loaded like any single-file plugin. */
export interface InlinePlugin {
  name: string
  code: string
  permissions?: Permissions
  options?: Record<string, unknown>
  /** 'off' runs it in-process (debugging only), as sandbox: 'off' in a config does. */
  sandbox?: 'on' | 'off'
}

export interface TestKernelOptions {
  plugins?: Array<PluginEntry | InlinePlugin>
  /** Grants by plugin name (the config's "grants"). Plugins asking for more fail to load, as for users. */
  grants?: Record<string, Permissions>
  /** Project directory (default: a new temp dir, removed by close()). */
  cwd?: string
  /** Extra config (merged over the defaults). */
  config?: MmmConfig
  /** Grant whatever is asked (like --yes). */
  yes?: boolean
  /** Answers for ctx.ui questions and grant prompts, in order. */
  answers?: Array<boolean | string>
  ui?: UiAdapter
  env?: NodeJS.ProcessEnv
}

export interface TestKernel extends Kernel {
  /** The project directory. */
  dir: string
  /** Everything plugins logged. */
  logs: KernelLogEntry[]
}

export async function createTestKernel(o: TestKernelOptions = {}): Promise<TestKernel> {
  const owned = !o.cwd
  const dir = realpathSync(o.cwd ?? mkdtempSync(join(tmpdir(), 'mmm-test-')))
  const plugins = (o.plugins ?? []).map((p) => toEntry(p, dir))
  const logs: KernelLogEntry[] = []
  const ui = o.ui ?? (o.answers ? scriptedUi([...o.answers]) : undefined)
  const kernel = await createKernel({
    cwd: dir,
    userConfigDir: false,
    env: o.env ?? { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    config: { ...o.config, plugins: [...((o.config?.plugins as PluginEntry[] | undefined) ?? []), ...plugins], grants: { ...o.config?.grants, ...o.grants } },
    ...(o.yes ? { yes: true } : {}),
    ...(ui ? { ui } : {}),
    onLog: (e) => void logs.push(e),
  }).catch((e: unknown) => {
    if (owned) rmSync(dir, { recursive: true, force: true })
    throw e
  })
  const close = kernel.close.bind(kernel)
  return Object.assign(Object.create(null) as object, kernel, {
    dir,
    logs,
    async close() {
      await close()
      if (owned) rmSync(dir, { recursive: true, force: true })
    },
  }) as TestKernel
}

function toEntry(p: PluginEntry | InlinePlugin, dir: string): PluginEntry {
  if (typeof p === 'object' && !Array.isArray(p) && 'code' in p) {
    const folder = join(dir, '.mmm', 'test-plugins')
    mkdirSync(folder, { recursive: true })
    const file = join(folder, `${p.name}.js`)
    writeFileSync(file, p.code)
    return { use: file, ...(p.options ? { options: p.options } : {}), ...(p.permissions ? { permissions: p.permissions } : {}), ...(p.sandbox ? { sandbox: p.sandbox } : {}) }
  }
  const abs = (s: string) => (s.startsWith('.') ? resolve(s) : isAbsolute(s) ? s : s)
  if (typeof p === 'string') return abs(p)
  if (Array.isArray(p)) return [abs(p[0]), p[1]]
  return { ...p, use: abs(p.use) }
}

// Starts a kernel for one CLI command with the global flags, and always closes it.
import { resolve } from 'node:path'
import { createKernel, type CreateKernelOptions, type Kernel } from '../createKernel.ts'
import { discardSpareHost } from '../sandbox/hostProcess.ts'
import { spinnerGate } from '../ui/spinnerGate.ts'
import { noUi, type UiAdapter } from '../ui/UiAdapter.ts'
import type { GlobalOptions } from './output.ts'

export async function withKernel<T>(o: GlobalOptions, fn: (k: Kernel) => Promise<T>, grant?: readonly string[], extra?: Pick<CreateKernelOptions, 'claude' | 'ui' | 'onUngranted'>): Promise<T> {
  const kernel = await createKernel({
    ...extra,
    cwd: resolve(o.cwd ?? process.cwd()),
    ...(o.config ? { configFile: resolve(o.config) } : {}),
    ...(o.yes ? { yes: true } : grant ? { yes: grant } : {}),
    ui: extra?.ui ?? (await pickUi()),
    onLog: (e) => {
      if (e.level === 'debug' && !o.verbose) return
      spinnerGate.print(`[${e.plugin}] ${e.level === 'info' ? '' : `${e.level}: `}${e.message}\n`)
    },
  })
  try {
    return await fn(kernel)
  } finally {
    await kernel.close()
    discardSpareHost()
  }
}

/** A terminal prompt when someone is there to answer, else nobody (questions fail clearly). */
export async function pickUi(): Promise<UiAdapter> {
  if (!process.stdin.isTTY || !process.stderr.isTTY || process.env.CI === 'true') return noUi
  const { terminalUi } = await import('../ui/terminalUi.ts')
  return terminalUi()
}

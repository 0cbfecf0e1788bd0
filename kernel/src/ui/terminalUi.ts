// Terminal prompts with @clack/prompts (loaded only when a question is actually asked), with a running
// call's spinner held meanwhile so it does not draw over the question.
import { MmmError } from '../errors.ts'
import { spinnerGate } from './spinnerGate.ts'
import type { UiAdapter } from './UiAdapter.ts'

export function terminalUi(): UiAdapter {
  const cancelled = () => new MmmError('MMM_CANCELLED', 'the question was cancelled')
  return {
    interactive: true,
    confirm: (message, options) => spinnerGate.hold(async () => {
      const p = await import('@clack/prompts')
      const r = await p.confirm({ message, initialValue: options?.default ?? false, output: process.stderr })
      if (p.isCancel(r)) throw cancelled()
      return r
    }),
    select: (message, choices) => spinnerGate.hold(async () => {
      const p = await import('@clack/prompts')
      const r = await p.select({ message, options: choices.map((c) => ({ value: c.value, label: c.label ?? c.value, ...(c.hint ? { hint: c.hint } : {}) })), output: process.stderr })
      if (p.isCancel(r)) throw cancelled()
      return r as string
    }),
    input: (message, options) => spinnerGate.hold(async () => {
      const p = await import('@clack/prompts')
      const r = await p.text({ message, ...(options?.default !== undefined ? { defaultValue: options.default } : {}), ...(options?.placeholder ? { placeholder: options.placeholder } : {}), output: process.stderr })
      if (p.isCancel(r)) throw cancelled()
      return r
    }),
  }
}

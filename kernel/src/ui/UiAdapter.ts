// How plugins (ctx.ui) and the kernel (grant prompts) ask the user: a terminal, scripted answers, or nobody.
import { MmmError } from '../errors.ts'

export interface UiAdapter {
  readonly interactive: boolean
  confirm(message: string, options?: { default?: boolean }): Promise<boolean>
  select(message: string, choices: Array<{ value: string; label?: string; hint?: string }>): Promise<string>
  input(message: string, options?: { default?: string; placeholder?: string }): Promise<string>
  /** The adapter one plugin's ctx.ui uses (lets an MCP server route a question to the session calling that plugin). */
  forPlugin?(plugin: string): UiAdapter
}

const unavailable = () =>
  new MmmError('MMM_UI_UNAVAILABLE', 'a plugin asked a question but there is no terminal to ask on; run mmm in a terminal, or pass the answer another way (--yes, config)')

/** No terminal: every question fails with a clear error. */
export const noUi: UiAdapter = {
  interactive: false,
  confirm: () => Promise.reject(unavailable()),
  select: () => Promise.reject(unavailable()),
  input: () => Promise.reject(unavailable()),
}

/** Canned answers, for tests and scripted runs: answers are taken in order; running out is an error. */
export function scriptedUi(answers: Array<boolean | string>): UiAdapter & { asked: string[] } {
  const asked: string[] = []
  const next = (message: string) => {
    asked.push(message)
    if (answers.length === 0) return Promise.reject(new MmmError('MMM_UI_UNAVAILABLE', `no scripted answer left for: ${message}`))
    return Promise.resolve(answers.shift()!)
  }
  return {
    interactive: true,
    asked,
    confirm: async (m) => Boolean(await next(m)),
    select: async (m) => String(await next(m)),
    input: async (m) => String(await next(m)),
  }
}

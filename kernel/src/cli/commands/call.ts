import { readFileSync } from 'node:fs'
import type { Kernel } from '../../createKernel.ts'
import { MmmError } from '../../errors.ts'
import { line, printJson, type GlobalOptions } from '../output.ts'
import { startProgress } from '../progress.ts'

export function parseInput(o: { input?: string; inputFile?: string }): unknown {
  if (o.input !== undefined && o.inputFile !== undefined) throw new MmmError('MMM_USAGE', 'give --input or --input-file, not both')
  let text = o.input
  let from = '--input'
  if (o.inputFile !== undefined) {
    from = o.inputFile
    try {
      text = o.inputFile === '-' ? readFileSync(0, 'utf8') : readFileSync(o.inputFile, 'utf8')
    } catch (e) {
      throw new MmmError('MMM_USAGE', `cannot read --input-file ${o.inputFile}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`)
    }
  }
  if (text === undefined) return {}
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new MmmError('MMM_INVALID_INPUT', `${from} is not valid JSON (${e instanceof Error ? e.message : String(e)}); quote it in the shell: --input '{"key":"value"}'`)
  }
}

/** Runs one tool with progress and Ctrl-C cancellation, then prints its result. */
export async function runTool(k: Kernel, id: string, input: unknown, o: GlobalOptions): Promise<number> {
  k.registry.getTool(id)
  const ac = new AbortController()
  const onSigint = () => ac.abort()
  process.once('SIGINT', onSigint)
  const progress = startProgress(id, o)
  try {
    const result = await k.call(id, input, { caller: 'cli', signal: ac.signal, onProgress: (p) => progress.update(p) })
    progress.stop()
    if (o.json) printJson(result)
    else if (typeof result === 'string') line(result)
    else line(JSON.stringify(result, null, 2))
    return 0
  } finally {
    progress.stop()
    process.off('SIGINT', onSigint)
  }
}

export async function callCommand(k: Kernel, id: string, opts: { input?: string; inputFile?: string }, o: GlobalOptions): Promise<number> {
  return runTool(k, id, parseInput(opts), o)
}

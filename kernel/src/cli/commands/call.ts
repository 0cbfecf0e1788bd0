// `mmm call <tool>` and every tool short form: run a tool in the foreground, or start it as a background job.
import { readFileSync } from 'node:fs'
import type { Kernel } from '../../createKernel.ts'
import { MmmError, errors } from '../../errors.ts'
import { line, printJson, type GlobalOptions } from '../output.ts'
import { startProgress } from '../progress.ts'
import { recordJob } from '../recordJob.ts'
import { startJob } from '../startJob.ts'

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

export interface ToolRunOptions {
  /** Set when this process is a background job (`--job <id>`, hidden): its record is kept up to date. */
  job?: string
}

/**
 * Runs one tool with progress, then prints its result. Ctrl-C (SIGINT) and SIGTERM (`mmm jobs cancel`)
 * cancel the call: the tool sees call.signal abort and gets a moment to clean up before its sandbox stops.
 */
export async function runTool(k: Kernel, id: string, input: unknown, o: GlobalOptions, opts: ToolRunOptions = {}): Promise<number> {
  k.registry.getTool(id)
  const ac = new AbortController()
  const stop = () => ac.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const progress = startProgress(id, o)
  try {
    const result = await recordJob(k.root, opts.job, () => k.call(id, input, { caller: 'cli', signal: ac.signal, onProgress: (p) => progress.update(p) }), async () => {
      const run = await k.claude.ledger.run(opts.job ?? k.claude.runId)
      return run.calls ? run.costUsd : undefined
    })
    progress.stop()
    if (o.json) printJson(result)
    else if (typeof result === 'string') line(result)
    else line(JSON.stringify(result, null, 2))
    return 0
  } finally {
    progress.stop()
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}

/** Starts tool `id` as a background job after checking, here and now, that the tool exists and the input is valid (exit 2 otherwise). */
export function startToolJob(k: Kernel, id: string, input: unknown, args: string[], o: GlobalOptions): number {
  const tool = k.registry.getTool(id)
  const problems = k.registry.validatorsFor(tool).input(structuredClone(input))
  if (problems) throw errors.invalidInput(id, problems)
  return startJob(o, k.root, { command: id, args, argv: ['call', id, '--json'], input: input ?? {} })
}

export interface CallCommandOptions {
  input?: string
  inputFile?: string
  background?: boolean
  job?: string
}

export async function callCommand(k: Kernel, id: string, opts: CallCommandOptions, o: GlobalOptions, argv: string[] = []): Promise<number> {
  const input = parseInput(opts)
  if (opts.background) return startToolJob(k, id, input, argv, o)
  return runTool(k, id, input, o, opts.job ? { job: opts.job } : {})
}

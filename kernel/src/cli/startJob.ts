// Starts a background job (`--background` on `mmm run` and on every tool command): a detached mmm running
// the same command with the hidden `--job <id>`, its output in the job's log. It outlives this process.
import { spawn } from 'node:child_process'
import { closeSync, openSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { JobStore } from '../claude/jobs/JobStore.ts'
import { colors, line, printJson, type GlobalOptions } from './output.ts'

export interface JobSpec {
  /** What `mmm jobs` shows: the template name for `mmm run`, the tool id for a tool. */
  command: string
  /** The arguments the user gave (recorded, not re-parsed). */
  args: string[]
  /** The child's command line after the global flags, without `--job` (added here). */
  argv: string[]
  /** A tool's input: written to the job's input file, which the child reads with `--input-file`. */
  input?: unknown
}

/** Records the job, spawns it detached (MMM_RUN_ID = its id, so its Claude usage counts under it), prints its id. */
export function startJob(o: GlobalOptions, root: string, spec: JobSpec): number {
  const store = new JobStore(root)
  const id = JobStore.newId()
  store.create({ id, command: spec.command, args: spec.args, status: 'running', startedAt: new Date().toISOString() })
  const cwd = resolve(o.cwd ?? process.cwd())
  // Through a file: no argv length limit, and nothing of the input in `ps`.
  if (spec.input !== undefined) writeFileSync(store.inputFile(id), JSON.stringify(spec.input))
  const log = openSync(store.logFile(id), 'a')
  const argv = [
    ...process.execArgv, process.argv[1]!, '--cwd', cwd, ...(o.config ? ['--config', resolve(o.config)] : []), ...(o.yes ? ['--yes'] : []), ...(o.verbose ? ['--verbose'] : []),
    ...spec.argv, ...(spec.input !== undefined ? ['--input-file', store.inputFile(id)] : []), '--job', id,
  ]
  const child = spawn(process.execPath, argv, { cwd, detached: true, stdio: ['ignore', log, log], env: { ...process.env, NO_COLOR: '1', MMM_RUN_ID: id } })
  closeSync(log)
  if (child.pid !== undefined) store.update(id, { pid: child.pid })
  child.unref()
  if (o.json) printJson({ job: id, log: store.logFile(id) })
  else line(`Started job ${id} ${colors.dim(`— follow it with mmm jobs watch ${id}, stop it with mmm jobs cancel ${id}`)}`)
  return 0
}

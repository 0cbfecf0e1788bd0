// `mmm jobs`, `mmm jobs watch|logs|cancel <id>`: background jobs from .mmm/jobs (no kernel needed).
import { existsSync, openSync, readFileSync, readSync, closeSync, statSync } from 'node:fs'
import { isAlive, type JobRecord } from '../../claude/jobs/JobStore.ts'
import { jobStoreFor } from '../jobStoreFor.ts'
import { colors, line, printJson, table, type GlobalOptions } from '../output.ts'

export async function jobsListCommand(o: GlobalOptions): Promise<number> {
  const jobs = (await jobStoreFor(o)).list()
  if (o.json) printJson(jobs)
  else if (!jobs.length) line('No jobs yet: --background on mmm run <command>, mmm call <tool> or any tool command starts one.')
  else line(table(jobs.map((j) => [j.id, j.command, paint(j.status), j.startedAt.slice(0, 19).replace('T', ' '), duration(j), j.costUsd !== undefined ? `$${j.costUsd.toFixed(4)}` : '']), ['job', 'command', 'status', 'started', 'took', 'cost']))
  return 0
}

export async function jobsLogsCommand(o: GlobalOptions, id: string): Promise<number> {
  const s = await jobStoreFor(o)
  const job = s.get(id)
  const text = existsSync(s.logFile(job.id)) ? readFileSync(s.logFile(job.id), 'utf8') : ''
  if (o.json) printJson({ ...job, log: text })
  else process.stdout.write(text)
  return 0
}

/** Prints the log so far, then follows it until the job ends; exit 0 only when it succeeded. */
export async function jobsWatchCommand(o: GlobalOptions, id: string): Promise<number> {
  const s = await jobStoreFor(o)
  let job = s.get(id)
  const file = s.logFile(job.id)
  let offset = 0
  const pump = () => {
    if (!existsSync(file)) return
    const size = statSync(file).size
    if (size <= offset) return
    const fd = openSync(file, 'r')
    const buf = Buffer.alloc(size - offset)
    readSync(fd, buf, 0, buf.length, offset)
    closeSync(fd)
    offset = size
    process.stdout.write(buf)
  }
  for (;;) {
    pump()
    if (job.status !== 'running') break
    await new Promise((r) => setTimeout(r, 150))
    job = s.get(job.id)
  }
  pump()
  process.stderr.write(colors.dim(`job ${job.id} ${job.status}${job.error ? `: ${job.error.message}` : ''}\n`))
  return job.status === 'succeeded' ? 0 : 1
}

export async function jobsCancelCommand(o: GlobalOptions, id: string): Promise<number> {
  const s = await jobStoreFor(o)
  const job = s.get(id)
  if (job.status !== 'running' || job.pid === undefined) {
    report(o, job, `job ${job.id} is already ${job.status}`)
    return 0
  }
  process.kill(job.pid, 'SIGTERM')
  for (let i = 0; i < 50 && isAlive(job.pid, job.id); i++) await new Promise((r) => setTimeout(r, 100))
  if (isAlive(job.pid, job.id)) process.kill(job.pid, 'SIGKILL')
  let after = s.get(job.id)
  if (after.status === 'running' || after.status === 'orphaned') after = s.update(job.id, { status: 'cancelled', endedAt: new Date().toISOString() })
  report(o, after, `job ${job.id} ${after.status}`)
  return 0
}

function report(o: GlobalOptions, job: JobRecord, message: string): void {
  if (o.json) printJson(job)
  else line(message)
}

function paint(status: JobRecord['status']): string {
  return status === 'succeeded' ? colors.green(status) : status === 'running' ? colors.cyan(status) : status === 'cancelled' ? colors.yellow(status) : colors.red(status)
}

function duration(j: JobRecord): string {
  const ms = (j.endedAt ? Date.parse(j.endedAt) : Date.now()) - Date.parse(j.startedAt)
  return ms < 60_000 ? `${Math.round(ms / 1000)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`
}

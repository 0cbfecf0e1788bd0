// `mmm watch`: the long-lived process that starts workflows on their triggers — a spec file added or changed
// (specs/ is scanned every second: simple, and the same on every platform) and cron schedules (croner). Runs
// go one at a time, in the order they were triggered, through workflow.run; each ends with one line (or one
// JSON object per line with --json). Ctrl-C stops after the run in progress.
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { Cron } from 'croner'
import picomatch from 'picomatch'
import { MmmError } from '../../errors.ts'
import { line, type GlobalOptions } from '../output.ts'
import { withKernel } from '../withKernel.ts'

type Trigger = { kind: 'spec_added' | 'spec_changed'; paths: string[] } | { kind: 'schedule'; cron: string }
interface Watched { workflow: string; triggers: Trigger[] }
interface Job { workflow: string; trigger: { kind: string; spec?: { file: string; id: string }; at: string } }

const SCAN_MS = 1000

export async function watchCommand(o: GlobalOptions): Promise<number> {
  return withKernel(o, async (k) => {
    if (!k.registry.listTools().some((t) => t.id === 'workflow.triggers')) {
      throw new MmmError('MMM_USAGE', 'mmm watch starts workflows on their triggers; add @mmm/plugin-workflow to the config (docs/workflows.md)')
    }
    const watched = (await k.call('workflow.triggers', {}, { caller: 'cli' })) as Watched[]
    const say = (event: Record<string, unknown>, text: string) => (o.json ? line(JSON.stringify(event)) : line(text))
    const queue: Job[] = []
    let busy = false
    let stopping = false
    const pump = async () => {
      if (busy) return
      busy = true
      while (queue.length && !stopping) {
        const job = queue.shift()!
        const what = `${job.workflow} (${job.trigger.kind}${job.trigger.spec ? ` ${job.trigger.spec.file}` : ''})`
        try {
          const r = (await k.call('workflow.run', { name: job.workflow, trigger: job.trigger }, { caller: 'watch' })) as { id: string; status: string; error?: { code: string; message: string } }
          say({ event: 'run', workflow: job.workflow, trigger: job.trigger, id: r.id, status: r.status, ...(r.error ? { error: r.error } : {}) }, `${what}: run ${r.id} ${r.status}${r.error ? ` — ${r.error.message}` : ''}`)
        } catch (e) {
          const err = e instanceof MmmError ? e : new MmmError('MMM_INTERNAL', String(e))
          say({ event: 'error', workflow: job.workflow, trigger: job.trigger, error: { code: err.code, message: err.message } }, `${what}: ${err.message} [${err.code}]`)
        }
      }
      busy = false
    }
    const enqueue = (job: Job) => {
      queue.push(job)
      void pump()
    }

    // Specs: a scan of the spec files' mtimes every second; the first scan only takes stock.
    const specTriggers = watched.flatMap((w) => w.triggers.filter((t): t is Extract<Trigger, { paths: string[] }> => t.kind !== 'schedule').map((t) => ({ workflow: w.workflow, t })))
    const seen = new Map<string, number>()
    const scan = (first: boolean) => {
      const dir = path.join(k.root, 'specs')
      if (!existsSync(dir)) return
      const now = new Map<string, number>()
      for (const name of readdirSync(dir)) if (name.endsWith('.md')) now.set(`specs/${name}`, statSync(path.join(dir, name)).mtimeMs)
      for (const [file, mtime] of now) {
        const before = seen.get(file)
        const kind = before === undefined ? 'spec_added' : before !== mtime ? 'spec_changed' : undefined
        if (!kind || first) continue
        for (const { workflow, t } of specTriggers) {
          if (t.kind === kind && picomatch.isMatch(file, t.paths, { dot: true })) enqueue({ workflow, trigger: { kind, spec: { file, id: path.basename(file, '.md') }, at: new Date().toISOString() } })
        }
      }
      seen.clear()
      for (const [f, m] of now) seen.set(f, m)
    }
    scan(true)
    const timer = specTriggers.length ? setInterval(() => scan(false), SCAN_MS) : undefined
    const crons = watched.flatMap((w) => w.triggers.filter((t): t is Extract<Trigger, { kind: 'schedule' }> => t.kind === 'schedule').map((t) => new Cron(t.cron, () => enqueue({ workflow: w.workflow, trigger: { kind: 'schedule', at: new Date().toISOString() } }))))
    say({ event: 'watching', workflows: watched.map((w) => ({ workflow: w.workflow, triggers: w.triggers })) }, watched.length
      ? `Watching ${watched.length} workflow${watched.length === 1 ? '' : 's'}: ${watched.map((w) => `${w.workflow} (${w.triggers.map((t) => (t.kind === 'schedule' ? `schedule ${t.cron}` : t.kind)).join(', ')})`).join('; ')}. Ctrl-C stops.`
      : 'No workflow has a trigger (triggers: spec_added, spec_changed, { schedule: "<cron>" }); nothing to watch.')
    if (!watched.length) return 0
    await new Promise<void>((resolve) => {
      const stop = () => {
        stopping = true
        resolve()
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    if (timer) clearInterval(timer)
    for (const c of crons) c.stop()
    while (busy) await new Promise((r) => setTimeout(r, 50))
    return 0
  })
}

// Progress for a running call: a spinner line on a TTY (stderr), plain lines otherwise, nothing with --json.
import { colors } from './output.ts'

export interface Progress {
  update(p: { progress: number; total?: number; message?: string }): void
  stop(): void
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

export function startProgress(label: string, o: { json?: boolean }): Progress {
  const err = process.stderr
  if (o.json) return { update() {}, stop() {} }
  if (!err.isTTY || process.env.NO_COLOR) {
    let last = ''
    return {
      update(p) {
        const text = `${label}: ${describe(p)}`
        if (text !== last) err.write(`${text}\n`)
        last = text
      },
      stop() {},
    }
  }
  let frame = 0
  let text = ''
  const started = Date.now()
  const draw = () => {
    const secs = ((Date.now() - started) / 1000).toFixed(1)
    err.write(`\r\x1b[2K${colors.cyan(FRAMES[frame++ % FRAMES.length]!)} ${label} ${colors.dim(`${secs}s`)}${text ? ` ${text}` : ''}`)
  }
  const timer = setInterval(draw, 80)
  timer.unref()
  return {
    update(p) {
      text = describe(p)
      draw()
    },
    stop() {
      clearInterval(timer)
      err.write('\r\x1b[2K')
    },
  }
}

function describe(p: { progress: number; total?: number; message?: string }): string {
  const amount = p.total ? `${Math.round((p.progress / p.total) * 100)}%` : `${p.progress}`
  return p.message ? `${amount} ${p.message}` : amount
}

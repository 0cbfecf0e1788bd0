// Progress for a running call: a spinner line on a TTY (stderr), plain lines otherwise, nothing with --json.
// An update with a total is a step ("40% reading files"); one without is a count ("12 files"). Claude's streamed
// text comes as updates marked `stream` (each message the next chunk, the count its characters so far): on a
// TTY the spinner shows its latest words on one line; elsewhere it is printed in whole lines, so a log reads as
// the answer.
import { spinnerGate } from '../ui/spinnerGate.ts'
import { colors } from './output.ts'

export interface ProgressUpdate {
  progress: number
  total?: number
  message?: string
  stream?: boolean
}

export interface Progress {
  update(p: ProgressUpdate): void
  stop(): void
}

/** Where progress goes: process.stderr, or a test's sink. */
export interface ProgressSink {
  isTTY?: boolean
  columns?: number
  write(s: string): unknown
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

export function startProgress(label: string, o: { json?: boolean }, err: ProgressSink = process.stderr): Progress {
  if (o.json) return { update() {}, stop() {} }
  if (!err.isTTY || process.env.NO_COLOR) return plainProgress(label, err)
  let frame = 0
  let text = ''
  let streamed = ''
  let chars = 0
  const started = Date.now()
  const clear = () => err.write('\r\x1b[2K')
  const draw = () => {
    if (spinnerGate.held) return
    const secs = ((Date.now() - started) / 1000).toFixed(1)
    // Room left after "⠋ label 12.3s ": a line wider than the terminal would wrap and defeat the \r redraw.
    const room = Math.max(20, (err.columns ?? 80) - label.length - secs.length - 5)
    err.write(`\r\x1b[2K${colors.cyan(FRAMES[frame++ % FRAMES.length]!)} ${label} ${colors.dim(`${secs}s`)} ${streamed ? streamLine(chars, streamed, room) : fit(text, room)}`)
  }
  const timer = setInterval(draw, 80)
  timer.unref()
  spinnerGate.set({ clear })
  return {
    update(p) {
      if (p.stream) {
        // Only the tail is ever shown: the latest words.
        streamed = (streamed + (p.message ?? '')).slice(-500)
        chars = p.progress
      } else {
        streamed = ''
        text = oneLine(describe(p))
      }
      draw()
    },
    stop() {
      clearInterval(timer)
      spinnerGate.set(undefined)
      clear()
    },
  }
}

function plainProgress(label: string, err: ProgressSink): Progress {
  let last = ''
  let partial = ''
  const flushLines = (all: boolean) => {
    const lines = partial.split('\n')
    partial = all ? '' : lines.pop()!
    for (const l of lines) if (l.trim()) err.write(`${label} │ ${l.trimEnd()}\n`)
  }
  return {
    update(p) {
      if (p.stream) {
        partial += p.message ?? ''
        flushLines(false)
        return
      }
      flushLines(true)
      const text = `${label}: ${oneLine(describe(p))}`
      if (text !== last) err.write(`${text}\n`)
      last = text
    },
    stop() {
      flushLines(true)
    },
  }
}

/** "40% reading files" with a total, "12 files" without. */
function describe(p: ProgressUpdate): string {
  const amount = p.total ? `${Math.round((p.progress / p.total) * 100)}%` : `${p.progress}`
  return p.message ? `${amount} ${p.message}` : amount
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim()

/** The start of a step's text, cut with an ellipsis. */
const fit = (s: string, room: number): string => (s.length > room ? `${s.slice(0, room - 1)}…` : s)

/** "Claude (1.2k chars): …the latest words", within room. */
export function streamLine(chars: number, streamed: string, room: number): string {
  const head = `Claude (${count(chars)} chars): `
  const words = oneLine(streamed)
  const left = room - head.length
  if (left < 2) return head.trimEnd()
  return head + (words.length > left ? `…${words.slice(-(left - 1))}` : words)
}

const count = (n: number): string => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n))

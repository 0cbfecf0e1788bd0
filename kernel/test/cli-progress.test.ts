import { describe, expect, it } from 'vitest'
import { startProgress, streamLine } from '../src/cli/progress.ts'
import { spinnerGate } from '../src/ui/spinnerGate.ts'

function sink(tty: boolean, columns = 60) {
  const out: string[] = []
  return { out, s: { isTTY: tty, columns, write: (t: string) => out.push(t) } }
}

describe('CLI progress', () => {
  it('prints steps as lines and Claude\'s streamed text in whole lines when stderr is not a terminal', () => {
    const { out, s } = sink(false)
    const p = startProgress('workflow.run', {}, s)
    p.update({ progress: 1, total: 3, message: 'greet / ask' })
    p.update({ progress: 5, message: 'Hello', stream: true })
    p.update({ progress: 18, message: ' there.\nSecond ', stream: true })
    p.update({ progress: 27, message: 'line', stream: true })
    p.update({ progress: 2, total: 3, message: 'greet /\nreport' })
    p.update({ progress: 2, total: 3, message: 'greet /\nreport' })
    p.update({ progress: 31, message: 'tail', stream: true })
    // A count without a total (a plugin's own progress) is a line of its own, as always.
    p.update({ progress: 12, message: 'files' })
    p.stop()
    expect(out.join('')).toBe([
      'workflow.run: 33% greet / ask',
      'workflow.run │ Hello there.',
      'workflow.run │ Second line',
      'workflow.run: 67% greet / report',
      'workflow.run │ tail',
      'workflow.run: 12 files',
      '',
    ].join('\n'))
  })

  it('keeps the spinner on one line of the terminal: the step cut to fit, streamed text as its latest words', () => {
    const { out, s } = sink(true, 50)
    const old = process.env.NO_COLOR
    delete process.env.NO_COLOR
    try {
      const p = startProgress('spec.add', {}, s)
      p.update({ progress: 1, total: 2, message: `a step whose message is much longer than the terminal\nis wide` })
      p.update({ progress: 1200, message: 'first line\nsecond line and then the newest words', stream: true })
      p.stop()
    } finally {
      if (old !== undefined) process.env.NO_COLOR = old
    }
    const frames = out.filter((f) => f.trim() && f !== '\r\x1b[2K')
    expect(frames.length).toBe(2)
    // eslint-disable-next-line no-control-regex
    const visible = frames.map((f) => f.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace('\r', ''))
    for (const v of visible) {
      expect(v).not.toContain('\n')
      expect(v.length).toBeLessThanOrEqual(50)
    }
    expect(visible[0]).toMatch(/50% a step whose message.*…$/)
    expect(visible[1]).toMatch(/Claude \(1\.2k chars\): ….*newest words$/)
    expect(out.at(-1)).toBe('\r\x1b[2K')
  })

  it('a question holds the spinner (cleared, not redrawn until answered); a log line is printed above it', async () => {
    const { out, s } = sink(true, 80)
    const old = process.env.NO_COLOR
    delete process.env.NO_COLOR
    try {
      const p = startProgress('workflow.run', {}, s)
      p.update({ progress: 1, total: 3, message: 'gate / ok' })
      const drawn = out.length
      const answer = await spinnerGate.hold(async () => {
        p.update({ progress: 1, total: 3, message: 'still waiting' })
        await new Promise((r) => setTimeout(r, 200)) // the spinner's timer ticks meanwhile
        return 'approve'
      })
      expect(answer).toBe('approve')
      // Only the clearing of the line happened while the question was up.
      expect(out.slice(drawn)).toEqual(['\r\x1b[2K'])
      p.update({ progress: 2, total: 3, message: 'gate / after' })
      expect(out.at(-1)).toContain('67% gate / after')
      spinnerGate.print('[workflow] a log line\n', s)
      expect(out.slice(-2)).toEqual(['\r\x1b[2K', '[workflow] a log line\n'])
      p.stop()
      expect(spinnerGate.held).toBe(false)
    } finally {
      if (old !== undefined) process.env.NO_COLOR = old
    }
  })

  it('prints nothing with --json', () => {
    const { out, s } = sink(false)
    const p = startProgress('x', { json: true }, s)
    p.update({ progress: 1, total: 2, message: 'm' })
    p.update({ progress: 3, message: 'abc\n', stream: true })
    p.stop()
    expect(out).toEqual([])
  })

  it('fits streamed text into very little room', () => {
    expect(streamLine(5, 'hello', 10)).toBe('Claude (5 chars):')
    expect(streamLine(5, 'hello', 40)).toBe('Claude (5 chars): hello')
    expect(streamLine(5, 'hello   world\n\n', 40)).toBe('Claude (5 chars): hello world')
    expect(streamLine(2500, 'x'.repeat(100), 40)).toBe(`Claude (2.5k chars): …${'x'.repeat(18)}`) // 40 in all
  })
})

// The measured signals of a tree: the project's own build / typecheck / lint / test commands run in it (through
// `sh -c`, in the worktree) and parsed, plus the analyzer's health score of the same tree.
import type { CallContext, ExecResult, PluginContext } from '@mmm/kernel/plugin'
import { parseLintOutput } from './signals/parseLintOutput.ts'
import { parseTestOutput } from './signals/parseTestOutput.ts'
import { parseTypeErrors } from './signals/parseTypeErrors.ts'
import { COMMAND_KINDS, type CommandKind, type CommandRun, type Signals } from './types.ts'

const TAIL = 3000

/** One of the project's commands, as the loop runs them everywhere: `sh -c` in the tree, CI mode, no colour. */
export function runProjectCommand(ctx: PluginContext, dir: string, command: string, timeoutSeconds: number): Promise<ExecResult> {
  return ctx.exec.run('sh', ['-c', command], { cwd: dir, timeoutMs: timeoutSeconds * 1000, env: { CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' } })
}

export async function measure(ctx: PluginContext, call: CallContext, dir: string, commands: Partial<Record<CommandKind, string>>, timeoutSeconds: number, onCommand?: (kind: CommandKind) => void): Promise<Signals> {
  const s: Signals = { at: new Date().toISOString(), commands: [] }
  for (const kind of COMMAND_KINDS) {
    const command = commands[kind]
    if (!command) continue
    call.signal.throwIfAborted()
    onCommand?.(kind)
    const r = await runProjectCommand(ctx, dir, command, timeoutSeconds)
    const output = `${r.stdout}\n${r.stderr}`
    const code = r.timedOut ? null : r.code
    const run: CommandRun = { kind, command, code, timedOut: r.timedOut, durationMs: r.durationMs, tail: output.trim().slice(-TAIL) }
    s.commands.push(run)
    if (kind === 'test') {
      const counts = parseTestOutput(output)
      const ok = code === 0
      s.tests = counts
        ? { passed: counts.passed, failed: counts.failed || (ok ? 0 : 1), skipped: counts.skipped, ok, counted: true }
        : { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, ok, counted: false }
    } else if (kind === 'lint') {
      const l = parseLintOutput(output, code)
      s.lint = { errors: l.errors, warnings: l.warnings, ok: code === 0 }
    } else if (kind === 'typecheck') {
      s.types = { errors: parseTypeErrors(output, code), ok: code === 0 }
    } else {
      s.build = { ok: code === 0 }
    }
  }
  const report = await call.tools.call<{ score?: { score?: number } }>('analyzer.analyze', { path: dir }).catch(() => undefined)
  if (typeof report?.score?.score === 'number') s.analysis = { score: report.score.score }
  return s
}

/** A one-line account of signals: "tests 12 passed, 1 failed · lint 3 · types 0 · build ok". */
export function describeSignals(s: Signals | undefined): string {
  if (!s) return 'not measured'
  const parts: string[] = []
  if (s.tests) parts.push(s.tests.counted ? `tests ${s.tests.passed} passed, ${s.tests.failed} failed` : `tests ${s.tests.ok ? 'pass' : 'fail'}`)
  if (s.lint) parts.push(`lint ${s.lint.errors + s.lint.warnings} problem${s.lint.errors + s.lint.warnings === 1 ? '' : 's'}`)
  if (s.types) parts.push(`type errors ${s.types.errors}`)
  if (s.build) parts.push(`build ${s.build.ok ? 'ok' : 'broken'}`)
  if (s.analysis) parts.push(`analyzer ${s.analysis.score}/10`)
  return parts.join(' · ') || 'no commands detected'
}

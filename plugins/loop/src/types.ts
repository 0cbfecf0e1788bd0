// The loop's data: settings, measured signals, the model's review, scores, iterations and sessions.
// Sessions are stored in state (loop namespace, `session:<id>`) after every phase, so a killed run resumes.
import type { Budget } from './parseBudget.ts'

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const
export type Severity = (typeof SEVERITIES)[number]
export const COMMAND_KINDS = ['build', 'typecheck', 'lint', 'test'] as const
export type CommandKind = (typeof COMMAND_KINDS)[number]

export interface Settings {
  target: number
  maxIterations: number
  /** Diminishing returns: an accepted iteration that gains less than this … */
  minImprovement: number
  /** … this many times in a row stops the loop. */
  patience: number
  /** After a regression (rolled back): try once more, or stop. */
  onRegression: 'retry' | 'stop'
  timeLimitMinutes?: number
  budget?: Budget
  focus?: string
  /** Only these paths (globs or directories) may be reviewed and changed. */
  scope: string[]
  severity: Severity[]
  issuesPerIteration: number
  agentTurns: number
  commandTimeoutSeconds: number
  /** Overrides of the commands the analyzer detected ("" turns one off). */
  commands: Partial<Record<CommandKind, string>>
  /** Run in a new worktree before the baseline, e.g. "npm ci" (default: link the main tree's dependency folders). */
  setup: string[]
  provider?: 'api' | 'claude-code'
  autoCommit: boolean
  dryRun: boolean
  /** Weights of the score's parts (missing parts are left out and the rest renormalised). */
  weights: Record<PartName, number>
}

export type PartName = 'tests' | 'lint' | 'types' | 'build' | 'analysis' | 'review'

export interface CommandRun {
  kind: CommandKind
  command: string
  code: number | null
  timedOut: boolean
  durationMs: number
  /** The last lines of stdout+stderr. */
  tail: string
}

export interface Signals {
  at: string
  commands: CommandRun[]
  tests?: { passed: number; failed: number; skipped: number; ok: boolean; counted: boolean }
  lint?: { errors: number; warnings: number; ok: boolean }
  types?: { errors: number; ok: boolean }
  build?: { ok: boolean }
  /** The analyzer's 0–10 health score of the tree. */
  analysis?: { score: number }
}

export interface Issue {
  severity: Severity
  title: string
  file?: string
  line?: number
  description?: string
  suggestion?: string
}

export interface Review {
  score: number
  summary: string
  parts: Array<{ name: string; score: number; note?: string }>
  issues: Issue[]
}

export interface ScorePart {
  name: PartName
  score: number
  weight: number
  detail: string
}

export interface Score {
  score: number
  parts: ScorePart[]
  /** Why the score was held down (tests broke). */
  capped?: string
}

export interface Usage {
  inputTokens: number
  outputTokens: number
  costUsd: number
}

export type IterationStatus = 'running' | 'accepted' | 'rolled-back' | 'interrupted' | 'failed'

export interface Iteration {
  n: number
  status: IterationStatus
  startedAt: string
  endedAt?: string
  /** The issues this iteration set out to fix. */
  issues: Issue[]
  /** The agent's own account of what it changed and why. */
  summary: string
  filesChanged: string[]
  diffStat?: string
  signals?: Signals
  review?: Review
  score?: Score
  commit?: string
  /** Why it was rolled back or failed. */
  reason?: string
  usage: Usage
}

export type StopCode = 'target' | 'max-iterations' | 'diminishing-returns' | 'regression' | 'no-issues' | 'time-limit' | 'budget' | 'interrupted' | 'stopped' | 'error' | 'dry-run' | 'paused'

export type SessionStatus = 'running' | 'stopped' | 'finished' | 'failed' | 'applied' | 'discarded'

export interface Session {
  id: string
  status: SessionStatus
  createdAt: string
  updatedAt: string
  /** The process working on it (a second process refuses to run it at the same time). */
  owner?: { pid: number; at: string }
  branch: string
  worktree: string
  /** Dependency folders linked into the worktree from the main tree (never committed, kept by rollbacks). */
  linked: string[]
  /** Untracked files the baseline's commands left in the worktree (build output): never committed. */
  noise: string[]
  /** The commands the session runs (detected by the analyzer, overridden by settings). */
  commands: Partial<Record<CommandKind, string>>
  /** The commit the session started from and the user's branch at that time. */
  base: { sha: string; branch: string | null; dirty: boolean }
  settings: Settings
  phase: 'prepare' | 'baseline' | 'review' | 'improve' | 'validate' | 'decide' | 'done'
  analysis?: { languages: string[]; commands: Partial<Record<CommandKind, { command: string; source: string }>>; focus: Array<{ area: string; severity: string; summary: string }>; score: number }
  baseline?: { signals: Signals; review: Review; score: Score }
  /** The last accepted state (the branch's head). */
  current?: { sha: string; signals: Signals; review: Review; score: Score }
  iterations: Iteration[]
  /** When the current run began (epoch ms): the time limit counts from it. */
  runStartedAt?: number
  /** Journal: an accepted iteration about to be committed (a crash between the two is finished on resume). */
  pending?: { iteration: number; message: string }
  stop?: { code: StopCode; message: string }
  /** Spent on the baseline review. */
  baselineUsage: Usage
  /** Everything spent so far (derived from baselineUsage and the iterations on every save). */
  usage: Usage
  applied?: { how: 'merge' | 'cherry-pick'; into: string | null; sha: string; at: string }
}

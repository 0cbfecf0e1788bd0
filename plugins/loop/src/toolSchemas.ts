// The input properties every session-starting tool shares (the CLI derives its flags from them), and the
// one-line view of a session that lists and apply/discard answers use.
import { SEVERITIES, type Session } from './types.ts'

export const SETTINGS_PROPERTIES = {
  focus: { type: 'string', description: 'An area to concentrate on, e.g. "tests" or "error handling"' },
  target: { type: 'number', minimum: 0, maximum: 10, description: 'Stop when the score reaches this (default 8)' },
  maxIterations: { type: 'integer', minimum: 1, maximum: 100, description: 'At most this many iterations (default 5)' },
  scope: { type: 'string', description: 'Only review and change these paths (comma-separated directories, files or globs)' },
  severity: { type: 'string', description: `Only fix issues of these severities (comma-separated: ${SEVERITIES.join(', ')})` },
  budget: { type: 'string', description: 'Stop when this is spent: tokens (400000, 400k, 1.5M) or dollars ($2.50)' },
  timeLimitMinutes: { type: 'number', minimum: 0.01, description: 'Stop after this many minutes' },
  dryRun: { type: 'boolean', description: 'Analysis, baseline, review and the plan of changes; nothing is edited' },
  autoCommit: { type: 'boolean', description: 'Merge the result into your branch when every check passes' },
  provider: { type: 'string', enum: ['api', 'claude-code'], description: 'Which Claude to use (default: claude.provider in the config)' },
} as const

export function sessionRow(s: Session) {
  return {
    id: s.id,
    status: s.status,
    createdAt: s.createdAt,
    score: s.baseline && s.current ? `${s.baseline.score.score} → ${s.current.score.score}` : '–',
    iterations: `${s.iterations.filter((i) => i.status === 'accepted').length}/${s.iterations.length} accepted`,
    stop: s.stop?.message ?? '',
    branch: s.status === 'applied' || s.status === 'discarded' ? '' : s.branch,
    costUsd: Math.round(s.usage.costUsd * 10_000) / 10_000,
  }
}

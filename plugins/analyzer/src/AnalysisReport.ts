// The report `analyzer.analyze` returns (JSON), documented in docs/analyzer.md.
import type { FocusArea } from './quality/computeFocus.ts'
import type { HealthSummary } from './quality/computeHealth.ts'
import type { HealthScore } from './quality/computeScore.ts'
import type { QualitySummary } from './quality/summarizeQuality.ts'
import type { ProjectInfo } from './types.ts'

export interface SkippedFile {
  path: string
  reason: string
}

export interface LanguageSummary {
  name: string
  files: number
  code: number
  comment: number
  blank: number
  /** Share of all code lines, 0–100. */
  percent: number
}

export interface StructureSummary {
  sourceDirs: string[]
  testDirs: string[]
  docsDirs: string[]
  configFiles: string[]
  /** Directories left out of the analysis and why (vendored, generated, dependencies). */
  excluded: Array<{ path: string; reason: string }>
}

export interface AnalysisReport {
  version: 1
  root: string
  path: string
  generatedAt: string
  durationMs: number
  files: { total: number; analyzed: number; fromCache: number; skipped: SkippedFile[]; truncated: boolean }
  languages: LanguageSummary[]
  project: ProjectInfo
  structure: StructureSummary
  health: HealthSummary
  quality: QualitySummary
  score: HealthScore
  focus: FocusArea[]
}

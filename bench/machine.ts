// The machine and versions a run was measured on (RESULTS.md is meaningless without them).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { ivmVersion, repoRoot } from './paths.ts'

export interface MachineInfo {
  cpu: string
  cores: number
  ramGb: number
  os: string
  node: string
  v8: string
  isolatedVm: string
  date: string
  commit: string
  loadAvg: string
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))
    if (m) return m[1]!.trim()
  } catch {}
  return os.cpus()[0]?.model ?? 'unknown'
}

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== ''
    return `${sha}${dirty ? ' (with uncommitted changes)' : ''}`
  } catch {
    return 'unknown'
  }
}

export function loadAvg(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(' / ')
}

export function machineInfo(): MachineInfo {
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    ramGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    v8: process.versions.v8,
    isolatedVm: ivmVersion,
    date: new Date().toISOString(),
    commit: gitCommit(),
    loadAvg: loadAvg(),
  }
}

/** The header rows a RESULTS file opens with: the command, when, on what, at which commit, under what load. */
export function machineRows(machine: MachineInfo, command: string, startedMs: number): string[][] {
  return [
    ['Command', `\`${command}\``],
    ['Date', machine.date],
    ['CPU', `${machine.cpu}, ${machine.cores} cores available`],
    ['Node', `${machine.node} (V8 ${machine.v8})`],
    ['Commit', machine.commit],
    ['Load average (1/5/15 min) at start → end', `${machine.loadAvg} → ${loadAvg()}`],
    ['Duration', `${((performance.now() - startedMs) / 1000).toFixed(0)} s`],
  ]
}

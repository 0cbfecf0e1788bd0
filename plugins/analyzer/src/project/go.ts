// go.mod / go.work: modules, frameworks, workspace members, go commands, entry points.
import { PRIORITY, type UnitContext } from './collector.ts'
import { detectFrameworks } from './frameworks.ts'
import { joinPath, normalizePath } from './paths.ts'

/** require directives of a go.mod: direct and indirect (// indirect) dependencies. */
export function parseGoMod(text: string): { module?: string; direct: Record<string, string>; indirect: Record<string, string> } {
  const direct: Record<string, string> = {}
  const indirect: Record<string, string> = {}
  let module: string | undefined
  let inRequire = false
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (inRequire) {
      if (line.startsWith(')')) {
        inRequire = false
        continue
      }
      addRequire(line, direct, indirect)
      continue
    }
    const mod = /^module\s+(\S+)/.exec(line)
    if (mod !== null) module = mod[1]!.replace(/"/g, '')
    else if (/^require\s*\($/.test(line)) inRequire = true
    else if (line.startsWith('require ')) addRequire(line.slice(8), direct, indirect)
  }
  return module === undefined ? { direct, indirect } : { module, direct, indirect }
}

function addRequire(line: string, direct: Record<string, string>, indirect: Record<string, string>): void {
  const m = /^(\S+)\s+(v\S+)/.exec(line)
  if (m === null) return
  ;(line.includes('// indirect') ? indirect : direct)[m[1]!] = m[2]!
}

export function parseGoWork(text: string): string[] {
  const dirs: string[] = []
  let inUse = false
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim()
    if (inUse) {
      if (line.startsWith(')')) inUse = false
      else if (line !== '') dirs.push(line)
    } else if (/^use\s*\($/.test(line)) inUse = true
    else if (line.startsWith('use ')) dirs.push(line.slice(4).trim())
  }
  return dirs.map((d) => normalizePath(d.replace(/"/g, '')))
}

const GOLANGCI = ['.golangci.yml', '.golangci.yaml', '.golangci.toml', '.golangci.json']

export function analyzeGo(ctx: UnitContext): void {
  const { out, dir, index } = ctx
  const modFile = joinPath(dir, 'go.mod')
  const workFile = joinPath(dir, 'go.work')
  const hasMod = index.has(modFile)
  const hasWork = index.has(workFile)
  if (!hasMod && !hasWork) return

  if (hasMod) {
    const mod = parseGoMod(ctx.read(modFile) ?? '')
    out.addDependencies(modFile, { ...mod.direct }, {})
    detectFrameworks(out, 'go', modFile, mod.direct, 'require')
  }
  if (hasWork) {
    const members = parseGoWork(ctx.read(workFile) ?? '').map((d) => joinPath(dir, d)).map(normalizePath)
    out.addWorkspaces(members.filter((d) => d !== dir && index.has(joinPath(d, 'go.mod'))))
  }
  const evidenceFile = hasMod ? modFile : workFile
  out.addBuildTool('Go modules', { file: evidenceFile, detail: hasMod ? 'go.mod' : 'go.work' })
  out.addPackageManager('go')
  out.addFormatter('gofmt')
  out.addLinter('go vet')
  const golangci = GOLANGCI.map((n) => joinPath(dir, n)).find((p) => index.has(p)) ?? (dir === '' ? undefined : GOLANGCI.find((n) => index.has(n)))

  const p = PRIORITY.inferred + 2
  out.offerCommand('test', 'go test ./...', evidenceFile, p)
  if (golangci !== undefined) {
    out.addLinter('golangci-lint')
    out.offerCommand('lint', 'golangci-lint run', golangci, p)
  } else out.offerCommand('lint', 'go vet ./...', evidenceFile, p)
  out.offerCommand('format', 'gofmt -l .', evidenceFile, p)
  out.offerCommand('build', 'go build ./...', evidenceFile, p)
  out.offerCommand('typecheck', 'go vet ./...', evidenceFile, p)

  const main = joinPath(dir, 'main.go')
  if (index.has(main)) out.addEntryPoint(main)
  const cmdDir = joinPath(dir, 'cmd')
  if (index.hasDir(cmdDir)) {
    for (const d of [...index.dirs].sort()) {
      if (d.startsWith(`${cmdDir}/`) && !d.slice(cmdDir.length + 1).includes('/') && index.has(`${d}/main.go`)) out.addEntryPoint(`${d}/main.go`)
    }
  }
}

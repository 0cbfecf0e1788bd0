// Cargo.toml: crates, frameworks, workspace members, cargo commands, entry points.
import { PRIORITY, type UnitContext } from './collector.ts'
import { detectFrameworks } from './frameworks.ts'
import { expandGlobs } from './glob.ts'
import { asRecord, asString, asStringArray, getPath, parseToml, stringMap } from './parse.ts'
import { joinPath } from './paths.ts'

const crateVersion = (v: unknown): string | undefined => {
  const rec = asRecord(v)
  if (rec === undefined) return undefined
  return asString(rec['version']) ?? (rec['workspace'] === true ? 'workspace' : rec['path'] !== undefined ? 'path' : rec['git'] !== undefined ? 'git' : '')
}

export function analyzeRust(ctx: UnitContext): void {
  const { out, dir, index } = ctx
  const file = joinPath(dir, 'Cargo.toml')
  if (!index.has(file)) return
  const cargo = parseToml(ctx.read(file))
  if (cargo === undefined) return

  const runtime = { ...stringMap(getPath(cargo, 'workspace', 'dependencies'), crateVersion), ...stringMap(cargo['dependencies'], crateVersion) }
  const dev = { ...stringMap(cargo['dev-dependencies'], crateVersion), ...stringMap(cargo['build-dependencies'], crateVersion) }
  for (const target of Object.values(asRecord(cargo['target']) ?? {})) {
    Object.assign(runtime, stringMap(getPath(target, 'dependencies'), crateVersion))
    Object.assign(dev, stringMap(getPath(target, 'dev-dependencies'), crateVersion))
  }
  out.addDependencies(file, runtime, dev)
  detectFrameworks(out, 'crates', file, runtime)
  detectFrameworks(out, 'crates', file, dev, 'devDependency')
  out.addBuildTool('Cargo', { file, detail: cargo['workspace'] !== undefined ? '[workspace]' : '[package]' })
  out.addPackageManager('cargo')
  out.addLinter('clippy')
  out.addFormatter('rustfmt')

  const p = PRIORITY.inferred + 1
  out.offerCommand('test', 'cargo test', file, p)
  out.offerCommand('lint', 'cargo clippy', file, p)
  out.offerCommand('format', 'cargo fmt', file, p)
  out.offerCommand('build', 'cargo build', file, p)
  out.offerCommand('typecheck', 'cargo check', file, p)

  const ws = asRecord(cargo['workspace'])
  if (ws !== undefined) {
    const exclude = new Set(expandGlobs(index, dir, asStringArray(ws['exclude'])))
    out.addWorkspaces(expandGlobs(index, dir, asStringArray(ws['members']), 'Cargo.toml').filter((d) => !exclude.has(d)))
  }

  for (const rel of ['src/main.rs', 'src/lib.rs']) if (index.has(joinPath(dir, rel))) out.addEntryPoint(joinPath(dir, rel))
  for (const name of index.filesIn(joinPath(dir, 'src/bin'))) if (name.endsWith('.rs')) out.addEntryPoint(joinPath(dir, `src/bin/${name}`))
  for (const bin of Array.isArray(cargo['bin']) ? cargo['bin'] : []) {
    const path = asString(getPath(bin, 'path'))
    if (path !== undefined && index.has(joinPath(dir, path))) out.addEntryPoint(joinPath(dir, path))
  }
}

// package.json: dependencies, frameworks, package manager, scripts → commands, tools, entry points.
import { PRIORITY, type CommandKind, type UnitContext } from './collector.ts'
import { detectFrameworks } from './frameworks.ts'
import { detectPackageManager, execBinary, runScript, type NodePackageManager } from './nodePackageManager.ts'
import { asRecord, asString, parseJson, stringMap, type JsonRecord } from './parse.ts'
import { findUp, joinPath, normalizePath, type PathIndex } from './paths.ts'

/** Script names that mean each command, most specific first. */
const SCRIPT_NAMES: Record<CommandKind, readonly string[]> = {
  test: ['test', 'test:unit', 'tests', 'test:all', 'unit', 'spec'],
  lint: ['lint', 'lint:all', 'eslint', 'lint:js', 'lint:ts', 'lint:code'],
  format: ['format', 'fmt', 'prettier', 'format:write', 'format:all', 'format:check'],
  build: ['build', 'build:all', 'compile', 'dist'],
  typecheck: ['typecheck', 'type-check', 'typecheck:all', 'check-types', 'check:types', 'types', 'tsc', 'lint:types', 'types:check'],
}

const NO_TEST = /no test specified/

const BUILD_TOOLS: ReadonlyArray<readonly [string, string]> = [
  ['vite', 'Vite'],
  ['webpack', 'webpack'],
  ['rollup', 'Rollup'],
  ['esbuild', 'esbuild'],
  ['parcel', 'Parcel'],
  ['@rspack/core', 'Rspack'],
  ['tsup', 'tsup'],
  ['turbo', 'Turborepo'],
  ['nx', 'Nx'],
  ['lerna', 'Lerna'],
]

const ESLINT_CONFIGS = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts', '.eslintrc', '.eslintrc.js', '.eslintrc.cjs', '.eslintrc.mjs', '.eslintrc.json', '.eslintrc.yml', '.eslintrc.yaml']
const PRETTIER_CONFIGS = ['.prettierrc', '.prettierrc.json', '.prettierrc.json5', '.prettierrc.yml', '.prettierrc.yaml', '.prettierrc.toml', '.prettierrc.js', '.prettierrc.cjs', '.prettierrc.mjs', '.prettierrc.ts', 'prettier.config.js', 'prettier.config.cjs', 'prettier.config.mjs', 'prettier.config.ts']
const BIOME_CONFIGS = ['biome.json', 'biome.jsonc']
const OXLINT_CONFIGS = ['.oxlintrc.json', 'oxlint.json']

export function analyzeNode(ctx: UnitContext): void {
  const file = joinPath(ctx.dir, 'package.json')
  if (!ctx.index.has(file)) return
  const pkg = parseJson(ctx.read(file))
  if (pkg === undefined) return
  const { out, index, dir } = ctx

  const runtime = { ...stringMap(pkg['dependencies']), ...stringMap(pkg['optionalDependencies']) }
  const peer = stringMap(pkg['peerDependencies'])
  const dev = stringMap(pkg['devDependencies'])
  out.addDependencies(file, runtime, dev)
  const all = { ...peer, ...dev, ...runtime }
  detectFrameworks(out, 'npm', file, runtime)
  detectFrameworks(out, 'npm', file, dev, 'devDependency')
  detectFrameworks(out, 'npm', file, peer, 'peerDependency')

  const pm = detectPackageManager(index, ctx.read, dir)
  out.addPackageManager(pm.name)
  out.addBuildTool(pm.name, pm.evidence)
  for (const [dep, name] of BUILD_TOOLS) if (dep in all) out.addBuildTool(name, { file, detail: `devDependency ${dep}` })

  const has = (names: readonly string[]): string | undefined => findUp(index, dir, names)
  const eslint = has(ESLINT_CONFIGS) ?? ('eslintConfig' in pkg ? file : undefined)
  const prettier = has(PRETTIER_CONFIGS) ?? ('prettier' in pkg ? file : undefined)
  const biome = has(BIOME_CONFIGS)
  const oxlint = has(OXLINT_CONFIGS)
  const tsconfig = index.has(joinPath(dir, 'tsconfig.json')) ? joinPath(dir, 'tsconfig.json') : undefined
  const tools = {
    eslint: eslint !== undefined || 'eslint' in all,
    prettier: prettier !== undefined || 'prettier' in all,
    biome: biome !== undefined || '@biomejs/biome' in all,
    oxlint: oxlint !== undefined || 'oxlint' in all,
    typescript: tsconfig !== undefined || 'typescript' in all,
  }
  if (tools.eslint) out.addLinter('eslint')
  if (tools.biome) {
    out.addLinter('biome')
    out.addFormatter('biome')
  }
  if (tools.oxlint) out.addLinter('oxlint')
  if (has(['.stylelintrc', '.stylelintrc.json', '.stylelintrc.js', '.stylelintrc.cjs', 'stylelint.config.js', 'stylelint.config.mjs']) !== undefined || 'stylelint' in all) out.addLinter('stylelint')
  if (tools.prettier) out.addFormatter('prettier')
  if (tools.typescript) out.addTypeChecker('tsc')
  if ('vue-tsc' in all) out.addTypeChecker('vue-tsc')
  if ('svelte-check' in all) out.addTypeChecker('svelte-check')
  if ('flow-bin' in all || index.has(joinPath(dir, '.flowconfig'))) out.addTypeChecker('flow')

  scriptCommands(ctx, file, stringMap(pkg['scripts']), pm.name)
  inferredCommands(ctx, file, pm.name, all, tools, tsconfig)
  entryPoints(ctx, pkg, index)
}

function scriptCommands(ctx: UnitContext, file: string, scripts: Record<string, string>, pm: NodePackageManager): void {
  for (const kind of Object.keys(SCRIPT_NAMES) as CommandKind[]) {
    for (const name of SCRIPT_NAMES[kind]) {
      const body = scripts[name]
      if (body === undefined || body.trim() === '' || (kind === 'test' && NO_TEST.test(body))) continue
      ctx.out.offerCommand(kind, runScript(pm, name), `${file} scripts.${name}`, PRIORITY.scripts)
      break
    }
  }
  // "check" runs the type checker in SvelteKit/Astro/Vue templates.
  const check = scripts['check']
  if (check !== undefined && /\b(?:tsc|vue-tsc|svelte-check|astro check)\b/.test(check)) {
    ctx.out.offerCommand('typecheck', runScript(pm, 'check'), `${file} scripts.check`, PRIORITY.scripts + 1)
  }
}

function inferredCommands(ctx: UnitContext, file: string, pm: NodePackageManager, all: Record<string, string>, tools: Record<'eslint' | 'prettier' | 'biome' | 'oxlint' | 'typescript', boolean>, tsconfig: string | undefined): void {
  const offer = (kind: CommandKind, line: string, source: string): void => ctx.out.offerCommand(kind, execBinary(pm, line), source, PRIORITY.inferred)
  if ('vitest' in all) offer('test', 'vitest run', `${file} devDependency vitest`)
  else if ('jest' in all) offer('test', 'jest', `${file} devDependency jest`)
  else if ('mocha' in all) offer('test', 'mocha', `${file} devDependency mocha`)
  else if ('ava' in all) offer('test', 'ava', `${file} devDependency ava`)
  else if ('@playwright/test' in all) offer('test', 'playwright test', `${file} devDependency @playwright/test`)
  if (tools.eslint) offer('lint', 'eslint .', 'eslint configuration')
  else if (tools.biome) offer('lint', 'biome lint .', 'biome configuration')
  else if (tools.oxlint) offer('lint', 'oxlint', 'oxlint configuration')
  if (tools.prettier) offer('format', 'prettier --write .', 'prettier configuration')
  else if (tools.biome) offer('format', 'biome format --write .', 'biome configuration')
  if (tsconfig !== undefined) {
    if ('vue-tsc' in all) offer('typecheck', 'vue-tsc --noEmit', `${tsconfig} + devDependency vue-tsc`)
    else if ('svelte-check' in all) offer('typecheck', 'svelte-check', `${tsconfig} + devDependency svelte-check`)
    else offer('typecheck', 'tsc --noEmit', tsconfig)
  }
}

const CONVENTIONAL_ENTRIES = ['index.ts', 'index.js', 'index.mjs', 'src/index.ts', 'src/index.tsx', 'src/index.js', 'src/main.ts', 'src/main.tsx', 'src/main.js', 'main.ts', 'main.js', 'server.ts', 'server.js', 'app.ts', 'app.js', 'src/server.ts', 'src/server.js', 'src/app.ts', 'src/app.js']

function entryPoints(ctx: UnitContext, pkg: JsonRecord, index: PathIndex): void {
  const declared: string[] = []
  for (const key of ['main', 'module', 'browser']) {
    const v = asString(pkg[key])
    if (v !== undefined) declared.push(v)
  }
  const bin = pkg['bin']
  if (typeof bin === 'string') declared.push(bin)
  else for (const v of Object.values(asRecord(bin) ?? {})) if (typeof v === 'string') declared.push(v)
  const exp = pkg['exports']
  const expRec = asRecord(exp)
  // exports: "./x.js" | { ".": ... } | { import, require } (conditions for ".")
  const exportsDot = expRec === undefined ? exp : '.' in expRec ? expRec['.'] : Object.keys(expRec).some((k) => k.startsWith('.')) ? undefined : expRec
  collectExportTargets(exportsDot, declared)

  let found = false
  for (const raw of declared) {
    const resolved = resolveSource(index, normalizePath(joinPath(ctx.dir, raw)))
    if (resolved !== undefined) {
      ctx.out.addEntryPoint(resolved)
      found = true
    }
  }
  if (found) return
  for (const name of CONVENTIONAL_ENTRIES) {
    const p = joinPath(ctx.dir, name)
    if (index.has(p)) {
      ctx.out.addEntryPoint(p)
      return
    }
  }
}

function collectExportTargets(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value)
  else if (Array.isArray(value)) for (const v of value) collectExportTargets(v, into)
  else {
    const rec = asRecord(value)
    if (rec === undefined) return
    for (const key of ['source', 'import', 'require', 'node', 'default']) if (key in rec) return collectExportTargets(rec[key], into)
  }
}

/** A declared output file, or the source it is built from (dist/index.js → src/index.ts). */
function resolveSource(index: PathIndex, path: string): string | undefined {
  if (index.has(path)) return path
  const m = /^(.*?)(?:dist|lib|build|out|esm|cjs)\/(.*?)(?:\.d)?\.(?:m|c)?js$/.exec(path)
  if (m === null) return undefined
  for (const ext of ['ts', 'tsx', 'mts', 'js', 'jsx', 'mjs']) {
    const candidate = `${m[1]}src/${m[2]}.${ext}`
    if (index.has(candidate)) return candidate
  }
  return undefined
}

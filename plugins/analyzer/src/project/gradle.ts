// build.gradle(.kts) / settings.gradle(.kts) / gradle/libs.versions.toml: dependencies, plugins, subprojects, commands.
import { PRIORITY, type UnitContext } from './collector.ts'
import { detectFrameworks } from './frameworks.ts'
import { jvmEntryPoints } from './maven.ts'
import { asRecord, asString, getPath, parseToml } from './parse.ts'
import { findUp, joinPath, wrapperPath } from './paths.ts'
import type { Category } from './frameworkCatalog.ts'

const BUILD_FILES = ['build.gradle.kts', 'build.gradle']
const SETTINGS_FILES = ['settings.gradle.kts', 'settings.gradle']
const DEV_CONFIGS = /^(?:test|androidTest|testFixtures|integrationTest)/

const PLUGIN_FRAMEWORKS: ReadonlyArray<readonly [string, string, Category]> = [
  ['org.springframework.boot', 'Spring Boot', 'backend'],
  ['io.quarkus', 'Quarkus', 'backend'],
  ['io.micronaut.application', 'Micronaut', 'backend'],
  ['io.ktor.plugin', 'Ktor', 'backend'],
  ['com.android.application', 'Android', 'mobile'],
  ['com.android.library', 'Android', 'mobile'],
  ['org.jetbrains.compose', 'Compose Multiplatform', 'frontend'],
  ['org.openjfx.javafxplugin', 'JavaFX', 'desktop'],
]

interface Catalog {
  libraries: Map<string, [string, string]>
  plugins: Map<string, [string, string]>
}

/** gradle/libs.versions.toml: alias (normalized to dots) → [coordinate or plugin id, version]. */
function readCatalog(ctx: UnitContext): Catalog {
  const catalog: Catalog = { libraries: new Map(), plugins: new Map() }
  const file = findUp(ctx.index, ctx.dir, ['gradle/libs.versions.toml'])
  const toml = file === undefined ? undefined : parseToml(ctx.read(file))
  if (toml === undefined) return catalog
  const versions = asRecord(toml['versions']) ?? {}
  const version = (v: unknown): string => asString(v) ?? asString(getPath(v, 'version')) ?? asString(versions[asString(getPath(v, 'version', 'ref')) ?? '']) ?? ''
  const key = (alias: string): string => alias.replace(/[-_]/g, '.')
  for (const [alias, v] of Object.entries(asRecord(toml['libraries']) ?? {})) {
    if (typeof v === 'string') {
      const [g, a, ver] = v.split(':')
      if (g !== undefined && a !== undefined) catalog.libraries.set(key(alias), [`${g}:${a}`, ver ?? ''])
      continue
    }
    const module = asString(getPath(v, 'module')) ?? (asString(getPath(v, 'group')) !== undefined ? `${asString(getPath(v, 'group'))}:${asString(getPath(v, 'name')) ?? ''}` : undefined)
    if (module !== undefined) catalog.libraries.set(key(alias), [module, version(v)])
  }
  for (const [alias, v] of Object.entries(asRecord(toml['plugins']) ?? {})) {
    const id = typeof v === 'string' ? v.split(':')[0] : asString(getPath(v, 'id'))
    if (id !== undefined) catalog.plugins.set(key(alias), [id, typeof v === 'string' ? (v.split(':')[1] ?? '') : version(v)])
  }
  return catalog
}

export function parseGradleBuild(text: string, catalog: Catalog): { runtime: Record<string, string>; dev: Record<string, string>; plugins: Map<string, string> } {
  const src = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1')
  const runtime: Record<string, string> = {}
  const dev: Record<string, string> = {}
  const depRe = /\b([a-zA-Z]+)\s*\(?\s*(?:(?:platform|enforcedPlatform)\s*\(\s*)?(?:["']([^"'\s:]+):([^"'\s:]+)(?::([^"'\s@]+))?[^"']*["']|libs\.([A-Za-z0-9_.]+))/g
  for (const m of src.matchAll(depRe)) {
    const config = m[1]!
    if (!/(?:[iI]mplementation|[aA]pi|[cC]ompileOnly|[rR]untimeOnly|^compile|^testCompile|^kapt|^ksp|[aA]nnotationProcessor)$/.test(config)) continue
    let coord: string
    let version: string
    if (m[5] !== undefined) {
      const lib = catalog.libraries.get(m[5])
      if (lib === undefined) continue
      ;[coord, version] = lib
    } else {
      coord = `${m[2]!}:${m[3]!}`
      version = m[4] ?? ''
    }
    ;(DEV_CONFIGS.test(config) ? dev : runtime)[coord] = version
  }
  const plugins = new Map<string, string>()
  for (const m of src.matchAll(/\bid\s*\(?\s*["']([^"']+)["']\s*\)?(?:\s*version\s*\(?\s*["']([^"']+)["'])?/g)) plugins.set(m[1]!, m[2] ?? '')
  for (const m of src.matchAll(/\bkotlin\s*\(\s*["']([^"']+)["']\s*\)/g)) plugins.set(`org.jetbrains.kotlin.${m[1]!}`, '')
  for (const m of src.matchAll(/\balias\s*\(\s*libs\.plugins\.([A-Za-z0-9_.]+)\s*\)/g)) {
    const p = catalog.plugins.get(m[1]!)
    if (p !== undefined) plugins.set(p[0], p[1])
  }
  for (const m of src.matchAll(/^\s*apply\s+plugin\s*:\s*["']([^"']+)["']/gm)) plugins.set(m[1]!, '')
  for (const m of src.matchAll(/^\s*(java|application|checkstyle|pmd|jacoco|`java-library`)\s*$/gm)) plugins.set(m[1]!.replace(/`/g, ''), '')
  if (/useJUnitPlatform\s*\(/.test(src) && !Object.keys(dev).some((k) => k.startsWith('org.junit'))) dev['org.junit.jupiter:junit-jupiter'] = ''
  return { runtime, dev, plugins }
}

/** settings.gradle include(":app", ":core:model") → ["app", "core/model"]. */
export function parseGradleSettings(text: string): string[] {
  const dirs: string[] = []
  for (const m of text.matchAll(/^\s*include\s*\(?([^\n]*)/gm)) {
    for (const s of m[1]!.matchAll(/["']([^"']+)["']/g)) dirs.push(s[1]!.replace(/^:/, '').replace(/:/g, '/'))
  }
  return dirs
}

export function analyzeGradle(ctx: UnitContext): void {
  const { out, dir, index } = ctx
  const buildFile = BUILD_FILES.map((n) => joinPath(dir, n)).find((p) => index.has(p))
  const settingsFile = SETTINGS_FILES.map((n) => joinPath(dir, n)).find((p) => index.has(p))
  if (buildFile === undefined && settingsFile === undefined) return
  const catalog = readCatalog(ctx)
  const evidenceFile = buildFile ?? settingsFile!
  out.addBuildTool('Gradle', { file: evidenceFile, detail: evidenceFile.endsWith('.kts') ? 'Kotlin DSL' : 'Groovy DSL' })
  out.addPackageManager('gradle')

  let plugins = new Map<string, string>()
  if (buildFile !== undefined) {
    const text = ctx.read(buildFile)
    if (text !== undefined) {
      const build = parseGradleBuild(text, catalog)
      plugins = build.plugins
      out.addDependencies(buildFile, build.runtime, build.dev)
      detectFrameworks(out, 'maven', buildFile, build.runtime)
      detectFrameworks(out, 'maven', buildFile, build.dev, 'test dependency')
      for (const [id, name, category] of PLUGIN_FRAMEWORKS) {
        if (plugins.has(id)) out.addFramework({ name, category, ecosystem: 'jvm', version: plugins.get(id) || undefined, evidence: { file: buildFile, detail: `plugin ${id}` } })
      }
    }
  }
  if (settingsFile !== undefined) {
    const members = parseGradleSettings(ctx.read(settingsFile) ?? '').map((d) => joinPath(dir, d))
    out.addWorkspaces(members.filter((d) => index.hasDir(d)))
  }

  const gradle = wrapperPath(index, dir, 'gradlew') ?? 'gradle'
  const src = buildFile ?? settingsFile!
  const p = PRIORITY.inferred + 4
  const android = plugins.has('com.android.application') || plugins.has('com.android.library')
  out.offerCommand('test', `${gradle} test`, src, p)
  out.offerCommand('build', `${gradle} assemble`, src, p)
  if (!android) out.offerCommand('typecheck', `${gradle} classes`, src, p)
  const has = (...ids: string[]): string | undefined => ids.find((id) => plugins.has(id))
  const ktlint = has('org.jlleitschuh.gradle.ktlint', 'org.jmailen.kotlinter')
  const detekt = has('io.gitlab.arturbosch.detekt')
  const spotless = has('com.diffplug.spotless')
  if (ktlint !== undefined) {
    out.addLinter('ktlint')
    out.offerCommand('lint', `${gradle} ${ktlint === 'org.jmailen.kotlinter' ? 'lintKotlin' : 'ktlintCheck'}`, `${src} plugin ${ktlint}`, p)
  }
  if (detekt !== undefined) {
    out.addLinter('detekt')
    out.offerCommand('lint', `${gradle} detekt`, `${src} plugin ${detekt}`, p)
  }
  if (plugins.has('checkstyle')) {
    out.addLinter('checkstyle')
    out.offerCommand('lint', `${gradle} checkstyleMain`, `${src} plugin checkstyle`, p)
  }
  if (android) out.offerCommand('lint', `${gradle} lint`, `${src} plugin com.android`, p + 1)
  if (spotless !== undefined) {
    out.addFormatter('spotless')
    out.offerCommand('format', `${gradle} spotlessApply`, `${src} plugin ${spotless}`, p)
  }
  jvmEntryPoints(ctx)
}

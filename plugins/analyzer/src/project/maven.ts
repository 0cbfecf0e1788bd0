// pom.xml: dependencies, frameworks, modules, Maven commands.
import { PRIORITY, type UnitContext } from './collector.ts'
import { detectFrameworks } from './frameworks.ts'
import { expandGlobs } from './glob.ts'
import { joinPath, wrapperPath } from './paths.ts'

const tag = (xml: string, name: string): string | undefined => new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(xml)?.[1]
const blocks = (xml: string, name: string): string[] => [...xml.matchAll(new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]!)

export interface PomFacts {
  runtime: Record<string, string>
  dev: Record<string, string>
  plugins: Set<string>
  modules: string[]
}

export function parsePom(text: string): PomFacts {
  const xml = text.replace(/<!--[\s\S]*?-->/g, '')
  const props = new Map<string, string>()
  for (const body of blocks(xml, 'properties')) for (const m of body.matchAll(/<([A-Za-z0-9_.-]+)>\s*([^<]*?)\s*<\/\1>/g)) props.set(m[1]!, m[2]!)
  const resolve = (v: string | undefined): string => (v ?? '').replace(/\$\{([^}]+)\}/g, (all, key: string) => props.get(key) ?? all)
  const runtime: Record<string, string> = {}
  const dev: Record<string, string> = {}
  const parent = blocks(xml, 'parent')[0]
  if (parent !== undefined) {
    const g = tag(parent, 'groupId')
    const a = tag(parent, 'artifactId')
    if (g !== undefined && a !== undefined) runtime[`${g}:${a}`] = resolve(tag(parent, 'version'))
  }
  for (const dep of blocks(xml, 'dependency')) {
    const g = tag(dep, 'groupId')
    const a = tag(dep, 'artifactId')
    if (g === undefined || a === undefined) continue
    ;(tag(dep, 'scope') === 'test' ? dev : runtime)[`${g}:${a}`] = resolve(tag(dep, 'version'))
  }
  const plugins = new Set<string>()
  for (const plugin of blocks(xml, 'plugin')) {
    const a = tag(plugin, 'artifactId')
    if (a !== undefined) plugins.add(a)
  }
  const modules = blocks(xml, 'modules').flatMap((body) => [...body.matchAll(/<module>\s*([^<]+?)\s*<\/module>/g)].map((m) => m[1]!))
  return { runtime, dev, plugins, modules }
}

export function analyzeMaven(ctx: UnitContext): void {
  const { out, dir, index } = ctx
  const file = joinPath(dir, 'pom.xml')
  if (!index.has(file)) return
  const text = ctx.read(file)
  if (text === undefined) return
  const pom = parsePom(text)
  out.addDependencies(file, pom.runtime, pom.dev)
  detectFrameworks(out, 'maven', file, pom.runtime)
  detectFrameworks(out, 'maven', file, pom.dev, 'test dependency')
  out.addBuildTool('Maven', { file, detail: 'pom.xml' })
  out.addPackageManager('maven')
  out.addWorkspaces(expandGlobs(index, dir, pom.modules, 'pom.xml'))

  const mvn = wrapperPath(index, dir, 'mvnw') ?? 'mvn'
  const p = PRIORITY.inferred + 4
  out.offerCommand('test', `${mvn} test`, file, p)
  out.offerCommand('build', `${mvn} -q -DskipTests package`, file, p)
  out.offerCommand('typecheck', `${mvn} -q compile`, file, p)
  if (pom.plugins.has('maven-checkstyle-plugin')) {
    out.addLinter('checkstyle')
    out.offerCommand('lint', `${mvn} checkstyle:check`, `${file} plugin maven-checkstyle-plugin`, p)
  }
  if (pom.plugins.has('spotbugs-maven-plugin')) out.addLinter('spotbugs')
  if (pom.plugins.has('spotless-maven-plugin')) {
    out.addFormatter('spotless')
    out.offerCommand('format', `${mvn} spotless:apply`, `${file} plugin spotless-maven-plugin`, p)
  }
  jvmEntryPoints(ctx)
}

/** src/main/{java,kotlin}/**\/*Application.{java,kt}, Main.*, App.* */
export function jvmEntryPoints(ctx: UnitContext): void {
  const base = joinPath(ctx.dir, 'src/main/')
  for (const p of ctx.index.paths) {
    if (!p.startsWith(base)) continue
    if (/\/(?:[A-Z][A-Za-z0-9]*Application|Main|App)\.(?:java|kt)$/.test(p)) ctx.out.addEntryPoint(p)
  }
}

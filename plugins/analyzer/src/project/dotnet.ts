// .NET: *.sln / *.csproj / *.fsproj / *.vbproj: packages, SDK-implied frameworks, solution members, dotnet commands.
import { PRIORITY, type UnitContext } from './collector.ts'
import { detectFrameworks } from './frameworks.ts'
import { dirname, isUnder, isVendoredPath, joinPath, normalizePath, relativeTo } from './paths.ts'

export const PROJECT_EXT = /\.(?:csproj|fsproj|vbproj)$/

export interface DotnetProject {
  sdk: string
  packages: Record<string, string>
  isTest: boolean
  props: Set<string>
}

export function parseProjectFile(text: string): DotnetProject {
  const xml = text.replace(/<!--[\s\S]*?-->/g, '')
  const sdk = /<Project\s+[^>]*Sdk="([^"]+)"/.exec(xml)?.[1] ?? ''
  const packages: Record<string, string> = {}
  for (const m of xml.matchAll(/<PackageReference\s+([^>]*?)\/?>(?:([\s\S]*?)<\/PackageReference>)?/g)) {
    const name = /Include="([^"]+)"/.exec(m[1]!)?.[1]
    if (name === undefined) continue
    packages[name] = /Version="([^"]+)"/.exec(m[1]!)?.[1] ?? /<Version>([^<]+)<\/Version>/.exec(m[2] ?? '')?.[1] ?? ''
  }
  const props = new Set<string>()
  for (const m of xml.matchAll(/<(UseMaui|UseWPF|UseWindowsForms|IsTestProject|IsPackable)>\s*true\s*<\/\1>/gi)) props.add(m[1]!.toLowerCase())
  const isTest = props.has('istestproject') || 'Microsoft.NET.Test.Sdk' in packages || sdk.startsWith('MSTest.Sdk')
  return { sdk, packages, isTest, props }
}

/** Project paths listed in a .sln (relative to the tree root). */
export function parseSolution(text: string, slnDir: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/^Project\("[^"]*"\)\s*=\s*"[^"]*",\s*"([^"]+)"/gm)) {
    const rel = m[1]!.replace(/\\/g, '/')
    if (PROJECT_EXT.test(rel)) out.push(normalizePath(joinPath(slnDir, rel)))
  }
  for (const m of text.matchAll(/<Project\s+Path="([^"]+)"/g)) out.push(normalizePath(joinPath(slnDir, m[1]!.replace(/\\/g, '/'))))
  return out
}

/**
 * A .NET unit is a directory holding a solution or project file. The solution's projects (or, without one,
 * every project file below the directory) are analyzed as part of it.
 */
export function analyzeDotnet(ctx: UnitContext): void {
  const { out, dir, index } = ctx
  const files = index.filesIn(dir)
  const slns = files.filter((f) => /\.slnx?$/.test(f)).sort().map((f) => joinPath(dir, f))
  const localProjects = files.filter((f) => PROJECT_EXT.test(f)).map((f) => joinPath(dir, f))
  const projects = new Set<string>(localProjects)
  for (const sln of slns) for (const p of parseSolution(ctx.read(sln) ?? '', dir)) if (index.has(p)) projects.add(p)
  // At the analysis root without a solution, projects in subdirectories (src/App/App.csproj, tests/...) belong to it.
  const nested = slns.length === 0 && localProjects.length === 0
  if (nested) {
    if (dir !== ctx.root) return
    for (const p of index.paths) if (PROJECT_EXT.test(p) && isUnder(p, dir) && !isVendoredPath(p)) projects.add(p)
    if (projects.size === 0) return
  }
  const first = slns[0] ?? localProjects[0] ?? [...projects].sort()[0]!
  out.addBuildTool('dotnet', { file: first, detail: slns.length > 0 ? 'solution' : 'project file' })
  out.addPackageManager('nuget')
  const testProjects: string[] = []
  const appProjects: string[] = []
  for (const file of [...projects].sort()) {
    const text = ctx.read(file)
    if (text === undefined) continue
    const proj = parseProjectFile(text)
    ;(proj.isTest ? testProjects : appProjects).push(file)
    out.addDependencies(file, proj.isTest ? {} : proj.packages, proj.isTest ? proj.packages : {})
    detectFrameworks(out, 'nuget', file, proj.packages, 'PackageReference')
    const fw = (name: string, category: 'backend' | 'frontend' | 'mobile' | 'desktop', detail: string): void => out.addFramework({ name, category, ecosystem: 'dotnet', evidence: { file, detail } })
    if (proj.sdk === 'Microsoft.NET.Sdk.Web') fw('ASP.NET Core', 'backend', `Sdk ${proj.sdk}`)
    if (proj.sdk === 'Microsoft.NET.Sdk.BlazorWebAssembly' || 'Microsoft.AspNetCore.Components.WebAssembly' in proj.packages) fw('Blazor', 'frontend', `Sdk ${proj.sdk}`)
    if (proj.props.has('usemaui')) fw('.NET MAUI', 'mobile', 'UseMaui')
    if (proj.props.has('usewpf')) fw('WPF', 'desktop', 'UseWPF')
    if (proj.props.has('usewindowsforms')) fw('Windows Forms', 'desktop', 'UseWindowsForms')
    const main = ['Program.cs', 'Program.fs', 'Program.vb'].map((n) => joinPath(dirname(file), n)).find((p) => index.has(p))
    if (main !== undefined && !proj.isTest) out.addEntryPoint(main)
  }
  if (slns.length > 0 || nested || localProjects.length > 1) out.addWorkspaces([...new Set([...projects].map(dirname))].filter((d) => d !== dir))

  // `dotnet <verb>` needs exactly one solution/project in the working directory, else an explicit target.
  const rel = (p: string): string => ` ${relativeTo(p, dir)}`
  const single = slns.length === 1 || (slns.length === 0 && localProjects.length === 1)
  const local = single ? '' : nested ? undefined : rel(first)
  const testTarget = local ?? (testProjects[0] !== undefined ? rel(testProjects[0]) : undefined)
  const buildTarget = local ?? rel(appProjects[0] ?? first)
  const p = PRIORITY.inferred + 5
  if (testTarget !== undefined) out.offerCommand('test', `dotnet test${testTarget}`, testProjects[0] !== undefined && local === undefined ? testProjects[0] : first, p)
  out.offerCommand('build', `dotnet build${buildTarget}`, first, p)
  out.offerCommand('format', `dotnet format${buildTarget} --verify-no-changes`, first, p)
  out.addFormatter('dotnet format')
}

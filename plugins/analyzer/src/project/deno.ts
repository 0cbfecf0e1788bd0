// deno.json(c): tasks, imports (frameworks), workspace members, deno commands.
import { PRIORITY, type UnitContext } from './collector.ts'
import { detectFrameworks } from './frameworks.ts'
import { expandGlobs } from './glob.ts'
import { asStringArray, parseJson, stringMap } from './parse.ts'
import { joinPath } from './paths.ts'

const TASK_NAMES = {
  test: ['test'],
  lint: ['lint'],
  format: ['fmt', 'format'],
  build: ['build'],
  typecheck: ['check', 'typecheck'],
} as const

export function analyzeDeno(ctx: UnitContext): void {
  const { out, dir, index } = ctx
  const file = ['deno.json', 'deno.jsonc'].map((n) => joinPath(dir, n)).find((p) => index.has(p))
  if (file === undefined) return
  const deno = parseJson(ctx.read(file))
  if (deno === undefined) return
  out.addBuildTool('Deno', { file, detail: file.slice(file.lastIndexOf('/') + 1) })
  out.addPackageManager('deno')
  // imports: { "hono": "jsr:@hono/hono@^4", "preact": "npm:preact@10" } → npm-style names for the catalog.
  const deps: Record<string, string> = {}
  for (const [alias, target] of Object.entries(stringMap(deno['imports']))) {
    const m = /^(?:npm|jsr):(@?[^@]+)(?:@(.*))?$/.exec(target)
    const name = m?.[1] === '@hono/hono' ? 'hono' : (m?.[1] ?? alias)
    deps[name] = m?.[2] ?? ''
    if (/^(?:jsr:)?@fresh\/core|\$fresh|fresh\.deno\.dev/.test(target) || alias === '$fresh/') {
      out.addFramework({ name: 'Fresh', category: 'fullstack', ecosystem: 'deno', evidence: { file, detail: `import ${alias}` } })
    }
  }
  out.addDependencies(file, deps, {})
  detectFrameworks(out, 'npm', file, deps, 'import')
  out.addWorkspaces(expandGlobs(index, dir, asStringArray(deno['workspace'])))

  const tasks = stringMap(deno['tasks'], (v) => (typeof v === 'object' && v !== null ? 'task' : undefined))
  for (const [kind, names] of Object.entries(TASK_NAMES) as Array<[keyof typeof TASK_NAMES, readonly string[]]>) {
    const name = names.find((n) => n in tasks)
    if (name !== undefined) out.offerCommand(kind, `deno task ${name}`, `${file} tasks.${name}`, PRIORITY.scripts)
  }
  const p = PRIORITY.inferred
  out.offerCommand('test', 'deno test', file, p)
  out.offerCommand('lint', 'deno lint', file, p)
  out.offerCommand('format', 'deno fmt', file, p)
  out.addLinter('deno lint')
  out.addFormatter('deno fmt')
  out.addTypeChecker('deno check')
  for (const rel of ['main.ts', 'mod.ts', 'main.tsx', 'src/main.ts']) if (index.has(joinPath(dir, rel))) out.addEntryPoint(joinPath(dir, rel))
}

// pubspec.yaml: Dart/Flutter packages, frameworks, flutter/dart commands.
import { PRIORITY, type UnitContext } from './collector.ts'
import { detectFrameworks } from './frameworks.ts'
import { asRecord, asString, getPath, parseYaml, stringMap } from './parse.ts'
import { joinPath } from './paths.ts'

const pubVersion = (v: unknown): string | undefined => (v === null ? '' : (asString(getPath(v, 'version')) ?? (asString(getPath(v, 'sdk')) !== undefined ? '' : asRecord(v) !== undefined ? '' : undefined)))

export function analyzeDart(ctx: UnitContext): void {
  const { out, dir, index } = ctx
  const file = joinPath(dir, 'pubspec.yaml')
  if (!index.has(file)) return
  const pubspec = parseYaml(ctx.read(file))
  if (pubspec === undefined) return
  const runtime = stringMap(pubspec['dependencies'], pubVersion)
  const dev = stringMap(pubspec['dev_dependencies'], pubVersion)
  out.addDependencies(file, runtime, dev)
  detectFrameworks(out, 'pub', file, runtime)
  detectFrameworks(out, 'pub', file, dev, 'dev_dependency')
  const flutter = 'flutter' in runtime
  out.addBuildTool(flutter ? 'Flutter' : 'Dart', { file, detail: flutter ? 'dependency flutter (sdk)' : 'pubspec.yaml' })
  out.addPackageManager('pub')
  const tool = flutter ? 'flutter' : 'dart'
  const p = PRIORITY.inferred + 9
  out.offerCommand('test', `${tool} test`, file, p)
  out.offerCommand('lint', `${tool} analyze`, index.has(joinPath(dir, 'analysis_options.yaml')) ? joinPath(dir, 'analysis_options.yaml') : file, p)
  out.offerCommand('format', 'dart format .', file, p)
  out.offerCommand('typecheck', `${tool} analyze`, file, p)
  out.addLinter(`${tool} analyze`)
  out.addFormatter('dart format')
  out.addTypeChecker(`${tool} analyze`)
  for (const rel of ['lib/main.dart']) if (index.has(joinPath(dir, rel))) out.addEntryPoint(joinPath(dir, rel))
  for (const name of index.filesIn(joinPath(dir, 'bin'))) if (name.endsWith('.dart')) out.addEntryPoint(joinPath(dir, `bin/${name}`))
}

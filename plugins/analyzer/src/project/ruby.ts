// Gemfile (+ Gemfile.lock versions): gems, frameworks, Bundler, rspec/minitest/rubocop commands.
import { PRIORITY, type UnitContext } from './collector.ts'
import { detectFrameworks } from './frameworks.ts'
import { joinPath } from './paths.ts'

export function parseGemfile(text: string): { runtime: Record<string, string>; dev: Record<string, string> } {
  const runtime: Record<string, string> = {}
  const dev: Record<string, string> = {}
  const groups: boolean[] = []
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim()
    const group = /^group\s+(.+?)\s+do\b/.exec(line)
    if (group !== null) {
      groups.push(!/:production\b|:default\b/.test(group[1]!) || /:test|:development/.test(group[1]!))
      continue
    }
    if (/^(?:platforms?|source|install_if)\b.*\bdo\b/.test(line)) {
      groups.push(groups.at(-1) ?? false)
      continue
    }
    if (line === 'end') {
      groups.pop()
      continue
    }
    const gem = /^gem\s+["']([^"']+)["']\s*(?:,\s*["']([^"']+)["'])?(.*)$/.exec(line)
    if (gem === null) continue
    const isDev = (groups.at(-1) ?? false) || /group:\s*\[?\s*:(?:test|development)/.test(gem[3] ?? '')
    ;(isDev ? dev : runtime)[gem[1]!] = gem[2] ?? ''
  }
  return { runtime, dev }
}

/** Exact versions from Gemfile.lock's specs sections ("    rails (7.1.3)"). */
export function parseGemfileLock(text: string): Map<string, string> {
  const versions = new Map<string, string>()
  for (const m of text.matchAll(/^ {4}([A-Za-z0-9_.-]+) \(([^)\s]+)\)$/gm)) versions.set(m[1]!, m[2]!)
  return versions
}

export function analyzeRuby(ctx: UnitContext): void {
  const { out, dir, index } = ctx
  const file = joinPath(dir, 'Gemfile')
  if (!index.has(file)) return
  const text = ctx.read(file)
  if (text === undefined) return
  const gems = parseGemfile(text)
  const lockFile = joinPath(dir, 'Gemfile.lock')
  const locked = index.has(lockFile) ? parseGemfileLock(ctx.read(lockFile) ?? '') : new Map<string, string>()
  const pin = (deps: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, locked.get(k) ?? v]))
  out.addDependencies(file, gems.runtime, gems.dev)
  detectFrameworks(out, 'rubygems', file, pin(gems.runtime), 'gem')
  detectFrameworks(out, 'rubygems', file, pin(gems.dev), 'gem (development/test)')
  out.addBuildTool('Bundler', { file, detail: 'Gemfile' })
  out.addPackageManager('bundler')

  const all = { ...gems.runtime, ...gems.dev }
  const has = (name: string): boolean => name in all
  const p = PRIORITY.inferred + 6
  const rspec = has('rspec') || has('rspec-rails') || index.has(joinPath(dir, '.rspec'))
  if (rspec) {
    out.offerCommand('test', 'bundle exec rspec', has('rspec-rails') ? `${file} gem rspec-rails` : has('rspec') ? `${file} gem rspec` : joinPath(dir, '.rspec'), p)
    if (!has('rspec') && !has('rspec-rails')) out.addFramework({ name: 'RSpec', category: 'testing', ecosystem: 'ruby', evidence: { file: joinPath(dir, '.rspec'), detail: 'config file' } })
  } else if (has('rails') && index.has(joinPath(dir, 'bin/rails'))) out.offerCommand('test', 'bin/rails test', joinPath(dir, 'bin/rails'), p)
  else if (index.has(joinPath(dir, 'Rakefile'))) out.offerCommand('test', 'bundle exec rake test', joinPath(dir, 'Rakefile'), p)

  const rubocopConfig = joinPath(dir, '.rubocop.yml')
  if (has('rubocop') || index.has(rubocopConfig)) {
    const src = index.has(rubocopConfig) ? rubocopConfig : `${file} gem rubocop`
    out.addLinter('rubocop')
    out.addFormatter('rubocop')
    out.offerCommand('lint', 'bundle exec rubocop', src, p)
    out.offerCommand('format', 'bundle exec rubocop -a', src, p)
  } else if (has('standard')) {
    out.addLinter('standard')
    out.addFormatter('standard')
    out.offerCommand('lint', 'bundle exec standardrb', `${file} gem standard`, p)
    out.offerCommand('format', 'bundle exec standardrb --fix', `${file} gem standard`, p)
  }
  if (has('sorbet')) {
    out.addTypeChecker('sorbet')
    out.offerCommand('typecheck', 'bundle exec srb tc', `${file} gem sorbet`, p)
  } else if (has('steep')) {
    out.addTypeChecker('steep')
    out.offerCommand('typecheck', 'bundle exec steep check', `${file} gem steep`, p)
  }
  for (const rel of ['config.ru', 'bin/rails']) if (index.has(joinPath(dir, rel))) out.addEntryPoint(joinPath(dir, rel))
  for (const name of index.filesIn(joinPath(dir, 'exe'))) out.addEntryPoint(joinPath(dir, `exe/${name}`))
}

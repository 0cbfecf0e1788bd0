// composer.json: packages, frameworks, composer scripts and PHP tool commands.
import { PRIORITY, type UnitContext } from './collector.ts'
import { detectFrameworks } from './frameworks.ts'
import { parseJson, stringMap } from './parse.ts'
import { joinPath } from './paths.ts'

const SCRIPT_NAMES = {
  test: ['test', 'tests', 'phpunit', 'pest'],
  lint: ['lint', 'cs', 'phpcs', 'phpstan', 'stan', 'analyse', 'analyze'],
  format: ['format', 'fmt', 'cs-fix', 'fix', 'pint'],
  build: ['build'],
  typecheck: ['typecheck', 'psalm'],
} as const

export function analyzeComposer(ctx: UnitContext): void {
  const { out, dir, index } = ctx
  const file = joinPath(dir, 'composer.json')
  if (!index.has(file)) return
  const composer = parseJson(ctx.read(file))
  if (composer === undefined) return
  const platform = (deps: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(deps).filter(([k]) => k.includes('/')))
  const runtime = platform(stringMap(composer['require']))
  const dev = platform(stringMap(composer['require-dev']))
  out.addDependencies(file, runtime, dev)
  detectFrameworks(out, 'composer', file, runtime)
  detectFrameworks(out, 'composer', file, dev, 'devDependency')
  out.addBuildTool('Composer', { file, detail: 'composer.json' })
  out.addPackageManager('composer')

  const scripts = stringMap(composer['scripts'], (v) => (Array.isArray(v) ? v.join(' && ') : undefined))
  for (const [kind, names] of Object.entries(SCRIPT_NAMES) as Array<[keyof typeof SCRIPT_NAMES, readonly string[]]>) {
    const name = names.find((n) => n in scripts)
    if (name !== undefined) out.offerCommand(kind, name === 'test' ? 'composer test' : `composer run-script ${name}`, `${file} scripts.${name}`, PRIORITY.scripts)
  }

  const all = { ...runtime, ...dev }
  const present = (...names: string[]): string | undefined => names.map((n) => joinPath(dir, n)).find((p) => index.has(p))
  const p = PRIORITY.inferred + 7
  if ('pestphp/pest' in all) out.offerCommand('test', 'vendor/bin/pest', `${file} devDependency pestphp/pest`, p)
  else if ('phpunit/phpunit' in all || present('phpunit.xml', 'phpunit.xml.dist') !== undefined) out.offerCommand('test', 'vendor/bin/phpunit', present('phpunit.xml', 'phpunit.xml.dist') ?? `${file} devDependency phpunit/phpunit`, p)
  const phpstan = present('phpstan.neon', 'phpstan.neon.dist', 'phpstan.dist.neon') ?? ('phpstan/phpstan' in all || 'larastan/larastan' in all ? `${file} devDependency phpstan/phpstan` : undefined)
  const phpcs = present('phpcs.xml', 'phpcs.xml.dist', '.phpcs.xml') ?? ('squizlabs/php_codesniffer' in all ? `${file} devDependency squizlabs/php_codesniffer` : undefined)
  const psalm = present('psalm.xml', 'psalm.xml.dist') ?? ('vimeo/psalm' in all ? `${file} devDependency vimeo/psalm` : undefined)
  const pint = present('pint.json') ?? ('laravel/pint' in all ? `${file} devDependency laravel/pint` : undefined)
  const csFixer = present('.php-cs-fixer.php', '.php-cs-fixer.dist.php') ?? ('friendsofphp/php-cs-fixer' in all ? `${file} devDependency friendsofphp/php-cs-fixer` : undefined)
  if (phpstan !== undefined) {
    out.addLinter('phpstan')
    out.offerCommand('lint', 'vendor/bin/phpstan analyse', phpstan, p)
  }
  if (phpcs !== undefined) {
    out.addLinter('phpcs')
    out.offerCommand('lint', 'vendor/bin/phpcs', phpcs, p)
  }
  if (psalm !== undefined) {
    out.addTypeChecker('psalm')
    out.offerCommand('typecheck', 'vendor/bin/psalm', psalm, p)
  }
  if (pint !== undefined) {
    out.addFormatter('pint')
    out.offerCommand('format', 'vendor/bin/pint', pint, p)
  } else if (csFixer !== undefined) {
    out.addFormatter('php-cs-fixer')
    out.offerCommand('format', 'vendor/bin/php-cs-fixer fix', csFixer, p)
  }
  for (const rel of ['artisan', 'public/index.php', 'index.php', 'bin/console']) if (index.has(joinPath(dir, rel))) out.addEntryPoint(joinPath(dir, rel))
}

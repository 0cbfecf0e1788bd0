// Facts from file presence alone: CI systems, lockfiles, important files, config-only tools, monorepo tools.
import type { UnitContext } from './collector.ts'
import { basename, dirname, isUnder, isVendoredPath, joinPath, relativeTo } from './paths.ts'

const CI_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\.github\/workflows\/[^/]+\.ya?ml$/, 'GitHub Actions'],
  [/^\.gitlab-ci\.ya?ml$/, 'GitLab CI'],
  [/^\.circleci\/config\.ya?ml$/, 'CircleCI'],
  [/^Jenkinsfile$/, 'Jenkins'],
  [/^(?:\.azure-pipelines\/.+\.ya?ml|azure-pipelines\.ya?ml)$/, 'Azure Pipelines'],
  [/^\.travis\.ya?ml$/, 'Travis CI'],
  [/^bitbucket-pipelines\.ya?ml$/, 'Bitbucket Pipelines'],
  [/^\.buildkite\/.+\.(?:ya?ml|json|sh)$/, 'Buildkite'],
  [/^\.drone\.ya?ml$/, 'Drone'],
  [/^\.?appveyor\.ya?ml$/, 'AppVeyor'],
  [/^\.woodpecker(?:\.ya?ml|\/.+\.ya?ml)$/, 'Woodpecker'],
  [/^\.cirrus\.ya?ml$/, 'Cirrus CI'],
  [/^\.semaphore\/semaphore\.ya?ml$/, 'Semaphore'],
  [/^cloudbuild\.ya?ml$/, 'Google Cloud Build'],
  [/^buildspec\.ya?ml$/, 'AWS CodeBuild'],
  [/^\.forgejo\/workflows\/[^/]+\.ya?ml$/, 'Forgejo Actions'],
]

const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb', 'deno.lock', 'Cargo.lock', 'go.sum', 'poetry.lock', 'uv.lock', 'Pipfile.lock', 'pdm.lock', 'Gemfile.lock', 'composer.lock', 'mix.lock', 'pubspec.lock', 'packages.lock.json', 'gradle.lockfile', 'Package.resolved', 'flake.lock', 'conan.lock'])

const IMPORTANT = /^(?:readme|license|licence|copying|contributing|changelog|changes|history|code_of_conduct|security|authors|notice|agents|claude)(?:\.[a-z0-9]+)?$/i
const IMPORTANT_EXACT = /^(?:Dockerfile(?:\..+)?|.+\.Dockerfile|(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml|\.env\.(?:example|sample|template|dist)|\.nvmrc|\.node-version|\.python-version|\.tool-versions|rust-toolchain(?:\.toml)?|Procfile|vercel\.json|netlify\.toml|fly\.toml|app\.json|render\.yaml)$/

/** Tools known from their configuration file alone: [file name, kind, tool]. */
const CONFIG_TOOLS: ReadonlyArray<readonly [string, 'linter' | 'formatter' | 'typeChecker', string]> = [
  ['.clang-format', 'formatter', 'clang-format'],
  ['.clang-tidy', 'linter', 'clang-tidy'],
  ['.shellcheckrc', 'linter', 'shellcheck'],
  ['.hadolint.yaml', 'linter', 'hadolint'],
  ['.hadolint.yml', 'linter', 'hadolint'],
  ['.markdownlint.json', 'linter', 'markdownlint'],
  ['.markdownlint.yaml', 'linter', 'markdownlint'],
  ['.markdownlint-cli2.yaml', 'linter', 'markdownlint'],
  ['.swiftlint.yml', 'linter', 'swiftlint'],
  ['.swiftformat', 'formatter', 'swiftformat'],
  ['dprint.json', 'formatter', 'dprint'],
  ['.dprint.json', 'formatter', 'dprint'],
  ['checkstyle.xml', 'linter', 'checkstyle'],
  ['detekt.yml', 'linter', 'detekt'],
  ['.editorconfig-checker.json', 'linter', 'editorconfig-checker'],
  ['.flowconfig', 'typeChecker', 'flow'],
  ['.pre-commit-config.yaml', 'linter', 'pre-commit'],
  ['.yamllint', 'linter', 'yamllint'],
  ['.yamllint.yml', 'linter', 'yamllint'],
  ['.golangci.yml', 'linter', 'golangci-lint'],
  ['.golangci.yaml', 'linter', 'golangci-lint'],
  ['.rubocop.yml', 'linter', 'rubocop'],
  ['rustfmt.toml', 'formatter', 'rustfmt'],
  ['.rustfmt.toml', 'formatter', 'rustfmt'],
  ['clippy.toml', 'linter', 'clippy'],
  ['.clippy.toml', 'linter', 'clippy'],
  ['ruff.toml', 'linter', 'ruff'],
  ['.ruff.toml', 'linter', 'ruff'],
  ['.flake8', 'linter', 'flake8'],
  ['mypy.ini', 'typeChecker', 'mypy'],
  ['pyrightconfig.json', 'typeChecker', 'pyright'],
  ['tsconfig.json', 'typeChecker', 'tsc'],
  ['biome.json', 'linter', 'biome'],
  ['biome.jsonc', 'linter', 'biome'],
  ['phpstan.neon', 'linter', 'phpstan'],
  ['phpstan.neon.dist', 'linter', 'phpstan'],
  ['.credo.exs', 'linter', 'credo'],
  ['.formatter.exs', 'formatter', 'mix format'],
  ['analysis_options.yaml', 'linter', 'dart analyze'],
]

const MONOREPO_TOOLS: ReadonlyArray<readonly [string, string]> = [
  ['turbo.json', 'Turborepo'],
  ['nx.json', 'Nx'],
  ['lerna.json', 'Lerna'],
  ['rush.json', 'Rush'],
  ['pants.toml', 'Pants'],
]

/** Path-only facts for the unit directory (CI systems and nested Dockerfiles only at the analysis root). */
export function analyzeRepoFiles(ctx: UnitContext): void {
  const { out, dir, index } = ctx
  if (dir !== ctx.root) {
    analyzeUnitFiles(ctx)
    return
  }
  for (const p of index.paths) for (const [re, name] of CI_RULES) if (re.test(p)) out.addCi(name)
  analyzeUnitFiles(ctx)
  // Dockerfiles one or two levels down (services of a monorepo).
  for (const p of index.paths) {
    if (!isUnder(p, dir) || isVendoredPath(p)) continue
    const rel = relativeTo(p, dir)
    if (rel.split('/').length <= 3 && rel.includes('/') && /^Dockerfile(?:\..+)?$/.test(basename(p)) && !dirname(rel).startsWith('.')) out.addImportantFile(p)
  }
}

function analyzeUnitFiles(ctx: UnitContext): void {
  const { out, dir, index } = ctx
  for (const name of index.filesIn(dir)) {
    const p = joinPath(dir, name)
    if (LOCKFILES.has(name)) out.addLockfile(p)
    if (IMPORTANT.test(name) || IMPORTANT_EXACT.test(name)) out.addImportantFile(p)
  }
  for (const [name, kind, tool] of CONFIG_TOOLS) {
    if (!index.has(joinPath(dir, name))) continue
    if (kind === 'linter') out.addLinter(tool)
    else if (kind === 'formatter') out.addFormatter(tool)
    else out.addTypeChecker(tool)
    if (tool === 'biome') out.addFormatter('biome')
  }
  for (const [name, tool] of MONOREPO_TOOLS) if (index.has(joinPath(dir, name))) out.addBuildTool(tool, { file: joinPath(dir, name), detail: name })
  for (const conf of ['src-tauri/tauri.conf.json', 'src-tauri/Tauri.toml', 'tauri.conf.json']) {
    const p = joinPath(dir, conf)
    if (index.has(p)) out.addFramework({ name: 'Tauri', category: 'desktop', ecosystem: 'rust', evidence: { file: p, detail: 'Tauri configuration' } })
  }
}

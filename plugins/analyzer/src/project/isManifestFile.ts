// Which files analyzeProject reads: the orchestrator passes the text of exactly these.
import { basename, isVendoredPath } from './paths.ts'

const EXACT = new Set([
  'package.json', 'pnpm-workspace.yaml', 'lerna.json', 'deno.json', 'deno.jsonc',
  'pyproject.toml', 'Pipfile', 'setup.cfg', 'setup.py',
  'Cargo.toml', 'go.mod', 'go.work', 'pom.xml',
  'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts', 'libs.versions.toml',
  'Gemfile', 'Gemfile.lock', 'composer.json', 'mix.exs', 'pubspec.yaml', 'Package.swift',
  'Makefile', 'GNUmakefile', 'makefile', 'justfile', 'Justfile', '.justfile', 'CMakeLists.txt',
])

/** Manifests that make a directory a project of its own (used to find undeclared nested projects). */
const PRIMARY = new Set(['package.json', 'deno.json', 'deno.jsonc', 'pyproject.toml', 'Pipfile', 'setup.py', 'requirements.txt', 'Cargo.toml', 'go.mod', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'Gemfile', 'composer.json', 'mix.exs', 'pubspec.yaml', 'Package.swift'])

export function isManifestFile(path: string): boolean {
  if (isVendoredPath(path)) return false
  const name = basename(path)
  if (EXACT.has(name)) return name !== 'libs.versions.toml' || path.endsWith('gradle/libs.versions.toml')
  if (/^requirements.*\.(?:txt|in)$/.test(name)) return true
  if (/(?:^|\/)requirements\/[^/]+\.txt$/.test(path)) return true
  return /\.(?:csproj|fsproj|vbproj|sln|slnx)$/.test(name)
}

export function isPrimaryManifest(path: string): boolean {
  const name = basename(path)
  return PRIMARY.has(name) || /\.(?:csproj|fsproj|vbproj|sln|slnx)$/.test(name)
}

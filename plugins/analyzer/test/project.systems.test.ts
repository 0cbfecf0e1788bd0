import { describe, expect, it } from 'vitest'
import { analyzeProject } from '../src/project/analyzeProject.ts'
import { analyze, commands, framework, names } from './project.helpers.ts'

describe('Rust workspace (Axum + Tokio)', () => {
  const info = analyze({
    'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\nexclude = ["crates/skip"]\n\n[workspace.dependencies]\ntokio = { version = "1.36", features = ["full"] }\n',
    'Cargo.lock': '',
    'crates/server/Cargo.toml': '[package]\nname = "server"\n\n[dependencies]\naxum = "0.7.4"\ntokio = { workspace = true }\n\n[dev-dependencies]\ncriterion = "0.5"\n',
    'crates/server/src/main.rs': 'fn main() {}',
    'crates/core/Cargo.toml': '[package]\nname = "core"\n',
    'crates/core/src/lib.rs': '',
    'crates/skip/Cargo.toml': '[package]\nname = "skip"\n',
    'rustfmt.toml': '',
    '.gitlab-ci.yml': '',
  })

  it('finds members, frameworks and cargo commands', () => {
    expect(info.workspaces).toEqual(['crates/core', 'crates/server'])
    expect(framework(info, 'Axum')).toMatchObject({ version: '0.7.4', category: 'backend', ecosystem: 'rust', evidence: [{ file: 'crates/server/Cargo.toml', detail: 'dependency axum@0.7.4' }] })
    expect(framework(info, 'Tokio')?.evidence[0]).toEqual({ file: 'Cargo.toml', detail: 'dependency tokio@1.36' })
    expect(framework(info, 'Criterion')?.category).toBe('testing')
    expect(commands(info)).toEqual({ test: 'cargo test', lint: 'cargo clippy', format: 'cargo fmt', build: 'cargo build', typecheck: 'cargo check' })
    expect(info.commands.test?.source).toBe('Cargo.toml')
    expect(names(info.buildTools)).toEqual(['Cargo'])
    expect(info.linters).toContain('clippy')
    expect(info.formatters).toContain('rustfmt')
    expect(info.entryPoints.sort()).toEqual(['crates/core/src/lib.rs', 'crates/server/src/main.rs'])
    expect(info.ci).toEqual(['GitLab CI'])
    expect(info.lockfiles).toEqual(['Cargo.lock'])
  })
})

describe('Tauri app', () => {
  const info = analyze({
    'package.json': JSON.stringify({ scripts: { build: 'vite build', tauri: 'tauri' }, dependencies: { '@tauri-apps/api': '^1.5.0', react: '18.0.0' }, devDependencies: { '@tauri-apps/cli': '^1.5.0', vite: '5.0.0', typescript: '5.0.0' } }),
    'package-lock.json': '{}',
    'tsconfig.json': '{}',
    'src/main.tsx': '',
    'src-tauri/Cargo.toml': '[package]\nname = "app"\n[build-dependencies]\ntauri-build = "1"\n[dependencies]\ntauri = { version = "1.5", features = [] }\nserde = "1"\n',
    'src-tauri/tauri.conf.json': '{}',
    'src-tauri/src/main.rs': '',
  })

  it('detects Tauri from npm, the crate and its config; root commands come from package.json', () => {
    const tauri = framework(info, 'Tauri')
    expect(tauri?.category).toBe('desktop')
    expect(tauri?.evidence.map((e) => e.file).sort()).toEqual(['package.json', 'package.json', 'src-tauri/Cargo.toml', 'src-tauri/tauri.conf.json'])
    expect(names(info.buildTools)).toEqual(expect.arrayContaining(['npm', 'Vite', 'Cargo']))
    expect(commands(info)).toEqual({ test: 'cd src-tauri && cargo test', lint: 'cd src-tauri && cargo clippy', format: 'cd src-tauri && cargo fmt', build: 'npm run build', typecheck: 'npx tsc --noEmit' })
    expect(info.entryPoints).toEqual(expect.arrayContaining(['src/main.tsx', 'src-tauri/src/main.rs']))
  })
})

describe('Go (Gin + golangci-lint)', () => {
  const info = analyze({
    'go.mod': 'module example.com/svc\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n\tgithub.com/stretchr/testify v1.8.4\n\tgolang.org/x/net v0.20.0 // indirect\n)\n\nrequire github.com/spf13/cobra v1.8.0\n',
    'go.sum': '',
    '.golangci.yml': 'linters: {}',
    'main.go': 'package main',
    'cmd/worker/main.go': 'package main',
    'Makefile': 'build:\n\tgo build ./...\n',
    '.circleci/config.yml': '',
  })

  it('reads require blocks, frameworks and commands', () => {
    expect(framework(info, 'Gin')).toMatchObject({ version: '1.9.1', evidence: [{ file: 'go.mod', detail: 'require github.com/gin-gonic/gin@v1.9.1' }] })
    expect(names(info.frameworks)).toEqual(expect.arrayContaining(['Testify', 'Cobra']))
    expect(info.dependencies['go.mod']?.runtime).not.toHaveProperty('golang.org/x/net')
    expect(commands(info)).toEqual({ test: 'go test ./...', lint: 'golangci-lint run', format: 'gofmt -l .', build: 'make build', typecheck: 'go vet ./...' })
    expect(info.commands.build?.source).toBe('Makefile target build')
    expect(info.linters).toContain('golangci-lint')
    expect(info.formatters).toContain('gofmt')
    expect(info.entryPoints).toEqual(['main.go', 'cmd/worker/main.go'])
    expect(info.ci).toEqual(['CircleCI'])
    expect(names(info.buildTools)).toEqual(expect.arrayContaining(['Go modules', 'Make']))
  })

  it('go.work members', () => {
    const ws = analyze({ 'go.work': 'go 1.22\n\nuse (\n\t./api\n\t./lib // shared\n)\n', 'api/go.mod': 'module a\nrequire github.com/labstack/echo/v4 v4.11.0\n', 'lib/go.mod': 'module l\n' })
    expect(ws.workspaces).toEqual(['api', 'lib'])
    expect(framework(ws, 'Echo')?.version).toBe('4.11.0')
    expect(ws.commands.test?.command).toBe('go test ./...')
  })
})

describe('C project with Makefile and CMake', () => {
  const info = analyze({
    'CMakeLists.txt': 'cmake_minimum_required(VERSION 3.20)\nproject(demo C)\nenable_testing()\nfind_package(GTest REQUIRED)\nadd_test(NAME t COMMAND t)\n',
    'Makefile': '.PHONY: all test fmt\nCC := gcc\nall: demo\n\ndemo: main.c\n\t$(CC) -o demo main.c\n\ntest: demo\n\t./run-tests.sh\n\nfmt:\n\tclang-format -i *.c\n\n%.o: %.c\n\t$(CC) -c $<\n',
    'main.c': 'int main(){}',
    '.clang-format': '',
    'Jenkinsfile': '',
  })

  it('prefers Makefile targets and falls back to CMake', () => {
    expect(commands(info)).toEqual({ test: 'make test', lint: undefined, format: 'make fmt', build: 'make', typecheck: undefined })
    expect(info.commands.build?.source).toBe('Makefile target all')
    expect(names(info.buildTools)).toEqual(['Make', 'CMake'])
    expect(framework(info, 'GoogleTest')?.evidence[0]?.file).toBe('CMakeLists.txt')
    expect(info.formatters).toEqual(['clang-format'])
    expect(info.entryPoints).toEqual(['main.c'])
    expect(info.ci).toEqual(['Jenkins'])
  })

  it('CMake alone builds out of tree and runs ctest', () => {
    const cmake = analyze({ 'CMakeLists.txt': 'project(x)\nenable_testing()\n' })
    expect(commands(cmake)).toMatchObject({ build: 'cmake -S . -B build && cmake --build build', test: 'cmake -S . -B build && cmake --build build && ctest --test-dir build' })
  })
})

describe('malformed manifests never throw', () => {
  it('bad JSON, TOML, YAML, XML and a throwing reader', () => {
    const files = {
      'package.json': '{ "name": "x", ',
      'Cargo.toml': '[package\nname = ',
      'pyproject.toml': 'this is = = not toml',
      'pnpm-workspace.yaml': 'packages: [unclosed',
      'pubspec.yaml': ': : :\n  - [',
      'composer.json': 'null',
      'pom.xml': '<project><dependency><groupId>x',
      'go.mod': '\u0000\u0001garbage',
      'App.csproj': '<Project Sdk=',
      'lerna.json': '[]',
      'deno.json': '"string"',
      'mix.exs': 'defmodule',
      'Gemfile': 'gem',
      'build.gradle': 'dependencies { implementation(',
      'Makefile': ':\n:::',
    }
    expect(() => analyze(files)).not.toThrow()
    const info = analyze(files)
    expect(info.frameworks).toEqual([])
    const throwing = (): never => {
      throw new Error('unreadable')
    }
    expect(() => analyzeProject(Object.keys(files), throwing)).not.toThrow()
  })
})

import { describe, expect, it } from 'vitest'
import { analyzeProject } from '../src/project/analyzeProject.ts'
import { isManifestFile } from '../src/project/isManifestFile.ts'
import { analyze, commands, framework, names } from './project.helpers.ts'

describe('isManifestFile', () => {
  it('accepts manifests at any depth', () => {
    for (const p of ['package.json', 'apps/web/package.json', 'Cargo.toml', 'pyproject.toml', 'requirements-dev.txt', 'requirements/base.txt', 'setup.cfg', 'setup.py', 'Pipfile', 'go.mod', 'go.work', 'pom.xml', 'build.gradle.kts', 'settings.gradle', 'gradle/libs.versions.toml', 'Gemfile', 'Gemfile.lock', 'composer.json', 'src/App/App.csproj', 'Lib.fsproj', 'All.sln', 'mix.exs', 'CMakeLists.txt', 'Makefile', 'justfile', 'pnpm-workspace.yaml', 'lerna.json', 'deno.jsonc', 'pubspec.yaml', 'Package.swift']) {
      expect(isManifestFile(p), p).toBe(true)
    }
  })
  it('rejects vendored paths and files only detected by presence', () => {
    for (const p of ['node_modules/react/package.json', 'vendor/laravel/framework/composer.json', '.git/config', 'a/node_modules/x/Cargo.toml', 'src/index.ts', 'tsconfig.json', '.eslintrc.json', 'README.md', 'libs.versions.toml', 'package-lock.json', 'pnpm-lock.yaml', '.github/workflows/ci.yml']) {
      expect(isManifestFile(p), p).toBe(false)
    }
  })
})

describe('frontend, mobile and desktop frameworks', () => {
  it('Angular, Vue/Nuxt, SvelteKit, Astro, Remix, Solid, Electron, Expo, Hono, Koa, Jest, Mocha, Cypress', () => {
    const info = analyze({
      'package.json': JSON.stringify({
        dependencies: { '@angular/core': '17.1.0', nuxt: '3.10.0', '@sveltejs/kit': '2.0.0', astro: '4.3.0', '@remix-run/react': '2.5.0', 'solid-js': '1.8.0', electron: '28.0.0', expo: '50.0.0', 'react-native': '0.73.0', hono: '4.0.0', koa: '2.15.0' },
        devDependencies: { jest: '29.7.0', mocha: '10.0.0', cypress: '13.6.0' },
      }),
    })
    expect(names(info.frameworks).sort()).toEqual(['Angular', 'Astro', 'Cypress', 'Electron', 'Expo', 'Hono', 'Jest', 'Koa', 'Mocha', 'Nuxt', 'React Native', 'Remix', 'Solid', 'SvelteKit'])
    expect(framework(info, 'Electron')?.category).toBe('desktop')
    expect(framework(info, 'Expo')?.category).toBe('mobile')
    expect(info.commands.test).toEqual({ command: 'npx jest', source: 'package.json devDependency jest' })
  })
})

describe('Deno', () => {
  it('tasks, imports and deno commands', () => {
    const info = analyze({
      'deno.json': '{\n  // comment\n  "tasks": { "dev": "deno run -A main.ts", "test": "deno test -A" },\n  "imports": { "hono": "jsr:@hono/hono@^4.0.0" },\n}',
      'deno.lock': '',
      'main.ts': '',
    })
    expect(commands(info)).toEqual({ test: 'deno task test', lint: 'deno lint', format: 'deno fmt', build: undefined, typecheck: undefined })
    expect(framework(info, 'Hono')).toMatchObject({ version: '4.0.0', evidence: [{ file: 'deno.json', detail: 'import hono@^4.0.0' }] })
    expect(info.entryPoints).toEqual(['main.ts'])
    expect(info.lockfiles).toEqual(['deno.lock'])
  })
})

describe('undeclared nested projects', () => {
  it('merges frontend/ and backend/ and runs their commands in place; ignores fixtures and examples', () => {
    const info = analyze({
      'README.md': '',
      'docker-compose.yml': '',
      'frontend/package.json': JSON.stringify({ scripts: { test: 'vitest run', build: 'vite build' }, dependencies: { vue: '3.4.0' } }),
      'frontend/package-lock.json': '{}',
      'backend/requirements.txt': 'django==5.0\npytest\n',
      'backend/manage.py': '',
      'backend/Dockerfile': '',
      'examples/demo/package.json': JSON.stringify({ dependencies: { express: '4' } }),
      'test/fixtures/app/Cargo.toml': '[dependencies]\naxum = "0.7"\n',
    })
    expect(names(info.frameworks).sort()).toEqual(['Django', 'Vue', 'pytest'])
    expect(info.workspaces).toEqual([])
    expect(commands(info)).toMatchObject({ test: 'cd backend && pytest', build: 'cd frontend && npm run build' })
    expect(info.importantFiles).toEqual(expect.arrayContaining(['README.md', 'docker-compose.yml', 'backend/Dockerfile']))
    expect(info.entryPoints).toEqual(['backend/manage.py'])
  })
})

describe('performance', () => {
  it('analyzes a 60k-file monorepo quickly', () => {
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ workspaces: ['packages/*'], scripts: { test: 'vitest' } }),
      'package-lock.json': '{}',
    }
    for (let i = 0; i < 200; i++) {
      files[`packages/p${i}/package.json`] = JSON.stringify({ dependencies: { react: '18.0.0' }, scripts: { build: 'tsc' } })
      for (let j = 0; j < 300; j++) files[`packages/p${i}/src/dir${j % 10}/file${j}.ts`] = ''
    }
    const paths = Object.keys(files)
    const start = performance.now()
    const info = analyzeProject(paths, (p) => files[p])
    expect(performance.now() - start).toBeLessThan(3000)
    expect(info.workspaces).toHaveLength(200)
    expect(framework(info, 'React')?.evidence).toHaveLength(200)
    expect(info.commands.build?.command).toBe('npm run build --workspaces --if-present')
  })
})

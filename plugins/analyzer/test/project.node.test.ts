import { describe, expect, it } from 'vitest'
import { analyze, commands, framework, names } from './project.helpers.ts'

const nextApp = {
  'package.json': JSON.stringify({
    name: 'web',
    packageManager: 'pnpm@9.1.0',
    scripts: { dev: 'next dev', build: 'next build', lint: 'next lint', test: 'vitest run', format: 'prettier --write .' },
    dependencies: { next: '14.1.0', react: '^18.2.0', 'react-dom': '^18.2.0' },
    devDependencies: { vitest: '^1.2.0', eslint: '^8.56.0', prettier: '^3.2.0', typescript: '^5.3.3', '@playwright/test': '1.41.0' },
  }),
  'pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
  'tsconfig.json': '{ "compilerOptions": { "strict": true } // comment\n }',
  '.eslintrc.json': '{}',
  '.prettierrc': '{}',
  'README.md': '# web',
  'LICENSE': 'MIT',
  '.env.example': 'X=1',
  'Dockerfile': 'FROM node',
  '.github/workflows/ci.yml': 'on: push',
  'src/index.ts': 'export {}',
  'app/page.tsx': 'export default function Page() {}',
}

describe('Node project (pnpm + Next + Vitest + eslint + prettier + tsconfig)', () => {
  const info = analyze(nextApp)

  it('detects frameworks with evidence and versions', () => {
    expect(framework(info, 'Next.js')).toEqual({ name: 'Next.js', category: 'fullstack', ecosystem: 'javascript', version: '14.1.0', evidence: [{ file: 'package.json', detail: 'dependency next@14.1.0' }] })
    expect(framework(info, 'React')?.version).toBe('18.2.0')
    expect(framework(info, 'Vitest')?.evidence[0]).toEqual({ file: 'package.json', detail: 'devDependency vitest@^1.2.0' })
    expect(framework(info, 'Playwright')?.category).toBe('testing')
  })

  it('uses pnpm for scripts and exec', () => {
    expect(info.packageManagers).toEqual(['pnpm'])
    expect(names(info.buildTools)).toContain('pnpm')
    expect(commands(info)).toEqual({ test: 'pnpm test', lint: 'pnpm lint', format: 'pnpm format', build: 'pnpm build', typecheck: 'pnpm exec tsc --noEmit' })
    expect(info.commands.test?.source).toBe('package.json scripts.test')
    expect(info.commands.typecheck?.source).toBe('tsconfig.json')
  })

  it('reports tools, CI, lockfiles, entry points and important files', () => {
    expect(info.linters).toContain('eslint')
    expect(info.formatters).toContain('prettier')
    expect(info.typeCheckers).toContain('tsc')
    expect(info.ci).toEqual(['GitHub Actions'])
    expect(info.lockfiles).toEqual(['pnpm-lock.yaml'])
    expect(info.entryPoints).toEqual(['src/index.ts'])
    expect(info.importantFiles).toEqual(expect.arrayContaining(['README.md', 'LICENSE', '.env.example', 'Dockerfile', 'package.json']))
    expect(info.dependencies['package.json']?.runtime['next']).toBe('14.1.0')
    expect(info.dependencies['package.json']?.dev['vitest']).toBe('^1.2.0')
  })
})

describe('Node package managers and script spelling', () => {
  const pkg = (extra: object): string => JSON.stringify({ scripts: { test: 'jest', lint: 'eslint .', build: 'tsc', check: 'tsc --noEmit' }, devDependencies: { jest: '29.0.0' }, ...extra })

  it('npm: npm test / npm run x', () => {
    const info = analyze({ 'package.json': pkg({}), 'package-lock.json': '{}' })
    expect(commands(info)).toMatchObject({ test: 'npm test', lint: 'npm run lint', build: 'npm run build', typecheck: 'npm run check' })
    expect(info.packageManagers).toEqual(['npm'])
  })

  it('yarn: yarn build, but yarn run check (builtin)', () => {
    const info = analyze({ 'package.json': pkg({}), 'yarn.lock': '' })
    expect(commands(info)).toMatchObject({ test: 'yarn test', lint: 'yarn lint', build: 'yarn build', typecheck: 'yarn run check' })
  })

  it('bun: always bun run (bun test is the builtin runner)', () => {
    const info = analyze({ 'package.json': pkg({}), 'bun.lockb': '' })
    expect(commands(info)).toMatchObject({ test: 'bun run test', lint: 'bun run lint', build: 'bun run build' })
  })

  it('ignores the npm init placeholder test script and falls back to the test runner', () => {
    const info = analyze({ 'package.json': JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' }, devDependencies: { vitest: '1.0.0' } }) })
    expect(info.commands.test).toEqual({ command: 'npx vitest run', source: 'package.json devDependency vitest' })
  })

  it('infers biome lint/format and resolves exports to sources', () => {
    const info = analyze({
      'package.json': JSON.stringify({ exports: { '.': { import: './dist/index.js' } }, bin: { cli: './bin/cli.js' }, devDependencies: { '@biomejs/biome': '1.5.0' } }),
      'biome.json': '{}',
      'src/index.ts': '',
      'bin/cli.js': '',
    })
    expect(commands(info)).toMatchObject({ lint: 'npx biome lint .', format: 'npx biome format --write .' })
    expect(info.linters).toContain('biome')
    expect(info.formatters).toContain('biome')
    expect(info.entryPoints.sort()).toEqual(['bin/cli.js', 'src/index.ts'])
  })
})

describe('Node monorepo', () => {
  const files = {
    'package.json': JSON.stringify({ private: true, scripts: { build: 'turbo run build' }, devDependencies: { turbo: '1.12.0' } }),
    'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - "packages/*"\n  - "!packages/ignored"\n',
    'pnpm-lock.yaml': '',
    'turbo.json': '{}',
    'apps/web/package.json': JSON.stringify({ name: 'web', scripts: { test: 'vitest' }, dependencies: { react: '18.2.0', vue: '3.4.0' } }),
    'apps/api/package.json': JSON.stringify({ name: 'api', dependencies: { fastify: '4.26.0', '@nestjs/core': '10.0.0' } }),
    'apps/docs/README.md': 'no package.json here',
    'packages/ui/package.json': JSON.stringify({ name: 'ui', dependencies: { svelte: '4.0.0' } }),
    'packages/ignored/package.json': '{}',
    'node_modules/express/package.json': JSON.stringify({ dependencies: { express: '1' } }),
  }

  it('expands workspace globs and merges member frameworks with member evidence', () => {
    const info = analyze(files)
    expect(info.workspaces).toEqual(['apps/api', 'apps/web', 'packages/ui'])
    expect(framework(info, 'React')?.evidence).toEqual([{ file: 'apps/web/package.json', detail: 'dependency react@18.2.0' }])
    expect(names(info.frameworks)).toEqual(expect.arrayContaining(['Vue', 'Fastify', 'NestJS', 'Svelte']))
    expect(framework(info, 'Express')).toBeUndefined()
    expect(names(info.buildTools)).toEqual(expect.arrayContaining(['pnpm', 'Turborepo']))
    expect(info.commands.build).toEqual({ command: 'pnpm build', source: 'package.json scripts.build' })
    expect(info.commands.test).toEqual({ command: 'pnpm -r run test', source: 'workspace members scripts.test' })
  })

  it('package.json workspaces ({ packages }) and analyzeWorkspace for one member', () => {
    const info = analyze({
      'package.json': JSON.stringify({ workspaces: { packages: ['packages/*'] } }),
      'yarn.lock': '',
      'packages/a/package.json': JSON.stringify({ scripts: { test: 'jest' }, dependencies: { express: '4.18.2' } }),
    })
    expect(info.workspaces).toEqual(['packages/a'])
    const member = analyze({
      'package.json': JSON.stringify({ workspaces: ['packages/*'] }),
      'yarn.lock': '',
      'packages/a/package.json': JSON.stringify({ scripts: { test: 'jest' }, dependencies: { express: '4.18.2' } }),
      'packages/b/package.json': JSON.stringify({ dependencies: { koa: '2.0.0' } }),
    }, 'packages/a')
    expect(member.commands.test).toEqual({ command: 'yarn test', source: 'packages/a/package.json scripts.test' })
    expect(names(member.frameworks)).toEqual(['Express'])
    expect(member.packageManagers).toEqual(['yarn'])
  })
})

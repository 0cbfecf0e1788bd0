// Real fixture repositories for the loop's tests, made in temp dirs: small JavaScript and TypeScript projects
// whose lint rule fails (a `var`) and which lack a test for one module, and a small Python project. Helpers read the
// user's tree exactly (status, index, HEAD, file bytes) so a test can prove it was not touched.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const gitEnv = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' }

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...gitEnv } })
}

const LINT = `// Fails on \`var\`: prints file:line:col: message lines like eslint's unix format.
import { readdirSync, readFileSync } from 'node:fs'
let problems = 0
for (const f of readdirSync('src')) {
  readFileSync('src/' + f, 'utf8').split('\\n').forEach((line, i) => {
    const at = line.search(/\\bvar\\b/)
    if (at >= 0) { problems++; console.log('src/' + f + ':' + (i + 1) + ':' + (at + 1) + ': Unexpected var, use let or const [Error/no-var]') }
  })
}
console.log(problems ? '\\n' + problems + ' problem' + (problems === 1 ? '' : 's') : 'no problems')
process.exit(problems ? 1 : 0)
`

export const JS_FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'calc', version: '1.0.0', private: true, scripts: { test: 'node --test', lint: 'node lint.mjs' } }, null, 2) + '\n',
  'lint.mjs': LINT,
  'src/add.js': 'module.exports = function add(a, b) {\n  var sum = a + b\n  return sum\n}\n',
  'src/sub.js': 'module.exports = function sub(a, b) {\n  return a - b\n}\n',
  'test/add.test.js': "const test = require('node:test')\nconst assert = require('node:assert')\nconst add = require('../src/add.js')\n\ntest('adds', () => assert.strictEqual(add(2, 3), 5))\n",
  'README.md': '# calc\n\nAdds and subtracts.\n',
  '.gitignore': 'node_modules/\n',
}

const LINT_TS = LINT.replace("readdirSync('src')", "readdirSync('src').filter((f) => f.endsWith('.ts'))")

/** TypeScript run by Node's type stripping (node --test), type-checked by tsc (put on node_modules/.bin by withTsc). */
export const TS_FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'calc-ts', version: '1.0.0', private: true, type: 'module', scripts: { test: 'node --test', lint: 'node lint.mjs', typecheck: 'tsc --noEmit' } }, null, 2) + '\n',
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', target: 'es2022', allowImportingTsExtensions: true, types: [] }, include: ['src'] }) + '\n',
  'lint.mjs': LINT_TS,
  'src/add.ts': 'export function add(a: number, b: number): number {\n  var sum = a + b\n  return sum\n}\n',
  'src/sub.ts': 'export function sub(a: number, b: number): number {\n  return a - b\n}\n',
  'test/add.test.ts': "import { test } from 'node:test'\nimport assert from 'node:assert'\nimport { add } from '../src/add.ts'\n\ntest('adds', () => assert.strictEqual(add(2, 3), 5))\n",
  '.gitignore': 'node_modules/\n',
}

/** node_modules/.bin/tsc in the repository (untracked, as an installed dependency is): this checkout's TypeScript. */
export function withTsc(dir: string): void {
  const tsc = fileURLToPath(new URL('../../../node_modules/.bin/tsc', import.meta.url))
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true })
  writeFileSync(join(dir, 'node_modules/.bin/tsc'), `#!/bin/sh\nexec "${tsc}" "$@"\n`)
  chmodSync(join(dir, 'node_modules/.bin/tsc'), 0o755)
}

export const PY_FILES: Record<string, string> = {
  'Makefile': 'test:\n\tpython3 -m unittest discover -s tests -v\n\nlint:\n\tpython3 lint.py\n',
  'lint.py': "import pathlib, sys\nproblems = [f'{p}:{i}:1: E999 bare except' for p in pathlib.Path('calc').glob('*.py') for i, l in enumerate(p.read_text().splitlines(), 1) if l.strip() == 'except:']\nprint('\\n'.join(problems) or 'no problems')\nsys.exit(1 if problems else 0)\n",
  'calc/__init__.py': '',
  'calc/parse.py': 'def parse(text):\n    try:\n        return int(text)\n    except:\n        return None\n',
  'tests/__init__.py': '',
  'tests/test_parse.py': 'import unittest\nfrom calc.parse import parse\n\n\nclass ParseTest(unittest.TestCase):\n    def test_number(self):\n        self.assertEqual(parse("4"), 4)\n\n\nif __name__ == "__main__":\n    unittest.main()\n',
  '.gitignore': '__pycache__/\n.mmm/\n',
}

/** A committed repository with these files, in a new temp dir. */
export function makeRepo(files: Record<string, string>, prefix = 'mmm-loop-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-qm', 'initial')
  return dir
}

/** Everything about the user's tree a change could touch: HEAD, branch, status, index, and every file's hash (outside .git and .mmm). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {
    head: git(dir, 'rev-parse', 'HEAD'),
    branch: git(dir, 'branch', '--show-current'),
    // mmm's own folder (state, worktrees) is the tool's, not the user's work.
    status: git(dir, 'status', '--porcelain=v1', '--untracked-files=all').split('\n').filter((l) => !l.startsWith('?? .mmm/')).join('\n'),
    index: git(dir, 'ls-files', '--stage'),
    staged: git(dir, 'diff', '--cached'),
  }
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const p = rel ? `${rel}/${name}` : name
      if (p === '.git' || p === '.mmm') continue
      if (statSync(join(dir, p)).isDirectory()) walk(p)
      else out[`file:${p}`] = createHash('sha256').update(readFileSync(join(dir, p))).digest('hex')
    }
  }
  walk('')
  return out
}

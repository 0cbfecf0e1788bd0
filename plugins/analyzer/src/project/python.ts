// Python projects: dependencies, frameworks, project manager (uv/poetry/pdm/pipenv/hatch/pip), tools, commands.
import { PRIORITY, type UnitContext } from './collector.ts'
import { detectFrameworks } from './frameworks.ts'
import { expandGlobs } from './glob.ts'
import { asRecord, asString, asStringArray, getPath } from './parse.ts'
import { isUnder, joinPath } from './paths.ts'
import { readPythonFacts } from './pythonManifests.ts'

const MANAGER_NAMES: Record<string, string> = { uv: 'uv', poetry: 'Poetry', pdm: 'PDM', pipenv: 'Pipenv', hatch: 'Hatch', setuptools: 'setuptools', pip: 'pip' }
/** Managers that run tools inside the project's environment, in order of precedence. */
const RUNNERS = ['uv', 'poetry', 'pdm', 'pipenv'] as const

export function analyzePython(ctx: UnitContext): void {
  const { out, dir, index } = ctx
  const facts = readPythonFacts(index, ctx.read, dir)
  if (facts.manifests.length === 0 && facts.pyproject === undefined) return

  const deps = new Set<string>()
  for (const m of facts.manifests) {
    out.addDependencies(m.file, m.runtime, m.dev)
    detectFrameworks(out, 'pypi', m.file, m.runtime)
    detectFrameworks(out, 'pypi', m.file, m.dev, 'devDependency')
    for (const name of [...Object.keys(m.runtime), ...Object.keys(m.dev)]) deps.add(name)
  }
  for (const [key, evidence] of facts.managers) {
    out.addBuildTool(MANAGER_NAMES[key] ?? key, evidence)
    out.addPackageManager(key)
  }
  const runner = RUNNERS.find((r) => facts.managers.has(r))
  const run = (cmd: string): string => (runner === undefined ? cmd : `${runner} run ${cmd}`)
  const uses = (tool: string): boolean => facts.configured.has(tool) || deps.has(tool)
  const why = (tool: string): string => {
    const e = facts.configured.get(tool)
    if (e !== undefined) return `${e.file} ${e.detail}`
    const m = facts.manifests.find((x) => tool in x.runtime || tool in x.dev)
    return `${m?.file ?? 'python'} dependency ${tool}`
  }
  const offer = (kind: 'test' | 'lint' | 'format' | 'build' | 'typecheck', cmd: string, source: string): void => out.offerCommand(kind, run(cmd), source, PRIORITY.inferred + 3)

  // Test
  if (uses('pytest')) {
    offer('test', 'pytest', why('pytest'))
    if (!deps.has('pytest')) out.addFramework({ name: 'pytest', category: 'testing', ecosystem: 'python', evidence: facts.configured.get('pytest')! })
  } else if (index.paths.some((p) => isUnder(p, dir) && /(?:^|\/)test_[^/]*\.py$/.test(p))) {
    offer('test', 'python -m unittest discover', 'test_*.py files')
  }
  // Lint, format, typecheck
  if (uses('ruff')) out.addLinter('ruff')
  if (uses('flake8')) out.addLinter('flake8')
  if (uses('pylint')) out.addLinter('pylint')
  if (uses('ruff')) offer('lint', 'ruff check .', why('ruff'))
  else if (uses('flake8')) offer('lint', 'flake8', why('flake8'))
  else if (uses('pylint')) offer('lint', 'pylint --recursive=y .', why('pylint'))
  if (uses('black')) {
    out.addFormatter('black')
    offer('format', 'black .', why('black'))
  } else if (uses('ruff')) {
    out.addFormatter('ruff')
    offer('format', 'ruff format .', facts.configured.has('ruff-format') ? why('ruff-format') : why('ruff'))
  }
  if (uses('isort')) out.addFormatter('isort')
  if (uses('mypy')) {
    out.addTypeChecker('mypy')
    offer('typecheck', 'mypy .', why('mypy'))
  }
  for (const checker of ['pyright', 'basedpyright']) {
    if (!uses(checker)) continue
    out.addTypeChecker(checker)
    offer('typecheck', checker, why(checker))
  }
  // Build
  const py = facts.pyproject
  const uvMembers = asStringArray(getPath(py, 'tool', 'uv', 'workspace', 'members'))
  if (uvMembers.length > 0) out.addWorkspaces(expandGlobs(index, dir, uvMembers, 'pyproject.toml').filter((d) => d !== dir))
  const pyFile = joinPath(dir, 'pyproject.toml')
  if (runner === 'uv' || runner === 'poetry' || runner === 'pdm') out.offerCommand('build', `${runner} build`, `${facts.managers.get(runner)!.file} ${facts.managers.get(runner)!.detail}`, PRIORITY.inferred + 3)
  else if (facts.managers.has('hatch')) out.offerCommand('build', 'hatch build', pyFile, PRIORITY.inferred + 3)
  else if (py !== undefined && asRecord(py['build-system']) !== undefined) out.offerCommand('build', 'python -m build', `${pyFile} [build-system]`, PRIORITY.inferred + 3)

  entryPoints(ctx, py)
}

function entryPoints(ctx: UnitContext, py: Record<string, unknown> | undefined): void {
  const { dir, index, out } = ctx
  for (const name of ['manage.py', 'app.py', 'main.py', 'wsgi.py', 'asgi.py', '__main__.py']) {
    const p = joinPath(dir, name)
    if (index.has(p)) out.addEntryPoint(p)
  }
  for (const base of [dir, joinPath(dir, 'src')]) {
    for (const pkg of index.dirs) {
      if (pkg.startsWith(base === '' ? '' : `${base}/`) && !pkg.slice(base === '' ? 0 : base.length + 1).includes('/') && index.has(`${pkg}/__main__.py`)) out.addEntryPoint(`${pkg}/__main__.py`)
    }
  }
  // [project.scripts] name = "pkg.module:func"
  for (const target of Object.values(asRecord(getPath(py, 'project', 'scripts')) ?? {})) {
    const mod = asString(target)?.split(':')[0]
    if (mod === undefined) continue
    const rel = mod.replace(/\./g, '/')
    for (const candidate of [`${rel}.py`, `${rel}/__init__.py`, `src/${rel}.py`, `src/${rel}/__init__.py`]) {
      const p = joinPath(dir, candidate)
      if (index.has(p)) {
        out.addEntryPoint(p)
        break
      }
    }
  }
}

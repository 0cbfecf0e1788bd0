// Reads Python manifests (pyproject.toml, requirements*.txt, Pipfile, setup.cfg, setup.py) into dependencies and tool facts.
import type { Evidence } from '../types.ts'
import { asRecord, asString, asStringArray, getPath, parseToml, stringMap, type JsonRecord } from './parse.ts'
import { joinPath, type PathIndex } from './paths.ts'

export interface PythonFacts {
  /** manifest path → deps */
  manifests: Array<{ file: string; runtime: Record<string, string>; dev: Record<string, string> }>
  pyproject?: JsonRecord | undefined
  /** Tool sections or config files present: 'pytest', 'ruff', 'ruff-format', 'black', 'mypy', 'pyright', 'flake8', 'pylint', 'isort'. */
  configured: Map<string, Evidence>
  /** Project managers: uv, poetry, pdm, pipenv, hatch, setuptools, pip. */
  managers: Map<string, Evidence>
}

/** PEP 508 requirement → [normalized name, version spec]. */
export function parseRequirement(line: string): [string, string] | undefined {
  const s = line.replace(/\s+#.*$/, '').trim()
  if (s === '' || s.startsWith('#') || s.startsWith('-') || s.includes('://')) return undefined
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*)/.exec(s)
  if (m === null) return undefined
  return [normalizeName(m[1]!), m[2]!.trim().replace(/^\(|\)$/g, '')]
}

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[._]+/g, '-')
}

function requirementMap(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of lines) {
    const r = parseRequirement(line)
    if (r !== undefined) out[r[0]] = r[1]
  }
  return out
}

/** Poetry/Pipfile style tables: { django = "^4.2", foo = { version = "1" } }. */
function tableDeps(value: unknown): Record<string, string> {
  const raw = stringMap(value, (v) => asString(asRecord(v)?.['version']) ?? '')
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(raw)) if (k.toLowerCase() !== 'python') out[normalizeName(k)] = v
  return out
}

const isDevFile = (name: string): boolean => /dev|test|lint|ci|doc/i.test(name)

export function readPythonFacts(index: PathIndex, read: (p: string) => string | undefined, dir: string): PythonFacts {
  const facts: PythonFacts = { manifests: [], configured: new Map(), managers: new Map() }
  const files = index.filesIn(dir)
  const note = (map: Map<string, Evidence>, key: string, file: string, detail: string): void => {
    if (!map.has(key)) map.set(key, { file, detail })
  }

  const pyFile = joinPath(dir, 'pyproject.toml')
  const py = files.includes('pyproject.toml') ? parseToml(read(pyFile)) : undefined
  if (py !== undefined) {
    facts.pyproject = py
    const runtime = requirementMap(asStringArray(getPath(py, 'project', 'dependencies')))
    const dev: Record<string, string> = {}
    for (const list of Object.values(asRecord(getPath(py, 'project', 'optional-dependencies')) ?? {})) Object.assign(dev, requirementMap(asStringArray(list)))
    for (const list of Object.values(asRecord(py['dependency-groups']) ?? {})) Object.assign(dev, requirementMap(asStringArray(list)))
    Object.assign(dev, requirementMap(asStringArray(getPath(py, 'tool', 'uv', 'dev-dependencies'))))
    Object.assign(runtime, tableDeps(getPath(py, 'tool', 'poetry', 'dependencies')))
    Object.assign(dev, tableDeps(getPath(py, 'tool', 'poetry', 'dev-dependencies')))
    for (const group of Object.values(asRecord(getPath(py, 'tool', 'poetry', 'group')) ?? {})) Object.assign(dev, tableDeps(getPath(group, 'dependencies')))
    for (const list of Object.values(asRecord(getPath(py, 'tool', 'pdm', 'dev-dependencies')) ?? {})) Object.assign(dev, requirementMap(asStringArray(list)))
    facts.manifests.push({ file: pyFile, runtime, dev })

    const tool = asRecord(py['tool']) ?? {}
    if ('pytest' in tool) note(facts.configured, 'pytest', pyFile, '[tool.pytest]')
    if ('ruff' in tool) note(facts.configured, 'ruff', pyFile, '[tool.ruff]')
    if (getPath(tool, 'ruff', 'format') !== undefined) note(facts.configured, 'ruff-format', pyFile, '[tool.ruff.format]')
    for (const t of ['black', 'mypy', 'pyright', 'basedpyright', 'pylint', 'isort']) if (t in tool) note(facts.configured, t, pyFile, `[tool.${t}]`)
    if ('poetry' in tool) note(facts.managers, 'poetry', pyFile, '[tool.poetry]')
    if ('uv' in tool) note(facts.managers, 'uv', pyFile, '[tool.uv]')
    if ('pdm' in tool) note(facts.managers, 'pdm', pyFile, '[tool.pdm]')
    if ('hatch' in tool) note(facts.managers, 'hatch', pyFile, '[tool.hatch]')
    const backend = asString(getPath(py, 'build-system', 'build-backend')) ?? ''
    if (backend.startsWith('poetry')) note(facts.managers, 'poetry', pyFile, `build-backend ${backend}`)
    else if (backend.startsWith('hatchling')) note(facts.managers, 'hatch', pyFile, `build-backend ${backend}`)
    else if (backend.startsWith('pdm')) note(facts.managers, 'pdm', pyFile, `build-backend ${backend}`)
    else if (backend.startsWith('setuptools')) note(facts.managers, 'setuptools', pyFile, `build-backend ${backend}`)
    else if (backend.startsWith('uv_build')) note(facts.managers, 'uv', pyFile, `build-backend ${backend}`)
  }

  const lockManagers: ReadonlyArray<readonly [string, string]> = [['uv.lock', 'uv'], ['poetry.lock', 'poetry'], ['pdm.lock', 'pdm'], ['Pipfile.lock', 'pipenv']]
  for (const [lock, manager] of lockManagers) if (files.includes(lock)) note(facts.managers, manager, joinPath(dir, lock), 'lockfile')

  const reqFiles = files.filter((f) => /^requirements.*\.(?:txt|in)$/.test(f)).map((f) => joinPath(dir, f))
  if (index.hasDir(joinPath(dir, 'requirements'))) reqFiles.push(...index.filesIn(joinPath(dir, 'requirements')).filter((f) => f.endsWith('.txt')).map((f) => joinPath(dir, `requirements/${f}`)))
  for (const file of reqFiles) {
    const text = read(file)
    if (text === undefined) continue
    const deps = requirementMap(text.split('\n'))
    facts.manifests.push(isDevFile(file.slice(dir.length)) ? { file, runtime: {}, dev: deps } : { file, runtime: deps, dev: {} })
    note(facts.managers, 'pip', file, 'requirements file')
  }

  if (files.includes('Pipfile')) {
    const file = joinPath(dir, 'Pipfile')
    const pip = parseToml(read(file))
    if (pip !== undefined) facts.manifests.push({ file, runtime: tableDeps(pip['packages']), dev: tableDeps(pip['dev-packages']) })
    note(facts.managers, 'pipenv', file, 'Pipfile')
  }

  if (files.includes('setup.cfg')) {
    const file = joinPath(dir, 'setup.cfg')
    const text = read(file) ?? ''
    const sections = iniSections(text)
    const install = sections.get('options')?.get('install_requires')
    if (install !== undefined) facts.manifests.push({ file, runtime: requirementMap(install.split('\n')), dev: {} })
    if (sections.has('tool:pytest')) note(facts.configured, 'pytest', file, '[tool:pytest]')
    if (sections.has('flake8')) note(facts.configured, 'flake8', file, '[flake8]')
    if (sections.has('mypy')) note(facts.configured, 'mypy', file, '[mypy]')
    if (sections.has('metadata') || sections.has('options')) note(facts.managers, 'setuptools', file, 'setup.cfg')
  }
  if (files.includes('setup.py')) {
    const file = joinPath(dir, 'setup.py')
    const m = /install_requires\s*=\s*\[([^\]]*)\]/.exec(read(file) ?? '')
    if (m !== null) facts.manifests.push({ file, runtime: requirementMap([...m[1]!.matchAll(/["']([^"']+)["']/g)].map((x) => x[1]!)), dev: {} })
    note(facts.managers, 'setuptools', file, 'setup.py')
  }

  // Config files by presence.
  const present: ReadonlyArray<readonly [string, string]> = [
    ['pytest.ini', 'pytest'], ['conftest.py', 'pytest'], ['ruff.toml', 'ruff'], ['.ruff.toml', 'ruff'], ['.flake8', 'flake8'],
    ['mypy.ini', 'mypy'], ['.mypy.ini', 'mypy'], ['pyrightconfig.json', 'pyright'], ['.pylintrc', 'pylint'], ['pylintrc', 'pylint'], ['.isort.cfg', 'isort'],
  ]
  for (const [name, tool] of present) if (files.includes(name)) note(facts.configured, tool, joinPath(dir, name), 'config file')
  if (index.has(joinPath(dir, 'tests/conftest.py'))) note(facts.configured, 'pytest', joinPath(dir, 'tests/conftest.py'), 'config file')
  return facts
}

/** Minimal INI reader: section → key → value (continuation lines joined with "\n"). */
function iniSections(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>()
  let current: Map<string, string> | undefined
  let lastKey: string | undefined
  for (const line of text.split('\n')) {
    const header = /^\[([^\]]+)\]/.exec(line)
    if (header !== null) {
      current = new Map()
      sections.set(header[1]!.trim(), current)
      lastKey = undefined
      continue
    }
    if (current === undefined || /^\s*[#;]/.test(line)) continue
    if (/^\s+\S/.test(line) && lastKey !== undefined) {
      current.set(lastKey, `${current.get(lastKey) ?? ''}\n${line.trim()}`)
      continue
    }
    const kv = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(line)
    if (kv !== null) {
      lastKey = kv[1]!
      current.set(lastKey, kv[2]!.trim())
    }
  }
  return sections
}

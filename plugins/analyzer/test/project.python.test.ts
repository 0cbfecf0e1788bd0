import { describe, expect, it } from 'vitest'
import { analyze, commands, framework, names } from './project.helpers.ts'

describe('Python uv project (FastAPI + pytest + ruff + mypy)', () => {
  const info = analyze({
    'pyproject.toml': [
      '[project]',
      'name = "svc"',
      'dependencies = ["fastapi[standard]>=0.110.0", "pydantic>=2", "numpy==1.26.4; python_version>\'3.9\'"]',
      '[project.scripts]',
      'svc = "svc.cli:main"',
      '[dependency-groups]',
      'dev = ["pytest>=8.0", "ruff==0.3.0", "mypy"]',
      '[build-system]',
      'requires = ["hatchling"]',
      'build-backend = "hatchling.build"',
      '[tool.ruff]',
      'line-length = 100',
      '[tool.mypy]',
      'strict = true',
      '[tool.pytest.ini_options]',
      'testpaths = ["tests"]',
    ].join('\n'),
    'uv.lock': '',
    'src/svc/__init__.py': '',
    'src/svc/__main__.py': '',
    'src/svc/cli.py': '',
    'tests/test_api.py': '',
  })

  it('frameworks with evidence', () => {
    expect(framework(info, 'FastAPI')).toMatchObject({ version: '0.110.0', ecosystem: 'python', category: 'backend', evidence: [{ file: 'pyproject.toml', detail: 'dependency fastapi@>=0.110.0' }] })
    expect(framework(info, 'NumPy')?.version).toBe('1.26.4')
    expect(framework(info, 'pytest')?.evidence[0]?.detail).toBe('devDependency pytest@>=8.0')
  })

  it('commands run through uv', () => {
    expect(commands(info)).toEqual({ test: 'uv run pytest', lint: 'uv run ruff check .', format: 'uv run ruff format .', build: 'uv build', typecheck: 'uv run mypy .' })
    expect(info.commands.test?.source).toBe('pyproject.toml [tool.pytest]')
    expect(info.packageManagers).toEqual(expect.arrayContaining(['uv', 'hatch']))
    expect(names(info.buildTools)).toEqual(expect.arrayContaining(['uv', 'Hatch']))
  })

  it('tools, deps, entry points', () => {
    expect(info.linters).toEqual(['ruff'])
    expect(info.formatters).toEqual(['ruff'])
    expect(info.typeCheckers).toEqual(['mypy'])
    expect(info.dependencies['pyproject.toml']?.runtime).toEqual({ fastapi: '>=0.110.0', pydantic: '>=2', numpy: '==1.26.4' })
    expect(info.dependencies['pyproject.toml']?.dev).toEqual({ pytest: '>=8.0', ruff: '==0.3.0', mypy: '' })
    expect(info.entryPoints).toEqual(['src/svc/__main__.py', 'src/svc/cli.py'])
    expect(info.lockfiles).toEqual(['uv.lock'])
  })
})

describe('Python poetry project (Django)', () => {
  const info = analyze({
    'pyproject.toml': '[tool.poetry]\nname = "site"\n[tool.poetry.dependencies]\npython = "^3.11"\nDjango = "^5.0.2"\ncelery = { version = "5.3", extras = ["redis"] }\n[tool.poetry.group.dev.dependencies]\npytest-django = "*"\npytest = "^8"\nblack = "24.1"\nflake8 = "7"\n[build-system]\nbuild-backend = "poetry.core.masonry.api"\n',
    'poetry.lock': '',
    'manage.py': '',
    'setup.cfg': '[flake8]\nmax-line-length = 100\n',
  })

  it('frameworks, poetry-prefixed commands', () => {
    expect(framework(info, 'Django')).toMatchObject({ version: '5.0.2', evidence: [{ file: 'pyproject.toml', detail: 'dependency django@^5.0.2' }] })
    expect(framework(info, 'Celery')?.version).toBe('5.3')
    expect(commands(info)).toEqual({ test: 'poetry run pytest', lint: 'poetry run flake8', format: 'poetry run black .', build: 'poetry build', typecheck: undefined })
    expect(info.linters).toEqual(['flake8'])
    expect(info.formatters).toEqual(['black'])
    expect(info.entryPoints).toEqual(['manage.py'])
    expect(info.dependencies['pyproject.toml']?.runtime).not.toHaveProperty('python')
  })
})

describe('Python requirements.txt project', () => {
  it('plain commands, dev requirements, Flask', () => {
    const info = analyze({
      'requirements.txt': '# web\nFlask==3.0.2\nrequests>=2 # http\n-r other.txt\ngit+https://github.com/x/y.git\n',
      'requirements-dev.txt': 'pytest\npylint\npyright\n',
      'app.py': '',
    })
    expect(framework(info, 'Flask')).toMatchObject({ version: '3.0.2', evidence: [{ file: 'requirements.txt', detail: 'dependency flask@==3.0.2' }] })
    expect(commands(info)).toEqual({ test: 'pytest', lint: 'pylint --recursive=y .', format: undefined, build: undefined, typecheck: 'pyright' })
    expect(info.dependencies['requirements-dev.txt']?.dev).toEqual({ pytest: '', pylint: '', pyright: '' })
    expect(info.entryPoints).toEqual(['app.py'])
    expect(info.packageManagers).toEqual(['pip'])
  })
})

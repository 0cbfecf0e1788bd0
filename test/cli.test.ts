// The mmm CLI as a user runs it: a real process in a temp project, exit codes 0/1/2, --json purity.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const repo = fileURLToPath(new URL('..', import.meta.url))
const main = join(repo, 'kernel/src/cli/main.ts')
const hello = join(repo, 'plugins/hello')
let dir: string

function mmm(args: string[], o: { input?: string; env?: Record<string, string>; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [main, ...args], {
    cwd: o.cwd ?? dir,
    input: o.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg'), NO_COLOR: '1', ...o.env },
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-cli-')))
  writeFileSync(join(dir, 'mmm.config.json'), JSON.stringify({ plugins: [[hello, { greeting: 'Hey' }]] }))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('mmm CLI', () => {
  it('--help lists the commands and exits 0', () => {
    const r = mmm(['--help'])
    expect(r.code).toBe(0)
    for (const c of ['tools', 'call', 'plugin', 'history', 'config']) expect(r.stdout).toContain(c)
  })

  it('an unknown flag or command is exit 2 with a hint', () => {
    expect(mmm(['--bogus']).code).toBe(2)
    const r = mmm(['frobnicate'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/unknown command "frobnicate".*MMM_USAGE/)
    // Names of Object.prototype are unknown commands too, not a crash.
    for (const w of ['toString', 'constructor', '__proto__']) expect(mmm([w]).stderr).toMatch(new RegExp(`unknown command "${w}".*MMM_USAGE`))
    // A first-party short form whose plugin the config does not load says which plugin to add.
    const improve = mmm(['improve'])
    expect(improve.code).toBe(2)
    expect(improve.stderr).toMatch(/mmm improve comes from the loop plugin \(@mmm\/plugin-loop\).*preset-recommended.*MMM_USAGE/)
    // So does a first-party plugin's own command (`mmm workflow list`), naming the preset that loads it.
    const workflow = mmm(['workflow', 'list'])
    expect(workflow.code).toBe(2)
    expect(workflow.stderr).toMatch(/mmm workflow comes from the workflow plugin \(@mmm\/plugin-workflow\).*'@mmm\/preset-workflows'.*docs\/workflows\.md.*MMM_USAGE/)
    expect(mmm(['spec', 'list']).stderr).toMatch(/mmm spec comes from the spec plugin.*'@mmm\/preset-workflows'.*docs\/specs\.md/)
  })

  it('mmm <plugin> --help lists its commands (exit 0); without a command, or with one it lacks, the list and exit 2', () => {
    const kit = join(dir, 'kit')
    mkdirSync(kit, { recursive: true })
    writeFileSync(join(kit, 'kit.js'), `export default { name: 'kit', setup(ctx) {
      ctx.tool('pack', { description: 'Pack the things. Then more words that the list leaves out.' }, () => 1)
      ctx.tool('unpack', { description: 'Unpack them' }, () => 2)
    } }`)
    writeFileSync(join(kit, 'mmm.config.json'), JSON.stringify({ plugins: ['./kit.js'] }))
    const help = mmm(['kit', '--help'], { cwd: kit })
    expect(help.code).toBe(0)
    expect(help.stdout).toBe('Usage: mmm kit <command> [flags]\n\nCommands (the tools of the kit plugin):\n  pack    Pack the things.\n  unpack  Unpack them\n\nmmm kit <command> --help lists a command\'s flags; --json prints its result as JSON.\n')
    const bare = mmm(['kit'], { cwd: kit })
    expect(bare.code).toBe(2)
    expect(bare.stderr).toContain('  pack    Pack the things.\n')
    expect(bare.stderr).toMatch(/mmm kit needs a command: pack, unpack \[MMM_USAGE\]/)
    const wrong = mmm(['kit', 'nope', '--json'], { cwd: kit })
    expect(wrong.code).toBe(2)
    expect(JSON.parse(wrong.stdout)).toEqual({ error: { code: 'MMM_USAGE', message: '"nope" is not a command of the kit plugin: pack, unpack' } })
    expect(wrong.stderr).toBe('')
    expect(mmm(['kit', 'pack', '--json'], { cwd: kit }).stdout.trim()).toBe('1')
  })

  it('tools --json prints exactly one JSON document', () => {
    const r = mmm(['tools', '--json'])
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.stdout) as { tools: Array<{ id: string; input: unknown }>; resources: unknown[]; prompts: unknown[] }
    expect(doc.tools.map((t) => t.id)).toEqual(['hello.greet'])
    expect(doc.resources).toHaveLength(1)
    expect(doc.prompts).toHaveLength(1)
  })

  it('tools prints a plain table without colour under NO_COLOR', () => {
    const r = mmm(['tools'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/hello\.greet\s+Greet someone/)
    expect(r.stdout).not.toMatch(/\x1b\[/)
  })

  it('call runs a tool with --input, --input-file and stdin', () => {
    expect(JSON.parse(mmm(['call', 'hello.greet', '--input', '{"name":"Ada"}', '--json']).stdout)).toEqual({ message: 'Hey, Ada.', count: 1 })
    writeFileSync(join(dir, 'in.json'), '{"name":"Ada","excited":true}')
    expect(JSON.parse(mmm(['call', 'hello.greet', '--input-file', 'in.json', '--json']).stdout)).toEqual({ message: 'Hey, Ada!', count: 2 })
    expect(JSON.parse(mmm(['call', 'hello.greet', '-f', '-', '--json'], { input: '{"name":"Bo"}' }).stdout)).toMatchObject({ count: 1 })
  })

  it('the short form takes flags from the input schema', () => {
    const r = mmm(['hello', 'greet', '--name', 'Cy', '--excited', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ message: 'Hey, Cy!', count: 1 })
    const help = mmm(['hello', 'greet', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/--name <value>\s+Who to greet \(required\)/)
    expect(help.stdout).toMatch(/--excited/)
  })

  it('bad input is exit 2 with one clear line, and JSON errors under --json', () => {
    const bad = mmm(['call', 'hello.greet', '--input', '{name: Ada}'])
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toMatch(/not valid JSON.*MMM_INVALID_INPUT/)
    const invalid = mmm(['call', 'hello.greet', '--input', '{"name":5}', '--json'])
    expect(invalid.code).toBe(2)
    expect(JSON.parse(invalid.stdout)).toMatchObject({ error: { code: 'MMM_INVALID_INPUT', tool: 'hello.greet' } })
    const missing = mmm(['call', 'hello.nope', '--input', '{}'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/no tool "hello.nope"/)
    expect(mmm(['call', 'hello.greet', '--input-file', 'missing.json']).code).toBe(2)
  })

  it('history lists calls and replay re-runs one', () => {
    const h = mmm(['history', '--json'])
    expect(h.code).toBe(0)
    const entries = JSON.parse(h.stdout) as Array<{ id: string; tool: string; caller: string; outcome: string }>
    expect(entries.length).toBeGreaterThan(3)
    expect(entries[0]).toMatchObject({ tool: 'hello.greet', caller: 'cli' })
    const ok = entries.find((e) => e.outcome === 'ok')!
    const replay = mmm(['history', 'replay', ok.id, '--json'])
    expect(replay.code).toBe(0)
    expect(JSON.parse(replay.stdout)).toHaveProperty('message')
    expect(mmm(['history', 'replay', 'nope']).code).toBe(2)
    expect(mmm(['history', '--limit', 'x']).code).toBe(2)
    expect(mmm(['history']).stdout).toMatch(/hello\.greet\s+cli/)
  })

  it('plugin list shows plugins and their permissions', () => {
    const r = mmm(['plugin', 'list', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ name: 'hello', version: '0.1.0', granted: true, tools: ['hello.greet'] })])
  })

  it('config prints the resolved config and where values came from', () => {
    const r = mmm(['config', '--json'])
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.stdout) as { root: string; file: string; sources: Record<string, string> }
    expect(doc.root).toBe(dir)
    expect(doc.file).toBe(join(dir, 'mmm.config.json'))
    expect(Object.values(doc.sources)).toContain('default')
    const human = mmm(['config'])
    expect(human.stdout).toMatch(/sandbox\.memoryLimitMb\s+128\s+← default/)
  })

  it('a tool\'s input for a person (x-mmm-human) is used without --json, and --help shows it as the default', () => {
    const d = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-cli-human-')))
    try {
      writeFileSync(join(d, 'p.js'), `export default { name: 'p', version: '1.0.0', setup(ctx) {
        ctx.tool('show', { description: 'shows', input: { type: 'object', properties: { format: { type: 'string', enum: ['json', 'text'], default: 'json' } }, 'x-mmm-human': { format: 'text' } } },
          (i) => i.format === 'text' ? 'for a person' : { for: 'scripts' })
      } }\n`)
      writeFileSync(join(d, 'mmm.config.json'), JSON.stringify({ plugins: ['./p.js'] }))
      const help = mmm(['p', 'show', '--help', '--yes'], { cwd: d })
      expect(help.stdout.replace(/\s+/g, ' ')).toContain('default: "text"; "json" with --json')
      expect(mmm(['p', 'show', '--yes'], { cwd: d }).stdout.trim()).toBe('for a person')
      expect(JSON.parse(mmm(['p', 'show', '--yes', '--json'], { cwd: d }).stdout)).toEqual({ for: 'scripts' })
      expect(JSON.parse(mmm(['p', 'show', '--yes', '--format', 'json'], { cwd: d }).stdout)).toEqual({ for: 'scripts' })
    } finally {
      rmSync(d, { recursive: true, force: true })
    }
  })

  it('config shows the start of a long text option; --json prints it whole', () => {
    const d = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-cli-long-')))
    try {
      const yaml = `name: long\n${'# a comment line\n'.repeat(40)}stages: []\n`
      writeFileSync(join(d, 'mmm.config.json'), JSON.stringify({ plugins: [['./p.js', { workflows: { 'long.yaml': yaml } }]] }))
      const human = mmm(['config'], { cwd: d })
      expect(human.code).toBe(0)
      expect(human.stdout).toContain(`name: long⏎# a comment line⏎`)
      expect(human.stdout).toContain(`… (${yaml.length} characters; --json prints all)`)
      expect(human.stdout).not.toContain('stages: []')
      const doc = JSON.parse(mmm(['config', '--json'], { cwd: d }).stdout) as { config: { plugins: Array<{ options: { workflows: Record<string, string> } }> } }
      expect(doc.config.plugins[0]!.options.workflows['long.yaml']).toBe(yaml)
    } finally {
      rmSync(d, { recursive: true, force: true })
    }
  })

  it('a broken config is exit 2 naming the file', () => {
    const broken = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-cli-bad-')))
    writeFileSync(join(broken, 'mmm.config.json'), '{ "plugins": 5 }')
    const r = mmm(['tools'], { cwd: broken })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/plugins/)
    rmSync(broken, { recursive: true, force: true })
  })

  it('a plugin failure is exit 1', () => {
    const d = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-cli-fail-')))
    writeFileSync(join(d, 'boom.js'), `export default { name: 'boom', setup(ctx) { ctx.tool('go', { description: 'fails' }, () => { throw new Error('kaboom') }) } }`)
    writeFileSync(join(d, 'mmm.config.json'), JSON.stringify({ plugins: ['./boom.js'] }))
    const r = mmm(['call', 'boom.go'], { cwd: d })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/kaboom.*MMM_PLUGIN_ERROR/)
    rmSync(d, { recursive: true, force: true })
  })
})

describe('mmm CLI interrupted', () => {
  it('Ctrl-C cancels the running tool, exits 1, and the history says cancelled', async () => {
    const { spawn } = await import('node:child_process')
    const d = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-cli-int-')))
    writeFileSync(join(d, 'waiter.js'), `export default { name: 'waiter', setup(ctx) { ctx.tool('wait', { description: 'waits for cancel' }, async (_, call) => { await ctx.fs.write('started', 'yes'); return new Promise((r) => { call.signal.addEventListener('abort', () => r('aborted')); setTimeout(() => r('timeout'), 20000) }) }) } }`)
    const permissions = { fs: { write: ['started'] } }
    writeFileSync(join(d, 'mmm.config.json'), JSON.stringify({ plugins: [{ use: './waiter.js', permissions }], grants: { waiter: permissions } }))
    const child = spawn(process.execPath, [main, 'call', 'waiter.wait'], { cwd: d, env: { PATH: process.env.PATH ?? '', HOME: d, NO_COLOR: '1' } })
    let stderr = ''
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString()
    })
    // Wait until the tool is running: it writes a file first.
    for (let i = 0; i < 300 && !existsSync(join(d, 'started')); i++) await new Promise((r) => setTimeout(r, 50))
    expect(existsSync(join(d, 'started'))).toBe(true)
    child.kill('SIGINT')
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)))
    expect(code).toBe(1)
    expect(stderr).toMatch(/cancelled.*MMM_CANCELLED/)
    const h = mmm(['history', '--json'], { cwd: d })
    expect(JSON.parse(h.stdout)[0]).toMatchObject({ tool: 'waiter.wait', outcome: 'cancelled' })
    rmSync(d, { recursive: true, force: true })
  })
})

describe('mmm CLI on a terminal', () => {
  // `script` runs the command on a real pseudo-terminal, as a user's shell would.
  const onTty = (args: string, env: Record<string, string>) =>
    spawnSync('script', ['-qec', `${process.execPath} ${main} ${args}`, '/dev/null'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg'), TERM: 'xterm-256color', ...env },
      timeout: 60_000,
    })

  it('uses colour on a terminal, and none when NO_COLOR is set', () => {
    const coloured = onTty('tools', {})
    expect(coloured.status).toBe(0)
    expect(coloured.stdout).toMatch(/\x1b\[1m/)
    const plain = onTty('tools', { NO_COLOR: '1' })
    expect(plain.status).toBe(0)
    expect(plain.stdout).toContain('hello.greet')
    expect(plain.stdout).not.toMatch(/\x1b\[/)
  })

  it('shows a spinner with progress on a terminal, and plain progress lines otherwise', () => {
    const tty = onTty('hello greet --name Tty', {})
    expect(tty.status).toBe(0)
    expect(tty.stdout).toMatch(/\r\x1b\[2K.*hello\.greet/)
    const piped = mmm(['hello', 'greet', '--name', 'Pipe'])
    expect(piped.stderr).toMatch(/^hello\.greet: 50% greeting$/m)
    expect(piped.stdout).toContain('"message": "Hey, Pipe."')
  })
})

describe('mmm plugin create', () => {
  it('scaffolds a plugin that builds, loads and answers, before anything is installed', () => {
    const d = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-create-')))
    const created = mmm(['plugin', 'create', 'greeter', '--json'], { cwd: d })
    expect(created.code).toBe(0)
    expect(JSON.parse(created.stdout).files).toEqual(expect.arrayContaining(['package.json', 'src/plugin.ts', 'test/plugin.test.ts']))
    expect(mmm(['plugin', 'build', 'greeter'], { cwd: d }).code).toBe(0)
    writeFileSync(join(d, 'mmm.config.json'), JSON.stringify({ plugins: ['./greeter'] }))
    const r = mmm(['greeter', 'hello', '--name', 'Ada', '--json'], { cwd: d })
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({ message: 'Hello, Ada' })
    expect(mmm(['plugin', 'create', 'greeter'], { cwd: d }).code).toBe(2)
    expect(mmm(['plugin', 'create', 'Bad Name'], { cwd: d }).code).toBe(2)
    rmSync(d, { recursive: true, force: true })
  })

  it('plugin build reports a source that does not compile, with file and line', () => {
    const d = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-build-')))
    mmm(['plugin', 'create', 'broken'], { cwd: d })
    writeFileSync(join(d, 'broken/src/plugin.ts'), 'export default {{{\n')
    const r = mmm(['plugin', 'build', 'broken'], { cwd: d })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/src\/plugin.ts:1/)
    rmSync(d, { recursive: true, force: true })
  })
})

describe('mmm plugin grant / revoke', () => {
  it('grants one plugin, records it, and revoking makes it ask again', () => {
    const d = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-grant-')))
    writeFileSync(join(d, 'needy.js'), `export default { name: 'needy', setup(ctx) { ctx.tool('ls', { description: 'lists' }, () => ctx.fs.list('.')) } }`)
    writeFileSync(join(d, 'mmm.config.json'), JSON.stringify({ plugins: [{ use: './needy.js', permissions: { fs: { read: ['**'] } } }] }))
    const refused = mmm(['tools'], { cwd: d })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/needy.*read files \*\*.*MMM_GRANT_REQUIRED/)
    // The config can be inspected while a plugin waits for its grant, and plugin list shows what it asks for.
    expect(mmm(['config'], { cwd: d }).code).toBe(0)
    const listed = mmm(['plugin', 'list'], { cwd: d })
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(/needy\s+0\.0\.0\s+\.\/needy\.js\s+-\s+NOT GRANTED \(it is new\); it asks to: read files \*\*/)
    expect(listed.stdout).toContain('Grant after review: mmm plugin grant needy')
    expect(JSON.parse(mmm(['plugin', 'list', '--json'], { cwd: d }).stdout)).toEqual([{ name: 'needy', version: '0.0.0', specifier: './needy.js', granted: false, why: 'it is new', requested: { fs: { read: ['**'] } } }])
    const granted = mmm(['plugin', 'grant', 'needy'], { cwd: d })
    expect(granted.code).toBe(0)
    expect(granted.stdout).toMatch(/needy: read files \*\*/)
    expect(mmm(['call', 'needy.ls', '--json'], { cwd: d }).code).toBe(0)
    expect(mmm(['plugin', 'grant', 'nobody'], { cwd: d }).code).toBe(2)
    expect(mmm(['plugin', 'revoke', 'needy'], { cwd: d }).code).toBe(0)
    expect(mmm(['tools'], { cwd: d }).code).toBe(2)
    expect(mmm(['plugin', 'revoke', 'needy'], { cwd: d }).code).toBe(2)
    rmSync(d, { recursive: true, force: true })
  })
})

describe('mmm CLI killed', () => {
  it('leaves no plugin host behind when it is killed with SIGKILL', async () => {
    const { spawn } = await import('node:child_process')
    const { readdirSync, readFileSync } = await import('node:fs')
    const d = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-cli-kill-')))
    writeFileSync(join(d, 'sleeper.js'), `export default { name: 'sleeper', setup(ctx) { ctx.tool('sleep', { description: 'sleeps' }, async () => { await ctx.fs.write('started', 'yes'); return new Promise((r) => setTimeout(r, 30000)) }) } }`)
    const permissions = { fs: { write: ['started'] } }
    writeFileSync(join(d, 'mmm.config.json'), JSON.stringify({ plugins: [{ use: './sleeper.js', permissions }], grants: { sleeper: permissions } }))
    const child = spawn(process.execPath, [main, 'call', 'sleeper.sleep'], { cwd: d, env: { PATH: process.env.PATH ?? '', HOME: d, NO_COLOR: '1' }, stdio: 'ignore' })
    for (let i = 0; i < 300 && !existsSync(join(d, 'started')); i++) await new Promise((r) => setTimeout(r, 50))
    const childrenOf = (pid: number) =>
      readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
        try {
          return Number(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid
        } catch {
          return false
        }
      })
    const hosts = childrenOf(child.pid!)
    expect(hosts.length).toBe(1)
    child.kill('SIGKILL')
    await new Promise((r) => child.on('exit', r))
    let alive = hosts
    for (let i = 0; i < 100 && alive.length; i++) {
      await new Promise((r) => setTimeout(r, 50))
      alive = alive.filter((p) => existsSync(`/proc/${p}`) && !readFileSync(`/proc/${p}/stat`, 'utf8').includes(') Z '))
    }
    expect(alive).toEqual([])
    rmSync(d, { recursive: true, force: true })
  })
})

describe('mmm plugin add / remove', () => {
  it('installs a package with npm, reviews and grants it, enables it; remove undoes all three', () => {
    const d = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-add-')))
    const pkg = join(d, 'vendor', 'stamp')
    mkdirSync(join(pkg, 'dist'), { recursive: true })
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'mmm-plugin-stamp', version: '1.2.3', type: 'module', mmm: { entry: 'dist/plugin.js', kernel: '^1', permissions: { fs: { read: ['**'] } } } }))
    writeFileSync(join(pkg, 'dist', 'plugin.js'), `export default { name: 'stamp', setup(ctx) { ctx.tool('now', { description: 'a stamp' }, () => 'stamped') } }`)
    const project = join(d, 'project')
    mkdirSync(project)
    const refused = mmm(['plugin', 'add', `file:${pkg}`], { cwd: project })
    expect(refused.code).toBe(2)
    expect(refused.stdout).toMatch(/stamp 1\.2\.3[\s\S]*read files \*\*/)
    expect(refused.stderr).toMatch(/MMM_GRANT_REQUIRED/)
    expect(existsSync(join(project, 'mmm.config.json'))).toBe(false)
    const added = mmm(['plugin', 'add', `file:${pkg}`, '--yes', '--json'], { cwd: project })
    expect(added.code).toBe(0)
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'stamp', version: '1.2.3', specifier: 'mmm-plugin-stamp' })
    expect(JSON.parse(readFileSync(join(project, 'mmm.config.json'), 'utf8'))).toEqual({ plugins: ['mmm-plugin-stamp'] })
    expect(JSON.parse(mmm(['call', 'stamp.now', '--json'], { cwd: project }).stdout)).toBe('stamped')
    const removed = mmm(['plugin', 'remove', 'stamp'], { cwd: project })
    expect(removed.code).toBe(0)
    expect(JSON.parse(readFileSync(join(project, 'mmm.config.json'), 'utf8'))).toEqual({ plugins: [] })
    expect(existsSync(join(project, 'node_modules', 'mmm-plugin-stamp'))).toBe(false)
    expect(JSON.parse(readFileSync(join(project, '.mmm', 'plugins.lock.json'), 'utf8')).plugins).toEqual({})
    rmSync(d, { recursive: true, force: true })
  }, 120_000)

  it('adds and removes a first-party plugin that comes with mmm without npm, and creates no package.json', () => {
    const project = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-add-first-party-')))
    try {
      const added = mmm(['plugin', 'add', '@mmm/plugin-spec', '--yes', '--json'], { cwd: project })
      expect(added.code).toBe(0)
      expect(JSON.parse(added.stdout)).toMatchObject({ name: 'spec', specifier: '@mmm/plugin-spec' })
      expect(JSON.parse(readFileSync(join(project, 'mmm.config.json'), 'utf8'))).toEqual({ plugins: ['@mmm/plugin-spec'] })
      expect(mmm(['spec', 'list'], { cwd: project }).stdout).toMatch(/^No specifications in specs\//)
      expect(mmm(['plugin', 'remove', 'spec'], { cwd: project }).code).toBe(0)
      expect(JSON.parse(readFileSync(join(project, 'mmm.config.json'), 'utf8'))).toEqual({ plugins: [] })
      expect(existsSync(join(project, 'package.json'))).toBe(false)
      expect(existsSync(join(project, 'node_modules'))).toBe(false)
    } finally {
      rmSync(project, { recursive: true, force: true })
    }
  }, 60_000)

  it('never rewrites a config written in code: it says what to add', () => {
    const d = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-add-ts-')))
    mkdirSync(join(d, 'local', 'dist'), { recursive: true })
    writeFileSync(join(d, 'local', 'package.json'), JSON.stringify({ name: 'mmm-plugin-local', mmm: { entry: 'dist/plugin.js' } }))
    writeFileSync(join(d, 'local', 'dist', 'plugin.js'), `export default { name: 'local', setup() {} }`)
    writeFileSync(join(d, 'mmm.config.ts'), 'export default { plugins: [] }\n')
    const r = mmm(['plugin', 'add', './local'], { cwd: d })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/add '\.\/local' to "plugins" in mmm\.config\.ts/)
    expect(readFileSync(join(d, 'mmm.config.ts'), 'utf8')).toBe('export default { plugins: [] }\n')
    rmSync(d, { recursive: true, force: true })
  })
})

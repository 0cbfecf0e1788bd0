import { readFileSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import type { UngrantedPlugin } from '../../createKernel.ts'
import { MmmError } from '../../errors.ts'
import { describe } from '../../grants/permissions.ts'
import { bundlePlugin } from '../../plugins/bundlePlugin.ts'
import { colors, line, printJson, table, type GlobalOptions } from '../output.ts'

/**
 * Every configured plugin with what it may do — and those without a grant (new, or changed since granted) with
 * what they ask for, so you can review them before `mmm plugin grant`. It never asks, and never fails for them.
 */
export async function pluginListCommand(o: GlobalOptions): Promise<number> {
  const { withKernel } = await import('../withKernel.ts')
  const { noUi } = await import('../../ui/UiAdapter.ts')
  const waiting: Array<UngrantedPlugin & { why: string }> = []
  const onUngranted = (e: MmmError, p: UngrantedPlugin) => void waiting.push({ ...p, why: `it ${(e.details as { why?: string } | undefined)?.why ?? 'has no grant'}` })
  return withKernel(o, async (k) => {
    const plugins = [...k.plugins.values()]
    if (o.json) {
      printJson([
        ...plugins.map((p) => ({ name: p.name, version: p.version, specifier: p.specifier, source: p.source, sha256: p.sha256, granted: true, permissions: p.permissions, tools: p.manifest.tools.map((t) => `${p.name}.${t.name}`), resources: p.manifest.resources.map((r) => r.uri), prompts: p.manifest.prompts.map((x) => `${p.name}.${x.name}`), hooks: p.manifest.hooks })),
        ...waiting.map((p) => ({ name: p.name, version: p.version, specifier: p.specifier, granted: false, why: p.why, requested: p.requested })),
      ])
      return 0
    }
    if (plugins.length === 0 && waiting.length === 0) {
      line('No plugins configured. Add some to "plugins" in mmm.config.ts.')
      return 0
    }
    line(table([
      ...plugins.map((p) => [colors.bold(p.name), p.version, p.specifier, String(p.manifest.tools.length), describe(p.permissions, p.name).join('; ') || colors.dim('none')]),
      ...waiting.map((p) => [colors.bold(p.name), p.version, p.specifier, '-', `${colors.yellow(`NOT GRANTED (${p.why}); it asks to: `)}${describe(p.requested, p.name).join('; ')}`]),
    ], ['PLUGIN', 'VERSION', 'FROM', 'TOOLS', 'PERMISSIONS']))
    if (waiting.length) line(colors.dim(`Grant after review: mmm plugin grant ${waiting.map((p) => p.name).join(' ')}`))
    return 0
  }, undefined, { ui: noUi, onUngranted })
}

export async function pluginBuildCommand(dir: string | undefined, o: GlobalOptions): Promise<number> {
  const r = await bundlePlugin({ dir: resolve(dir ?? '.') })
  if (o.json) printJson(r)
  else line(`built ${r.outfile} (${r.bytes} bytes)`)
  return 0
}

export async function pluginCreateCommand(name: string, o: GlobalOptions & { dir?: string }): Promise<number> {
  const { scaffoldPlugin } = await import('../../plugins/scaffoldPlugin.ts')
  const r = scaffoldPlugin(name, resolve(o.cwd ?? '.', o.dir ?? '.'))
  if (o.json) printJson(r)
  else {
    line(`created ${r.dir}`)
    for (const f of r.files) line(`  ${f}`)
    line(colors.dim(`\nNext: mmm plugin build ${r.dir} · add '${r.dir}' to "plugins" in mmm.config.ts · mmm ${name} hello --name Ada`))
  }
  return 0
}

/** Grants the named plugins what they ask for (the rest load as usual) and shows what was granted. */
export async function pluginGrantCommand(names: string[], o: GlobalOptions): Promise<number> {
  const { withKernel } = await import('../withKernel.ts')
  return withKernel(o, async (k) => {
    const unknown = names.filter((n) => !k.plugins.has(n))
    if (unknown.length) throw new MmmError('MMM_USAGE', `no configured plugin named ${unknown.map((n) => `"${n}"`).join(', ')} (mmm plugin list shows them)`)
    const granted = names.map((n) => ({ name: n, permissions: k.plugins.get(n)!.permissions, sha256: k.plugins.get(n)!.sha256 }))
    if (o.json) printJson(granted)
    else for (const g of granted) line(`${colors.bold(g.name)}: ${describe(g.permissions).join('; ') || 'asks for nothing'} ${colors.dim(`(bundle ${g.sha256.slice(0, 12)}, recorded in .mmm/plugins.lock.json)`)}`)
    return 0
  }, names)
}

/** Forgets a plugin's grant: it must be granted again before it loads. */
export async function pluginRevokeCommand(name: string, o: GlobalOptions): Promise<number> {
  const { Lockfile } = await import('../../grants/Lockfile.ts')
  const { loadConfig } = await import('../../config/loadConfig.ts')
  const config = await loadConfig({ cwd: resolve(o.cwd ?? '.'), ...(o.config ? { configFile: resolve(o.config) } : {}) })
  const removed = new Lockfile(config.root).remove(name)
  if (!removed) throw new MmmError('MMM_USAGE', `plugin "${name}" has no recorded grant (see .mmm/plugins.lock.json)`)
  if (o.json) printJson({ revoked: name })
  else line(`revoked the grant of "${name}"; it will ask again before it loads${config.config.grants && Object.hasOwn(config.config.grants, name) ? colors.yellow(' (note: mmm.config still grants it under "grants")') : ''}`)
  return 0
}

/** Installs a plugin package (or takes a local path), shows what it asks for, grants it, and enables it. */
export async function pluginAddCommand(spec: string, o: GlobalOptions): Promise<number> {
  const { loadConfig } = await import('../../config/loadConfig.ts')
  const { installPlugin } = await import('../../plugins/installPlugin.ts')
  const { editConfigPlugins } = await import('../../plugins/editConfigPlugins.ts')
  const { resolvePlugin } = await import('../../plugins/resolvePlugin.ts')
  const { grantPlugin } = await import('../../grants/grantPlugin.ts')
  const { Lockfile } = await import('../../grants/Lockfile.ts')
  const { pickUi } = await import('../withKernel.ts')
  const cwd = resolve(o.cwd ?? '.')
  const config = await loadConfig({ cwd, ...(o.config ? { configFile: resolve(o.config) } : {}) })
  const local = spec.startsWith('.') || isAbsolute(spec)
  // mmm's own plugins (@mmm/plugin-x, no version asked) come with it: nothing to install when one resolves.
  const shipped = !local && /^@mmm\/[^@/]+$/.test(spec) && resolves(() => resolvePlugin({ specifier: spec, options: {}, sandbox: 'on', baseDir: config.root, source: 'mmm plugin add' }))
  const specifier = local ? `./${relative(config.root, resolve(cwd, spec)) || '.'}` : shipped ? spec : installPlugin(spec, config.root).name
  const plugin = resolvePlugin({ specifier, options: {}, sandbox: 'on', baseDir: config.root, source: 'mmm plugin add' })
  const asks = describe(plugin.requested, plugin.name)
  if (!o.json) {
    line(`${colors.bold(plugin.name)} ${plugin.version} (${specifier})`)
    line(asks.length ? asks.map((a) => `  - ${a}`).join('\n') : '  asks for no permissions')
  }
  await grantPlugin(plugin, { lock: new Lockfile(config.root), configGrants: config.config.grants ?? {}, yes: o.yes ?? false, ui: await pickUi() })
  const edit = await editConfigPlugins(config.root, config.filepath, specifier, 'add')
  if (o.json) printJson({ name: plugin.name, version: plugin.version, specifier, permissions: plugin.requested, config: edit })
  else if ('manual' in edit) line(colors.yellow(`granted; now ${edit.manual}`))
  else line(edit.changed ? `enabled in ${edit.file}` : `already enabled in ${edit.file}`)
  return 0
}

/** Disables a plugin: takes it out of a data config, forgets its grant, and uninstalls its package. */
export async function pluginRemoveCommand(name: string, o: GlobalOptions): Promise<number> {
  const { loadConfig } = await import('../../config/loadConfig.ts')
  const { editConfigPlugins } = await import('../../plugins/editConfigPlugins.ts')
  const { resolvePlugin } = await import('../../plugins/resolvePlugin.ts')
  const { Lockfile } = await import('../../grants/Lockfile.ts')
  const { detectPackageManager } = await import('../../plugins/installPlugin.ts')
  const config = await loadConfig({ cwd: resolve(o.cwd ?? '.'), ...(o.config ? { configFile: resolve(o.config) } : {}) })
  const entry = config.plugins.find((p) => {
    try {
      return resolvePlugin(p).name === name
    } catch {
      return p.specifier === name
    }
  })
  if (!entry) throw new MmmError('MMM_USAGE', `no plugin named "${name}" is configured (mmm plugin list shows them)`)
  const edit = await editConfigPlugins(config.root, config.filepath, entry.specifier, 'remove')
  new Lockfile(config.root).remove(name)
  const local = entry.specifier.startsWith('.') || isAbsolute(entry.specifier)
  // Only a package the project declares is uninstalled (a first-party plugin may come with mmm, not the project).
  if (!local && declaredDependency(config.root, entry.specifier)) {
    const { spawnSync } = await import('node:child_process')
    const pm = detectPackageManager(config.root)
    spawnSync(pm, [pm === 'npm' ? 'uninstall' : 'remove', entry.specifier], { cwd: config.root, stdio: ['ignore', 2, 2] })
  }
  if (o.json) printJson({ removed: name, config: edit })
  else line('manual' in edit ? colors.yellow(`grant forgotten${local ? '' : ' and package uninstalled'}; now ${edit.manual}`) : `removed "${name}" from ${edit.file}`)
  return 0
}

function resolves(f: () => unknown): boolean {
  try {
    f()
    return true
  } catch {
    return false
  }
}

/** Whether the project's package.json lists `name` among its dependencies of any kind. */
function declaredDependency(root: string, name: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>
    return ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].some((k) => {
      const deps = pkg[k]
      return Boolean(deps && typeof deps === 'object' && Object.hasOwn(deps, name))
    })
  } catch {
    return false
  }
}

// Tools, resources and prompts, each owned by a plugin. A plugin's whole manifest is checked before any
// of it is added, so a bad plugin leaves the registry as it was.
import { errors } from '../errors.ts'
import type { ManifestPrompt, ManifestResource, ManifestTool, PluginManifest } from '../sandbox/PluginManifest.ts'
import { compileSchema, type SchemaValidator } from './compileSchema.ts'

export interface RegisteredTool extends ManifestTool {
  id: string
  plugin: string
  inputSchema: Record<string, unknown>
  /** The input schema declares defaults (validation then fills them into the input). */
  hasDefaults: boolean
}

export interface RegisteredResource extends ManifestResource {
  plugin: string
}

export interface RegisteredPrompt extends ManifestPrompt {
  id: string
  plugin: string
}

export class Registry {
  private readonly tools = new Map<string, RegisteredTool>()
  private readonly resources = new Map<string, RegisteredResource>()
  private readonly prompts = new Map<string, RegisteredPrompt>()
  private readonly validators = new Map<string, { input: SchemaValidator; output?: SchemaValidator }>()

  /** `compile: false` defers schema compilation to the first call (for manifests already checked once). */
  register(plugin: string, manifest: PluginManifest, o: { compile?: boolean } = {}): void {
    const tools = manifest.tools.map((t): RegisteredTool => {
      const id = `${plugin}.${t.name}`
      const owner = this.tools.get(id)?.plugin
      if (owner) throw errors.duplicateTool(id, owner, plugin)
      if (t.input !== undefined && (typeof t.input !== 'object' || t.input === null)) throw errors.badManifest(plugin, `tool "${t.name}" has an input schema that is not an object`)
      if (t.timeoutMs !== undefined && !(Number.isInteger(t.timeoutMs) && t.timeoutMs > 0)) throw errors.badManifest(plugin, `tool "${t.name}" has timeoutMs ${String(t.timeoutMs)}; expected a positive integer`)
      const inputSchema = t.input ?? { type: 'object' }
      return { ...t, id, plugin, inputSchema, hasDefaults: JSON.stringify(inputSchema).includes('"default"') }
    })
    const resources = manifest.resources.map((r): RegisteredResource => {
      const owner = this.resources.get(r.uri)?.plugin
      if (owner) throw errors.badManifest(plugin, `resource "${r.uri}" is already registered by plugin "${owner}"`)
      return { ...r, plugin }
    })
    const prompts = manifest.prompts.map((p): RegisteredPrompt => {
      const id = `${plugin}.${p.name}`
      if (this.prompts.has(id)) throw errors.badManifest(plugin, `prompt "${id}" is already registered`)
      return { ...p, id, plugin }
    })
    // Schemas are compiled now so a broken one fails the plugin's registration, not its first call.
    const validators = o.compile === false ? [] : tools.map((t) => this.compile(t))
    tools.forEach((t, i) => {
      this.tools.set(t.id, t)
      if (validators[i]) this.validators.set(t.id, validators[i])
    })
    for (const r of resources) this.resources.set(r.uri, r)
    for (const p of prompts) this.prompts.set(p.id, p)
  }

  unregister(plugin: string): void {
    for (const [id, t] of this.tools) if (t.plugin === plugin) { this.tools.delete(id); this.validators.delete(id) }
    for (const [uri, r] of this.resources) if (r.plugin === plugin) this.resources.delete(uri)
    for (const [id, p] of this.prompts) if (p.plugin === plugin) this.prompts.delete(id)
  }

  listTools(): RegisteredTool[] {
    return [...this.tools.values()]
  }

  listResources(): RegisteredResource[] {
    return [...this.resources.values()]
  }

  listPrompts(): RegisteredPrompt[] {
    return [...this.prompts.values()]
  }

  getTool(id: string): RegisteredTool {
    const t = this.tools.get(id)
    if (!t) throw errors.toolNotFound(id, this.suggest(id))
    return t
  }

  getResource(uri: string): RegisteredResource | undefined {
    return this.resources.get(uri)
  }

  getPrompt(id: string): RegisteredPrompt | undefined {
    return this.prompts.get(id)
  }

  validatorsFor(tool: RegisteredTool): { input: SchemaValidator; output?: SchemaValidator } {
    let v = this.validators.get(tool.id)
    if (!v) {
      v = this.compile(tool)
      this.validators.set(tool.id, v)
    }
    return v
  }

  private compile(tool: RegisteredTool): { input: SchemaValidator; output?: SchemaValidator } {
    const v: { input: SchemaValidator; output?: SchemaValidator } = { input: compileSchema(tool.inputSchema, tool.plugin, `input of tool "${tool.name}"`) }
    if (tool.output) v.output = compileSchema(tool.output, tool.plugin, `output of tool "${tool.name}"`)
    return v
  }

  private suggest(id: string): string | undefined {
    let best: string | undefined
    let bestScore = Infinity
    for (const known of this.tools.keys()) {
      const d = distance(id, known)
      if (d < bestScore) { bestScore = d; best = known }
    }
    return best !== undefined && bestScore <= Math.max(2, Math.floor(id.length / 3)) ? best : undefined
  }
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]!
}

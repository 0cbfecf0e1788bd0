// What a plugin registered during setup, as reported by its sandbox (validated by the registry).
import { errors } from '../errors.ts'
import type { PromptArgument, ToolAnnotations } from '../plugin/types.ts'

export interface ManifestTool {
  name: string
  description: string
  input?: Record<string, unknown>
  output?: Record<string, unknown>
  annotations?: ToolAnnotations
  timeoutMs?: number
}

export interface ManifestResource {
  uri: string
  name?: string
  description?: string
  mimeType?: string
}

export interface ManifestPrompt {
  name: string
  description?: string
  arguments?: PromptArgument[]
}

export interface PluginManifest {
  version: string
  tools: ManifestTool[]
  resources: ManifestResource[]
  prompts: ManifestPrompt[]
  hooks: string[]
}

/** Parses what a sandbox reported; anything malformed is the plugin's fault, reported as such. */
export function parseManifest(plugin: string, raw: string): PluginManifest {
  let m: PluginManifest | undefined
  try {
    m = JSON.parse(raw) as PluginManifest
  } catch {
    m = undefined
  }
  if (!m || !Array.isArray(m.tools) || !Array.isArray(m.resources) || !Array.isArray(m.prompts) || !Array.isArray(m.hooks)) {
    throw errors.badManifest(plugin, 'the sandbox returned a malformed manifest')
  }
  // The guest runtime checks these too, but a plugin can tamper with the builtins it runs on:
  // what crosses the boundary is checked again here (DESIGN §5, inbound values validated on the host).
  const bad = (what: string) => errors.badManifest(plugin, what)
  const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)
  const text = (v: unknown, max: number) => typeof v === 'string' && v.length <= max
  if (typeof m.version !== 'string' || m.version.length > 64) throw bad('its version must be a short string')
  for (const t of m.tools) {
    if (!isObj(t) || !text(t.name, 64) || !TOOL_NAME.test(t.name)) throw bad(`tool name ${JSON.stringify((t as { name?: unknown })?.name)} must match ${TOOL_NAME}`)
    if (!text(t.description, 10_000) || t.description.length === 0) throw bad(`tool "${t.name}" needs a description (at most 10000 characters)`)
    if ((t.input !== undefined && !isObj(t.input)) || (t.output !== undefined && !isObj(t.output)) || (t.annotations !== undefined && !isObj(t.annotations))) throw bad(`tool "${t.name}": input, output and annotations must be objects`)
  }
  for (const r of m.resources) {
    if (!isObj(r) || !text(r.uri, 512) || !/^[a-z][a-z0-9+.-]*:/.test(r.uri)) throw bad(`resource uri ${JSON.stringify((r as { uri?: unknown })?.uri)} must be an absolute URI`)
    for (const k of ['name', 'description', 'mimeType'] as const) if (r[k] !== undefined && !text(r[k], 10_000)) throw bad(`resource "${r.uri}": ${k} must be a string`)
  }
  for (const p of m.prompts) {
    if (!isObj(p) || !text(p.name, 64) || !TOOL_NAME.test(p.name)) throw bad(`prompt name ${JSON.stringify((p as { name?: unknown })?.name)} must match ${TOOL_NAME}`)
    if (p.description !== undefined && !text(p.description, 10_000)) throw bad(`prompt "${p.name}": description must be a string`)
    if (p.arguments !== undefined && (!Array.isArray(p.arguments) || !p.arguments.every((a) => isObj(a) && text(a.name, 64)))) throw bad(`prompt "${p.name}": arguments must be [{ name, description?, required? }]`)
  }
  if (!m.hooks.every((h) => text(h, 64))) throw bad('hook names must be strings')
  return m
}

const TOOL_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/

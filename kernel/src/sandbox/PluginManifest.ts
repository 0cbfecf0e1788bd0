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
  return m
}

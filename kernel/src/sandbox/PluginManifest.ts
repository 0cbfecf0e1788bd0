// What a plugin registered during setup, as reported by its sandbox (validated by the registry).
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

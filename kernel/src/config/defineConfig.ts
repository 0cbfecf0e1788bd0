// @mmm/kernel/config: the identity helpers that type mmm.config.ts and presets. Tiny on purpose — a config
// or preset that imports it loads one file, not the kernel (which the CLI has loaded already, built).
import type { MmmConfig, Preset } from './types.ts'

/** Identity helper that types mmm.config.ts; a plain object with the same shape works the same. */
export function defineConfig(config: MmmConfig): MmmConfig {
  return config
}

/** Identity helper that types a preset module's default export. */
export function definePreset(preset: Preset): Preset {
  return preset
}

// Where things are, and isolated-vm as the kernel resolves it (the root package does not depend on it).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ivm from '../kernel/node_modules/isolated-vm/isolated-vm.js'

export { ivm }

export const repoRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '')
export const hostScript = `${repoRoot}/kernel/src/sandbox/pluginHost.ts`
export const guestRuntimeSource = readFileSync(`${repoRoot}/kernel/src/sandbox/guest/runtime.js`, 'utf8')
export const helloDir = `${repoRoot}/plugins/hello`
export const helloBundle = readFileSync(`${helloDir}/dist/plugin.js`, 'utf8')
export const cliMain = `${repoRoot}/kernel/src/cli/main.ts`

export const ivmVersion = (JSON.parse(readFileSync(`${repoRoot}/kernel/node_modules/isolated-vm/package.json`, 'utf8')) as { version: string }).version

/** The bundle as a classic script: its ES export statement removed. */
export function asScript(bundle: string): string {
  return bundle.replace(/\bexport\s*\{[^}]*\}\s*;?/g, '').replace(/\bexport\s+default\s+/g, 'globalThis.__default = ')
}

/** The same options PluginRuntime forks a plugin host with. */
export function hostForkOptions(memoryLimitMb = 128) {
  return {
    execArgv: ['--no-node-snapshot', `--max-old-space-size=${Math.max(256, memoryLimitMb * 4)}`],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'] as Array<'ignore' | 'pipe' | 'ipc'>,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: process.env.NODE_ENV ?? '' },
  }
}

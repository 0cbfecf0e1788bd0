// Bundles a plugin's source into the one self-contained ES module the sandbox loads (esbuild).
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MmmError } from '../errors.ts'

// src/plugin/index.ts, seen from src/plugins/ or from the built CLI's dist/chunks/.
const GUEST_API = ['../plugin/index.ts', '../../src/plugin/index.ts'].map((f) => fileURLToPath(new URL(f, import.meta.url))).find((f) => existsSync(f))!

export interface BundleOptions {
  /** The plugin package directory (with package.json and src/plugin.ts). */
  dir: string
  entry?: string
  outfile?: string
  minify?: boolean
}

export async function bundlePlugin(o: BundleOptions): Promise<{ outfile: string; bytes: number }> {
  const entry = join(o.dir, o.entry ?? 'src/plugin.ts')
  if (!existsSync(entry)) throw new MmmError('MMM_USAGE', `no plugin source at ${entry}; a plugin's source entry is src/plugin.ts`)
  const pkgPath = join(o.dir, 'package.json')
  const pkg = existsSync(pkgPath) ? (JSON.parse(readFileSync(pkgPath, 'utf8')) as { mmm?: { entry?: string } }) : {}
  const outfile = join(o.dir, o.outfile ?? pkg.mmm?.entry ?? 'dist/plugin.js')
  const esbuild = await import('esbuild')
  try {
    const r = await esbuild.build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: 'esm',
      // neutral: no Node built-ins resolve, which is right: the sandbox has none.
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es2023',
      minify: o.minify ?? false,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'silent',
      metafile: true,
      // The guest API is tiny and has no dependencies: a new plugin builds before anything is installed.
      alias: { '@mmm/kernel/plugin': GUEST_API },
    })
    const bytes = Object.values(r.metafile.outputs)[0]?.bytes ?? 0
    return { outfile, bytes }
  } catch (e) {
    const msg = (e as { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }).errors
      ?.map((x) => `${x.location ? `${relative(o.dir, x.location.file)}:${x.location.line}: ` : ''}${x.text}`)
      .join('; ')
    throw new MmmError('MMM_BAD_MANIFEST', `could not bundle the plugin in ${o.dir}: ${msg ?? (e instanceof Error ? e.message : String(e))}`)
  }
}

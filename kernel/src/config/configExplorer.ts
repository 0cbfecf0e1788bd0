import path from 'node:path'
import { cosmiconfig, defaultLoaders, type Loader } from 'cosmiconfig'
import { importDefault } from './importDefault.ts'
import { loadFailed } from './loadFailed.ts'
import type { ConfigContext } from './types.ts'

export interface FoundConfig {
  filepath: string
  /** The file's value as written (an object for a valid config; anything else is reported by validation). */
  value: unknown
}

export interface ConfigExplorer {
  /** The first of the search places present in `dir` (not its parents), or null. */
  search(dir: string): Promise<FoundConfig | null>
  /** Loads one file. */
  load(file: string): Promise<FoundConfig>
}

/**
 * cosmiconfig, set up for mmm: no cache (a long-running mmm sees edits), one directory per search (the
 * caller walks up and decides where to stop), JS/TS imported natively with function and promise exports,
 * and every file's value boxed so that `export default null` or `42` reaches validation instead of being
 * skipped as "no config". Loading errors (a throwing module, bad YAML or JSON) become MMM_CONFIG_LOAD_FAILED.
 */
export function createConfigExplorer(searchPlaces: string[], context: ConfigContext): ConfigExplorer {
  const js: Loader = async (filepath) => new Boxed(await importDefault(filepath, context))
  const data = (parse: Loader): Loader => async (filepath, content) => {
    const value = await parse(filepath, content)
    if (path.basename(filepath) !== 'package.json') return new Boxed(value)
    // A plugin package's "mmm" field is its manifest (it has an "entry"), not a config: look further up.
    return isPluginManifest((value as { mmm?: unknown } | null)?.mmm) ? { ...(value as object), mmm: undefined } : value
  }
  const explorer = cosmiconfig('mmm', {
    searchPlaces,
    searchStrategy: 'none',
    cache: false,
    mergeSearchPlaces: false,
    loaders: {
      '.ts': js, '.mts': js, '.cts': js, '.js': js, '.mjs': js, '.cjs': js,
      '.json': data(defaultLoaders['.json']!),
      '.yaml': data(defaultLoaders['.yaml']!),
      '.yml': data(defaultLoaders['.yaml']!),
      noExt: data(defaultLoaders['.yaml']!),
    },
  })
  const unbox = (result: { filepath: string; config: unknown; isEmpty?: boolean }): FoundConfig => ({
    filepath: result.filepath,
    value: result.isEmpty ? {} : result.config instanceof Boxed ? result.config.value : result.config,
  })
  return {
    async search(dir) {
      try {
        const result = await explorer.search(dir)
        return result ? unbox(result) : null
      } catch (e) {
        throw loadFailed(e, dir)
      }
    },
    async load(file) {
      try {
        const result = await explorer.load(file)
        return unbox(result ?? { filepath: path.resolve(file), config: undefined, isEmpty: true })
      } catch (e) {
        throw loadFailed(e, path.resolve(file))
      }
    },
  }
}

class Boxed {
  readonly value: unknown
  constructor(value: unknown) {
    this.value = value
  }
}

function isPluginManifest(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { entry?: unknown }).entry === 'string'
}

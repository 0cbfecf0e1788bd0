/** Formats a key path the way users write it: `sandbox.memoryLimitMb`, `plugins[2]`, `prompts["a.b"].x`. */
export function formatKeyPath(segments: readonly (string | number)[]): string {
  let out = ''
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`
    else if (/^[^.[\]"\s]+$/.test(s)) out += out ? `.${s}` : s
    else out += `[${JSON.stringify(s)}]`
  }
  return out
}

/** The segments of a key path made by formatKeyPath (the keys of ResolvedConfig.sources); inverse of it. */
export function parseKeyPath(keyPath: string): (string | number)[] {
  const out: (string | number)[] = []
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]]+)/gy
  for (let m = re.exec(keyPath); m; m = re.exec(keyPath)) {
    if (m[1] !== undefined) out.push(Number(m[1]))
    else if (m[2] !== undefined) out.push(JSON.parse(m[2]) as string)
    else out.push(m[3]!)
  }
  return out
}

/** The value at a key path (as in ResolvedConfig.sources) in a config, or undefined. */
export function valueAtKeyPath(config: unknown, keyPath: string): unknown {
  let current = config
  for (const segment of parseKeyPath(keyPath)) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string | number, unknown>)[segment]
  }
  return current
}

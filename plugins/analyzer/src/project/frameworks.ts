// Turns dependency maps into framework detections with evidence.
import type { Collector } from './collector.ts'
import { ecosystemLabel, lookupFramework, type PackageEcosystem } from './frameworkCatalog.ts'
import { cleanVersion } from './parse.ts'

/** Records every catalogued dependency of `deps` (name → version spec) found in `file`. */
export function detectFrameworks(out: Collector, eco: PackageEcosystem, file: string, deps: Record<string, string>, kind = 'dependency'): void {
  for (const [dep, spec] of Object.entries(deps)) {
    const entry = lookupFramework(eco, dep)
    if (entry === undefined) continue
    const shown = spec === '' || spec === '*' ? dep : `${dep}@${spec}`
    out.addFramework({
      name: entry[1],
      category: entry[2],
      ecosystem: ecosystemLabel(eco),
      version: cleanVersion(spec),
      evidence: { file, detail: `${kind} ${shown}` },
    })
  }
}

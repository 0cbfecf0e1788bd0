// Fixture helpers for the project analyzer tests: a project is a { path: content } map.
import { analyzeProject, analyzeWorkspace } from '../src/project/analyzeProject.ts'
import { isManifestFile } from '../src/project/isManifestFile.ts'
import type { ProjectInfo } from '../src/types.ts'

export function analyze(files: Record<string, string>, dir?: string): ProjectInfo {
  const paths = Object.keys(files)
  const read = (p: string): string | undefined => {
    if (!isManifestFile(p)) throw new Error(`read() called for a non-manifest file: ${p}`)
    return files[p]
  }
  return dir === undefined ? analyzeProject(paths, read) : analyzeWorkspace(paths, read, dir)
}

/** The five commands as plain strings. */
export function commands(info: ProjectInfo): Record<string, string | undefined> {
  return {
    test: info.commands.test?.command,
    lint: info.commands.lint?.command,
    format: info.commands.format?.command,
    build: info.commands.build?.command,
    typecheck: info.commands.typecheck?.command,
  }
}

export function framework(info: ProjectInfo, name: string) {
  return info.frameworks.find((f) => f.name === name)
}

export const names = (list: ReadonlyArray<{ name: string }>): string[] => list.map((x) => x.name)

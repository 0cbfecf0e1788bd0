// The language table: every language the analyzer knows, gathered from the family files.
// Order matters only for shared extensions: the first language listing an extension is its default
// (.h → C, .m → Objective-C, .ts → TypeScript, .pl → Perl, .v → Verilog, .cls → Apex); disambiguate.ts
// then looks at the file's content.
import type { LanguageDef } from '../types.ts'
import { C_FAMILY } from './families/cFamily.ts'
import { DATA_AND_BUILD } from './families/dataAndBuild.ts'
import { FUNCTIONAL } from './families/functional.ts'
import { MARKUP } from './families/markup.ts'
import { SCRIPTING } from './families/scripting.ts'
import type { LanguageSpec } from './languageSpec.ts'

export const LANGUAGES: readonly LanguageDef[] = Object.freeze<LanguageSpec[]>([
  ...C_FAMILY,
  ...SCRIPTING,
  ...FUNCTIONAL,
  ...MARKUP,
  ...DATA_AND_BUILD,
])

const byName = new Map<string, LanguageDef>(LANGUAGES.map((l) => [l.name, l]))

/** The language called `name` (exact, as in LanguageDef.name), if known. */
export function languageByName(name: string): LanguageDef | undefined {
  return byName.get(name)
}

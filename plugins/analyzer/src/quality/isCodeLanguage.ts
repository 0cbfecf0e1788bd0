// Which languages count as code in the quality and health numbers: every language except data, markup and prose
// (JSON, YAML, TOML, XML, Markdown, text, CSV, HTML, CSS and the like), by language name, case-insensitive.

export const NON_CODE: ReadonlySet<string> = new Set([
  'json', 'jsonc', 'json5', 'json with comments', 'yaml', 'toml', 'xml', 'markdown', 'mdx', 'text', 'plain text',
  'csv', 'tsv', 'ini', 'properties', 'dotenv', 'html', 'css', 'scss', 'sass', 'less', 'svg', 'restructuredtext',
  'asciidoc', 'org', 'tex', 'latex', 'bibtex', 'rich text format', 'ignore list', 'git attributes', 'git config',
  'editorconfig', 'diff', 'unknown', 'other',
])

export function isCodeLanguage(language: string): boolean {
  return !NON_CODE.has(language.toLowerCase())
}

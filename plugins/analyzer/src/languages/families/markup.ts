// Markup, styling, documentation and prose.
import { C_BLOCK, C_LINE, DQ, HTML_BLOCK, SQ, type LanguageSpec } from '../languageSpec.ts'

export const MARKUP: LanguageSpec[] = [
  {
    // No strings: quotes in HTML text are prose ("don't"), and attribute values rarely hold "<!--".
    name: 'HTML', type: 'markup', extensions: ['.html', '.htm', '.xhtml', '.shtml'], blockComments: HTML_BLOCK,
  },
  {
    name: 'XML', type: 'data',
    extensions: [
      '.xml', '.xsd', '.xsl', '.xslt', '.svg', '.plist', '.csproj', '.fsproj', '.vbproj', '.vcxproj', '.props',
      '.targets', '.nuspec', '.resx', '.xaml', '.wsdl', '.pom', '.storyboard', '.xib', '.kml', '.rss', '.atom',
    ],
    filenames: ['pom.xml', 'web.config', 'App.config', 'packages.config'], blockComments: HTML_BLOCK,
  },
  {
    // Qt Linguist translation files: XML with a .ts extension (told apart from TypeScript in disambiguate.ts).
    name: 'Qt Linguist', type: 'data', extensions: ['.ts'], blockComments: HTML_BLOCK,
  },
  { name: 'CSS', type: 'markup', extensions: ['.css', '.pcss', '.postcss'], blockComments: C_BLOCK, strings: [DQ, SQ] },
  { name: 'SCSS', type: 'markup', extensions: ['.scss'], lineComments: C_LINE, blockComments: C_BLOCK, strings: [DQ, SQ] },
  { name: 'Sass', type: 'markup', extensions: ['.sass'], lineComments: C_LINE, blockComments: C_BLOCK, strings: [DQ, SQ] },
  { name: 'Less', type: 'markup', extensions: ['.less'], lineComments: C_LINE, blockComments: C_BLOCK, strings: [DQ, SQ] },
  {
    // Single-file components: template (HTML comments) + script/style (C comments). No strings (see HTML).
    name: 'Vue', type: 'markup', extensions: ['.vue'], lineComments: C_LINE, blockComments: [['<!--', '-->'], ['/*', '*/']],
  },
  {
    name: 'Svelte', type: 'markup', extensions: ['.svelte'], lineComments: C_LINE,
    blockComments: [['<!--', '-->'], ['/*', '*/']],
  },
  { name: 'Astro', type: 'markup', extensions: ['.astro'], lineComments: C_LINE, blockComments: [['<!--', '-->'], ['/*', '*/']] },
  {
    // Like cloc: every non-blank line is code except HTML comments.
    name: 'Markdown', type: 'prose', extensions: ['.md', '.markdown', '.mdown', '.mkd', '.mkdn', '.mdx', '.ronn'],
    blockComments: HTML_BLOCK,
  },
  // reStructuredText ".." comments are indistinguishable from directives without parsing: all non-blank lines are code.
  { name: 'reStructuredText', type: 'prose', extensions: ['.rst', '.rest'] },
  { name: 'AsciiDoc', type: 'prose', extensions: ['.adoc', '.asciidoc', '.asc'], lineComments: C_LINE, blockComments: [['////', '////']] },
  { name: 'TeX', type: 'markup', extensions: ['.tex', '.sty', '.cls', '.ltx', '.dtx', '.ins', '.bbx', '.cbx'], lineComments: ['%'] },
  { name: 'BibTeX', type: 'markup', extensions: ['.bib'], lineComments: ['%'] },
  {
    name: 'Handlebars', type: 'markup', extensions: ['.hbs', '.handlebars', '.mustache'],
    blockComments: [['{{!--', '--}}'], ['{{!', '}}'], ['<!--', '-->']],
  },
  { name: 'Jinja', type: 'markup', extensions: ['.j2', '.jinja', '.jinja2'], blockComments: [['{#', '#}'], ['<!--', '-->']] },
  { name: 'Pug', type: 'markup', extensions: ['.pug', '.jade'], lineComments: ['//-', '//'] },
  {
    name: 'Razor', type: 'markup', extensions: ['.cshtml', '.razor'], lineComments: C_LINE,
    blockComments: [['@*', '*@'], ['<!--', '-->'], ['/*', '*/']],
  },
]

// Data/config formats, query languages and build/infrastructure files.
import {
  C_BLOCK, C_LINE, DQ, DQ_ML, HASH, SQ, SQ_RAW, TRIPLE_DQ, type LanguageSpec,
} from '../languageSpec.ts'

export const DATA_AND_BUILD: LanguageSpec[] = [
  { name: 'JSON', type: 'data', extensions: ['.json', '.geojson', '.webmanifest', '.har', '.avsc', '.jsonl', '.ndjson'], strings: [DQ] },
  {
    // JSONC / JSON5 and the well-known JSON files that allow comments.
    name: 'JSON with Comments', type: 'data', extensions: ['.jsonc', '.json5', '.code-workspace'],
    filenames: [
      'tsconfig.json', 'jsconfig.json', 'devcontainer.json', '.devcontainer.json', '.eslintrc.json', '.babelrc',
      '.swcrc', 'api-extractor.json', 'language-configuration.json', 'settings.json', 'extensions.json',
      'launch.json', 'tasks.json', 'keybindings.json',
    ],
    lineComments: C_LINE, blockComments: C_BLOCK, strings: [DQ, SQ],
  },
  {
    name: 'YAML', type: 'data', extensions: ['.yaml', '.yml', '.clang-format', '.clang-tidy'],
    filenames: ['.clang-format', '.clang-tidy', '.gemrc', 'CITATION.cff'], lineComments: HASH, strings: [DQ, SQ_RAW],
  },
  {
    name: 'TOML', type: 'data', extensions: ['.toml'], filenames: ['Pipfile', 'Cargo.lock', 'poetry.lock', 'uv.lock'],
    lineComments: HASH,
    strings: [TRIPLE_DQ, { open: "'''", close: "'''", multiline: true }, DQ, SQ_RAW],
  },
  {
    name: 'INI', type: 'data', extensions: ['.ini', '.cfg', '.properties', '.editorconfig', '.prefs', '.desktop'],
    filenames: ['.editorconfig', '.gitconfig', '.npmrc', '.pylintrc', 'setup.cfg', 'tox.ini', '.flake8', '.coveragerc'],
    lineComments: [';', '#'],
  },
  {
    name: 'Dockerfile', type: 'programming', extensions: ['.dockerfile', '.containerfile'],
    filenames: ['Dockerfile', 'Containerfile'], lineComments: HASH, strings: [DQ, SQ_RAW],
  },
  {
    name: 'Makefile', type: 'programming', extensions: ['.mk', '.mak', '.make'],
    filenames: ['Makefile', 'makefile', 'GNUmakefile', 'Kbuild', 'Makefile.am', 'Makefile.in'], interpreters: ['make'],
    lineComments: HASH,
  },
  {
    name: 'CMake', type: 'programming', extensions: ['.cmake', '.cmake.in'], filenames: ['CMakeLists.txt'],
    lineComments: HASH, blockComments: [['#[[', ']]'], ['#[=[', ']=]']], strings: [DQ_ML],
  },
  { name: 'Meson', type: 'programming', extensions: [], filenames: ['meson.build', 'meson_options.txt', 'meson.options'], lineComments: HASH, strings: [{ open: "'''", close: "'''", multiline: true }, SQ] },
  { name: 'Just', type: 'programming', extensions: ['.just'], filenames: ['justfile', 'Justfile', '.justfile'], lineComments: HASH, strings: [DQ, SQ_RAW] },
  {
    name: 'HCL', type: 'programming', extensions: ['.tf', '.tfvars', '.hcl', '.nomad', '.tftest.hcl', '.tofu'],
    lineComments: ['#', '//'], blockComments: C_BLOCK, strings: [DQ],
  },
  { name: 'Nix', type: 'programming', extensions: ['.nix'], lineComments: HASH, blockComments: C_BLOCK, strings: [{ open: "''", close: "''", multiline: true }, DQ_ML] },
  { name: 'Bicep', type: 'programming', extensions: ['.bicep'], lineComments: C_LINE, blockComments: C_BLOCK, strings: [{ open: "'''", close: "'''", multiline: true }, SQ] },
  {
    name: 'GraphQL', type: 'data', extensions: ['.graphql', '.gql', '.graphqls'], lineComments: HASH,
    strings: [{ open: '"""', close: '"""', multiline: true }, DQ],
  },
  {
    name: 'SQL', type: 'programming', extensions: ['.sql', '.ddl', '.dml', '.pgsql', '.psql', '.mysql', '.tsql', '.prc', '.udf'],
    lineComments: ['--'], blockComments: C_BLOCK, strings: [{ open: "'", close: "'", multiline: true }, { open: '"', close: '"' }],
  },
  { name: 'Thrift', type: 'data', extensions: ['.thrift'], lineComments: ['//', '#'], blockComments: C_BLOCK, strings: [DQ, SQ] },
  { name: 'Cap\'n Proto', type: 'data', extensions: ['.capnp'], lineComments: HASH, strings: [DQ] },
  { name: 'Puppet', type: 'programming', extensions: ['.pp'], lineComments: HASH, blockComments: C_BLOCK, strings: [DQ_ML, SQ] },
]

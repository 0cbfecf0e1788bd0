// Compiled languages with C-style syntax: // and /* */ comments, "..." strings.
import {
  BACKTICK_ML, C_BLOCK, C_LINE, DQ, DQ_ML, SQ, TRIPLE_DQ, TRIPLE_DQ_RAW, TRIPLE_SQ, type LanguageSpec,
} from '../languageSpec.ts'

const C_LIKE = { lineComments: C_LINE, blockComments: C_BLOCK }

export const C_FAMILY: LanguageSpec[] = [
  { name: 'C', type: 'programming', extensions: ['.c', '.h', '.i'], ...C_LIKE, strings: [DQ, SQ] },
  {
    name: 'C++', type: 'programming',
    extensions: ['.cpp', '.cc', '.cxx', '.c++', '.hpp', '.hh', '.hxx', '.h++', '.ipp', '.tpp', '.inl', '.ixx', '.cppm'],
    ...C_LIKE,
    // R"(...)" raw strings (custom delimiters R"x(...)x" are not tracked).
    strings: [{ open: 'R"(', close: ')"', multiline: true }, DQ, SQ],
  },
  {
    name: 'C#', type: 'programming', extensions: ['.cs', '.csx'], ...C_LIKE,
    // """raw""" (C# 11), @"verbatim" ("" inside closes and reopens, which counts the same), "regular", 'c'.
    strings: [TRIPLE_DQ_RAW, { open: '@"', close: '"', multiline: true }, DQ, SQ],
  },
  { name: 'Objective-C', type: 'programming', extensions: ['.m'], ...C_LIKE, strings: [DQ, SQ] },
  { name: 'Objective-C++', type: 'programming', extensions: ['.mm'], ...C_LIKE, strings: [DQ, SQ] },
  {
    name: 'Java', type: 'programming', extensions: ['.java', '.jav'], ...C_LIKE,
    strings: [TRIPLE_DQ, DQ, SQ],
  },
  {
    name: 'Kotlin', type: 'programming', extensions: ['.kt', '.kts', '.ktm'], ...C_LIKE, nestedComments: true,
    interpreters: ['kotlin'], strings: [TRIPLE_DQ_RAW, DQ, SQ],
  },
  {
    name: 'Scala', type: 'programming', extensions: ['.scala', '.sc', '.sbt'], ...C_LIKE, nestedComments: true,
    interpreters: ['scala', 'amm'], strings: [TRIPLE_DQ_RAW, DQ], charLiterals: true,
  },
  {
    name: 'Groovy', type: 'programming', extensions: ['.groovy', '.gvy', '.gy', '.gsh'], filenames: ['Jenkinsfile'],
    interpreters: ['groovy'], ...C_LIKE, strings: [TRIPLE_DQ, TRIPLE_SQ, DQ, SQ],
  },
  {
    // Gradle build scripts, Groovy DSL (.gradle) and Kotlin DSL (.gradle.kts).
    name: 'Gradle', type: 'programming', extensions: ['.gradle', '.gradle.kts'], ...C_LIKE,
    strings: [TRIPLE_DQ, TRIPLE_SQ, DQ, SQ],
  },
  {
    name: 'Swift', type: 'programming', extensions: ['.swift'], ...C_LIKE, nestedComments: true,
    interpreters: ['swift'],
    strings: [{ open: '#"""', close: '"""#', multiline: true }, TRIPLE_DQ, { open: '#"', close: '"#' }, DQ],
  },
  {
    name: 'Dart', type: 'programming', extensions: ['.dart'], ...C_LIKE, nestedComments: true, interpreters: ['dart'],
    strings: [
      { open: "r'''", close: "'''", multiline: true }, { open: 'r"""', close: '"""', multiline: true },
      TRIPLE_DQ, TRIPLE_SQ, { open: "r'", close: "'" }, { open: 'r"', close: '"' }, DQ, SQ,
    ],
  },
  {
    name: 'Go', type: 'programming', extensions: ['.go'], ...C_LIKE,
    strings: [{ open: '`', close: '`', multiline: true }, DQ, SQ],
  },
  {
    name: 'Rust', type: 'programming', extensions: ['.rs'], ...C_LIKE, nestedComments: true,
    // Raw strings r"..", r#".."#, r##".."## (br/cr prefixes: the b/c is just code before them); "..." may span lines.
    strings: [
      { open: 'r##"', close: '"##', multiline: true }, { open: 'r#"', close: '"#', multiline: true },
      { open: 'r"', close: '"', multiline: true }, DQ_ML,
    ],
    charLiterals: true,
  },
  { name: 'Zig', type: 'programming', extensions: ['.zig', '.zon'], lineComments: C_LINE, strings: [DQ, SQ] },
  {
    name: 'D', type: 'programming', extensions: ['.d', '.di'], lineComments: C_LINE,
    blockComments: [['/+', '+/'], ['/*', '*/']], nestedComments: true, flatBlockComments: ['/*'],
    strings: [{ open: '`', close: '`', multiline: true }, { open: 'r"', close: '"', multiline: true }, DQ_ML, SQ],
  },
  { name: 'Solidity', type: 'programming', extensions: ['.sol'], ...C_LIKE, strings: [DQ, SQ] },
  { name: 'Protocol Buffers', type: 'data', extensions: ['.proto'], ...C_LIKE, strings: [DQ, SQ] },
  { name: 'Apex', type: 'programming', extensions: ['.cls', '.trigger', '.apex'], ...C_LIKE, strings: [SQ] },
  {
    name: 'Verilog', type: 'programming', extensions: ['.v', '.vh', '.sv', '.svh'], ...C_LIKE, strings: [DQ],
  },
  {
    name: 'GLSL', type: 'programming', extensions: ['.glsl', '.vert', '.frag', '.geom', '.comp', '.tesc', '.tese'],
    ...C_LIKE,
  },
  { name: 'CUDA', type: 'programming', extensions: ['.cu', '.cuh'], ...C_LIKE, strings: [DQ, SQ] },
  {
    name: 'JavaScript', type: 'programming', extensions: ['.js', '.mjs', '.cjs', '.jsx'],
    interpreters: ['node', 'nodejs', 'bun', 'qjs'], ...C_LIKE, strings: [BACKTICK_ML, DQ, SQ],
  },
  {
    // .tsx counts as TypeScript (one language per compiler); .ts may also be Qt Linguist (see disambiguate.ts).
    name: 'TypeScript', type: 'programming', extensions: ['.ts', '.tsx', '.mts', '.cts', '.d.ts'],
    interpreters: ['deno', 'ts-node', 'tsx'], ...C_LIKE, strings: [BACKTICK_ML, DQ, SQ],
  },
]

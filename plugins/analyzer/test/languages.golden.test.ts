// Golden line counts: small files with tricky comments and strings, every line classified by hand.
// Each fixture line is tagged C (code), M (comment) or B (blank); the tag's reason is in a trailing note where
// it is not obvious. `expected` restates the hand count and must equal the tally of the tags.
// Fixtures marked `cloc: true` are also counted by cloc (apt package `cloc`), which must agree; the others say
// which cloc shortcut makes it differ. Without cloc the comparison is skipped visibly, unless CI=true.
import { describeGolden, type Golden } from './helpers/golden.ts'

const GOLDEN: Golden[] = [
  {
    file: 'strings.ts', language: 'TypeScript', cloc: true, expected: { code: 10, comment: 8, blank: 2 },
    lines: [
      ['M', '// Line comment at the top'],
      ['C', "import { x } from './x.ts' // code then a line comment is code"],
      ['C', "const url = 'http://example.com/*not-a-comment*/'"],
      ['C', 'const q = "escaped \\" quote // still inside the string"'],
      ['B', ''],
      ['C', '/* one-line block */ const after = 1'], // block comment, then code on the same line
      ['M', '/* one-line block only */'],
      ['C', 'const before = 2 /* code, then a block comment starts'],
      ['M', '   still in the block comment'],
      ['B', '    '], // whitespace only, inside the block comment: blank (cloc)
      ['M', '   end of the block */'],
      ['M', '/** JSDoc with // and "quotes" inside a comment'],
      ['M', ' * @param a text'],
      ['M', ' */'],
      ['C', "export function f(a: string): string { return a + '/*' }"], // '/*' is a string
      ['C', 'const t = 1'],
      ['C', "const s = '/* not a comment start'; const u = 1"],
      ['C', 'const end = 3 // and a "comment" with quotes'],
      ['C', '}'],
      ['M', '// done'],
    ],
  },
  {
    // Template literal spanning lines: every non-blank line inside is code, even when it looks like a comment.
    file: 'template.js', language: 'JavaScript', cloc: 'cloc does not track template literals: it counts the // line inside as comment',
    expected: { code: 5, comment: 1, blank: 1 },
    lines: [
      ['C', 'const tpl = `line one'],
      ['C', '// inside a template literal: code'],
      ['B', ''], // blank inside the string: blank (cloc)
      ['C', '/* also inside */ ${x}`'],
      ['M', '// a real comment'],
      ['C', 'const y = `one-line ${"`"} template` // trailing'],
      ['C', 'export { tpl }'],
    ],
  },
  {
    // CRLF line ends and no newline after the last line.
    file: 'crlf.js', language: 'JavaScript', cloc: true, eol: '\r\n', finalNewline: false,
    expected: { code: 2, comment: 2, blank: 1 },
    lines: [
      ['M', '// crlf file'],
      ['C', 'const a = 1;'],
      ['B', ''],
      ['M', '/* x */'],
      ['C', 'const b = "// no" // last line, no final newline'],
    ],
  },
  {
    file: 'empty.ts', language: 'TypeScript', cloc: 'cloc skips empty files', expected: { code: 0, comment: 0, blank: 0 },
    lines: [],
  },
  {
    // Whitespace-only lines (spaces, tabs, a CR) and no final newline: 3 blank lines.
    file: 'blank.py', language: 'Python', cloc: true, finalNewline: false, expected: { code: 0, comment: 0, blank: 3 },
    lines: [['B', '   '], ['B', '\t\t'], ['B', ' \r']],
  },
  {
    file: 'docstrings.py', language: 'Python', cloc: true, expected: { code: 7, comment: 7, blank: 3 },
    lines: [
      ['C', '#!/usr/bin/env python3'], // a #! first line is code (cloc)
      ['M', '"""Module docstring.'], // a triple-quoted string on its own: docstring = comment (cloc)
      ['B', ''],
      ['M', 'Spans lines; a # here is docstring text.'],
      ['M', '"""'],
      ['C', 'import os  # trailing comment'],
      ['B', ''],
      ['C', 'URL = "http://example.com/#anchor"'], // # inside a string
      ['C', 'def f(x):'],
      ['M', '    \'\'\'Single-quoted docstring with "quotes" and a # sign.\'\'\''],
      ['C', "    s = 'it\\'s # not a comment'"], // escaped quote keeps the string open past the #
      ['C', '    return x  # done'],
      ['M', '    # indented comment'],
      ['B', '    '],
      ['C', 'class K:'],
      ['M', '    """One-line class docstring."""'],
      ['M', '    # pass'],
    ],
  },
  {
    // Beyond cloc: cloc turns every """ into a C comment, so the assigned string's later lines would be comments,
    // and r"""...""" counts as code there (the r is left on the line).
    file: 'triple.py', language: 'Python', cloc: 'cloc counts lines of an assigned """string""" as comments',
    expected: { code: 4, comment: 2, blank: 0 },
    lines: [
      ['C', 'QUERY = """SELECT *   # a triple-quoted string after code is a string: code'],
      ['C', 'FROM t  # still in the string'],
      ['C', '"""'],
      ['M', 'r"""Raw docstring statement (prefix letters allowed)."""'],
      ['M', 'u"""Unicode docstring statement."""'],
      ['C', 'x = 1'],
    ],
  },
  {
    file: 'nested.rs', language: 'Rust', cloc: 'cloc does not nest Rust block comments nor know raw strings',
    expected: { code: 9, comment: 8, blank: 1 },
    lines: [
      ['M', '//! Crate docs'],
      ['M', '/* outer /* inner */ still a comment: Rust comments nest */'],
      ['C', "fn longest<'a>(x: &'a str, y: &'a str) -> &'a str { x } // lifetimes are not char literals"],
      ['C', "let quote = '\"'; let slash = '/';"], // '"' is a char literal, not a string start
      ['C', 'let raw = r#"a "quoted" // not a comment'],
      ['C', '/* nor this */ "#;'], // still inside the raw string
      ['M', '/* a'],
      ['M', '   /* nested'],
      ['M', '   */ one level closed, still a comment'],
      ['M', '*/'],
      ['C', 'let s = "multi'],
      ['C', 'line // string";'], // Rust strings may span lines
      ['M', '/// doc comment'],
      ['C', "let c = '\\''; // escaped char literal"],
      ['B', ''],
      ['C', 'fn main() {} /* trailing block'],
      ['M', '*/'],
      ['C', "fn lt<'b>() /* block after a lifetime */ {}"],
    ],
  },
  {
    file: 'raw.go', language: 'Go', cloc: 'cloc counts the // line inside a raw `string` as comment',
    expected: { code: 7, comment: 3, blank: 1 },
    lines: [
      ['C', 'package main'],
      ['B', ''],
      ['C', 'import "fmt" // trailing'],
      ['M', '/* Package doc'],
      ['M', '   with "quotes" */'],
      ['C', 'var raw = `first line'],
      ['C', '// not a comment in a raw string'],
      ['C', '/* nor this */`'],
      ['C', "var r = '\"'"],
      ['C', 'var s = "/* still a string */" /* real comment */'],
      ['M', '// end'],
    ],
  },
  {
    file: 'strings.c', language: 'C', cloc: true, expected: { code: 7, comment: 4, blank: 1 },
    lines: [
      ['C', '#include <stdio.h> /* std io */'],
      ['M', '/* Multi-line'],
      ['M', ' * "comment" with a // marker'],
      ['M', ' */'],
      ['C', 'int main(void) {'],
      ['C', "  char q = '\"';  /* a quote char, not a string start */"],
      ['C', '  const char *s = "/* not a comment */ \\" // still string";'],
      ['C', '  printf("%s\\n", s); // print'],
      ['M', '  // comment-only'],
      ['B', ''],
      ['C', '  return 0;'],
      ['C', '}'],
    ],
  },
  {
    file: 'raw.cpp', language: 'C++', cloc: true,
    expected: { code: 4, comment: 1, blank: 0 },
    lines: [
      ['C', '#include <string>'],
      ['C', 'auto s = R"(raw // not a comment'],
      ['C', '/* not a comment */)";'],
      ['M', '// real comment'],
      ['C', 'std::string t = "R\\"("; // escaped quote, not a raw string'],
    ],
  },
  {
    file: 'Nested.hs', language: 'Haskell', cloc: 'cloc does not nest Haskell {- -} comments',
    expected: { code: 7, comment: 6, blank: 1 },
    lines: [
      ['M', '{- Module header {- nested -} still comment -}'],
      ['C', 'module Main where'],
      ['B', ''],
      ['C', 'main :: IO ()'],
      ['C', 'main = putStrLn "-- not a comment {- nor this -}"  -- trailing'],
      ['M', '-- | Haddock comment'],
      ['C', "f' x = x' where x' = x -- primes are not char literals"],
      ['C', "c = '\"'"],
      ['M', '{-'],
      ['M', '  {- deeply'],
      ['M', '     nested -}'],
      ['M', '-}'],
      ['C', 'g = 1 {- inline -} + 2'],
      ['C', 'h = 3'],
    ],
  },
]

describeGolden('countLines golden files', GOLDEN)

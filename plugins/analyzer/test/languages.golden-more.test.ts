// Golden line counts, part 2 (scripting, markup, data and legacy languages); same format as languages.golden.test.ts:
// small files with tricky comments and strings, every line classified by hand.
// Each fixture line is tagged C (code), M (comment) or B (blank); the tag's reason is in a trailing note where
// it is not obvious. `expected` restates the hand count and must equal the tally of the tags.
// Fixtures marked `cloc: true` are also counted by cloc (apt package `cloc`), which must agree; the others say
// which cloc shortcut makes it differ. Without cloc the comparison is skipped visibly, unless CI=true.
import { describeGolden, type Golden } from './helpers/golden.ts'

const GOLDEN: Golden[] = [
  {
    file: 'script.sh', language: 'Shell', cloc: true, expected: { code: 5, comment: 2, blank: 1 },
    lines: [
      ['C', '#!/bin/bash'], // a #! first line is code (cloc)
      ['M', '# comment'],
      ['C', 'echo "# not a comment" # trailing'],
      ['C', "echo 'it''s' \"a \\\" # b\""], // escaped quote inside "...": the # is still in the string
      ['B', ''],
      ['C', 'if [ -n "$x" ]; then echo x; fi'],
      ['M', '   # indented comment'],
      ['C', 'exit 0'],
    ],
  },
  {
    file: 'multiline.sh', language: 'Shell', cloc: 'cloc counts every line starting with # as comment, even inside a string',
    expected: { code: 3, comment: 0, blank: 0 },
    lines: [
      ['C', "msg='single quoted"],
      ['C', "# inside a multi-line string'"],
      ['C', 'echo "$msg"'],
    ],
  },
  {
    file: 'blocks.rb', language: 'Ruby', cloc: true, expected: { code: 6, comment: 5, blank: 1 },
    lines: [
      ['M', '# frozen_string_literal: true'],
      ['C', "require 'json' # trailing"],
      ['M', '=begin'], // =begin/=end at column 1: block comment
      ['M', 'Block comment; "quotes" and # marks.'],
      ['B', ''],
      ['M', '=end'],
      ['C', 's = "#{1 + 1} # interpolation, not a comment"'],
      ['C', 'x = begin'], // `=begin` not at column 1 is code
      ['C', '  1'],
      ['C', 'end'],
      ['M', '  # done'],
      ['C', 'puts x'],
    ],
  },
  {
    file: 'query.sql', language: 'SQL', cloc: true, expected: { code: 4, comment: 3, blank: 1 },
    lines: [
      ['M', '-- comment'],
      ['C', "SELECT 'it''s -- not a comment' AS a, -- '' doubles a quote, the -- stays in the string"],
      ['C', '       "col" /* inline */'],
      ['C', 'FROM t;'],
      ['M', '/* multi'],
      ['M', '   line */'],
      ['B', ''],
      ['C', "INSERT INTO t VALUES ('/* not a comment */');"],
    ],
  },
  {
    file: 'page.html', language: 'HTML', cloc: true, expected: { code: 3, comment: 4, blank: 1 },
    lines: [
      ['C', '<!DOCTYPE html>'],
      ['M', '<!-- comment -->'],
      ['M', '<!--'],
      ['M', '  multi-line'],
      ['B', ''],
      ['M', '-->'],
      ['C', '<p>text <!-- trailing --></p>'],
      ['C', '<!-- leading --> <br>'], // comment, then markup: code
    ],
  },
  {
    file: 'style.css', language: 'CSS', cloc: true, expected: { code: 2, comment: 4, blank: 0 },
    lines: [
      ['M', '/* header */'],
      ['C', 'a::before { content: "/* not a comment */"; }'],
      ['C', 'b { color: red; } /* trailing */'],
      ['M', '/*'],
      ['M', ' * multi'],
      ['M', ' */'],
    ],
  },
  {
    file: 'long.lua', language: 'Lua', cloc: 'cloc does not know Lua long strings [[...]]: a -- line inside one is a comment there',
    expected: { code: 3, comment: 5, blank: 0 },
    lines: [
      ['M', '-- comment'],
      ['M', '--[[ block'],
      ['M', 'still block ]]'],
      ['C', 'local s = [[ long string'],
      ['C', '-- not a comment ]]'],
      ['C', 'local t = "-- not a comment" -- trailing'],
      ['M', '--[==[ level-2 block with ]] inside'],
      ['M', ']==]'],
    ],
  },
  {
    file: 'nested.swift', language: 'Swift', cloc: true,
    expected: { code: 4, comment: 2, blank: 0 },
    lines: [
      ['M', '/* outer /* inner */ still outer */'],
      ['C', 'let s = "/* not a comment */"'],
      ['C', 'let m = """'],
      ['C', '    // inside a multi-line string'],
      ['C', '    """'],
      ['M', '// end'],
    ],
  },
  {
    file: 'data.json', language: 'JSON', cloc: true, expected: { code: 4, comment: 0, blank: 1 },
    lines: [
      ['C', '{'],
      ['C', '  "url": "http://example.com/*x*/",'],
      ['C', '  "a": "// no comments in JSON"'],
      ['B', ''],
      ['C', '}'],
    ],
  },
  {
    file: 'config.yaml', language: 'YAML', cloc: true, expected: { code: 4, comment: 1, blank: 1 },
    lines: [
      ['M', '# comment'],
      ['C', 'key: "value # not a comment"'],
      ['C', 'other: value # trailing'],
      ['B', ''],
      ['C', 'list:'],
      ['C', "  - 'it''s # fine'"],
    ],
  },
  {
    file: 'README.md', language: 'Markdown', cloc: true, expected: { code: 3, comment: 2, blank: 1 },
    lines: [
      ['C', '# Heading'], // a Markdown heading is text, not a comment
      ['B', ''],
      ['C', 'Text with `// code` and a [link](http://example.com).'],
      ['M', '<!-- hidden'],
      ['M', 'comment -->'],
      ['C', '- item'],
    ],
  },
  {
    file: 'nested.ml', language: 'OCaml', cloc: true,
    expected: { code: 3, comment: 3, blank: 0 },
    lines: [
      ['M', '(* outer (* nested *) still outer *)'],
      ['C', 'let s = "(* not a comment *)"'],
      ['C', "let id (x : 'a) : 'a = x (* 'a is a type variable, not a char *)"],
      ['M', '(* multi'],
      ['M', '   line *)'],
      ['C', "let c = '\"'"],
    ],
  },
  {
    file: 'index.php', language: 'PHP', cloc: true, expected: { code: 3, comment: 3, blank: 0 },
    lines: [
      ['C', '<?php'],
      ['M', '# hash comment'],
      ['M', '// slash comment'],
      ['C', '$u = "http://x.com/#a"; // trailing'],
      ['M', '/* block */'],
      ['C', "echo 'done';"],
    ],
  },
  {
    file: 'f.m', language: 'MATLAB', cloc: true, expected: { code: 4, comment: 4, blank: 0 },
    lines: [
      ['M', '% comment'],
      ['C', 'function y = f(x)'],
      ['M', '%{'],
      ['M', 'block comment'],
      ['M', '%}'],
      ['C', "  y = x'; % transpose, then a comment"],
      ['C', "  s = 'it''s 50% off';"],
      ['C', 'end'],
    ],
  },
  {
    file: 'hello.f', language: 'Fortran 77', cloc: true, expected: { code: 3, comment: 3, blank: 0 },
    lines: [
      ['C', '      PROGRAM HELLO'],
      ['M', 'C     C in column 1 makes a comment line'],
      ['M', '*     so does *'],
      ['C', "      PRINT *, 'HELLO ! not a comment'"],
      ['M', '! bang comment'],
      ['C', '      END'],
    ],
  },
  {
    file: 'run.bat', language: 'Batch', cloc: true, expected: { code: 3, comment: 3, blank: 0 },
    lines: [
      ['C', '@echo off'],
      ['M', 'REM comment'],
      ['M', ':: also a comment'],
      ['C', 'echo remove'], // "rem" only as its own word at the start of a line
      ['M', '  rem indented'],
      ['C', 'set X=1'],
    ],
  },
]

describeGolden('countLines golden files (more languages)', GOLDEN)

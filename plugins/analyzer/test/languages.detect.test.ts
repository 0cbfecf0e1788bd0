// detectLanguage, the LANGUAGES table and isProbablyBinary.
import { describe, expect, it } from 'vitest'
import { countLines } from '../src/languages/countLines.ts'
import { detectLanguage } from '../src/languages/detectLanguage.ts'
import { isProbablyBinary } from '../src/languages/isProbablyBinary.ts'
import { LANGUAGES, languageByName } from '../src/languages/languages.ts'

const name = (path: string, head = ''): string | undefined => detectLanguage(path, head)?.name

describe('LANGUAGES', () => {
  it('has at least 45 languages with unique names', () => {
    const names = LANGUAGES.map((l) => l.name)
    expect(new Set(names).size).toBe(names.length)
    expect(names.length).toBeGreaterThanOrEqual(45)
  })

  it('spells extensions as lower-case ".ext" and finds every language by name', () => {
    for (const lang of LANGUAGES) {
      for (const ext of lang.extensions) expect(ext, lang.name).toMatch(/^\.[a-z0-9+._-]+$/)
      expect(languageByName(lang.name)).toBe(lang)
      expect(lang.extensions.length + (lang.filenames?.length ?? 0), lang.name).toBeGreaterThan(0)
    }
  })

  it('detects every language from one of its extensions or file names', () => {
    // Languages whose only extensions default to another language need a head that shows them.
    const heads: Record<string, string> = { 'Coq': 'Theorem t : True.\n', 'Qt Linguist': '<?xml version="1.0"?>\n<!DOCTYPE TS>\n' }
    for (const lang of LANGUAGES) {
      const head = heads[lang.name] ?? ''
      const found = [...lang.extensions.map((e) => name(`src/x${e}`, head)), ...(lang.filenames ?? []).map((f) => name(f, head))]
      expect(found, lang.name).toContain(lang.name)
    }
  })
})

describe('detectLanguage by extension', () => {
  const cases: Array<[string, string]> = [
    ['src/a.ts', 'TypeScript'], ['src/a.tsx', 'TypeScript'], ['a.mts', 'TypeScript'], ['types/x.d.ts', 'TypeScript'],
    ['a.js', 'JavaScript'], ['a.jsx', 'JavaScript'], ['a.mjs', 'JavaScript'], ['a.cjs', 'JavaScript'],
    ['a.py', 'Python'], ['a.pyi', 'Python'], ['a.rs', 'Rust'], ['a.go', 'Go'], ['A.java', 'Java'], ['a.kt', 'Kotlin'],
    ['a.kts', 'Kotlin'], ['a.scala', 'Scala'], ['a.groovy', 'Groovy'], ['build.gradle', 'Gradle'],
    ['settings.gradle.kts', 'Gradle'], ['a.c', 'C'], ['a.cpp', 'C++'], ['a.hpp', 'C++'], ['a.cc', 'C++'],
    ['a.cs', 'C#'], ['a.fs', 'F#'], ['a.mm', 'Objective-C++'], ['a.swift', 'Swift'], ['a.dart', 'Dart'],
    ['a.rb', 'Ruby'], ['a.gemspec', 'Ruby'], ['a.php', 'PHP'], ['views/home.blade.php', 'PHP'], ['a.pm', 'Perl'],
    ['a.lua', 'Lua'], ['a.R', 'R'], ['a.jl', 'Julia'], ['a.hs', 'Haskell'], ['a.ml', 'OCaml'], ['a.ex', 'Elixir'],
    ['a.exs', 'Elixir'], ['a.erl', 'Erlang'], ['a.clj', 'Clojure'], ['a.zig', 'Zig'], ['a.nim', 'Nim'],
    ['a.cr', 'Crystal'], ['a.sh', 'Shell'], ['a.bash', 'Shell'], ['a.zsh', 'Shell'], ['a.fish', 'Fish'],
    ['a.ps1', 'PowerShell'], ['a.sql', 'SQL'], ['a.html', 'HTML'], ['a.css', 'CSS'], ['a.scss', 'SCSS'],
    ['a.less', 'Less'], ['a.vue', 'Vue'], ['a.svelte', 'Svelte'], ['a.md', 'Markdown'], ['a.json', 'JSON'],
    ['a.yaml', 'YAML'], ['a.yml', 'YAML'], ['a.toml', 'TOML'], ['a.xml', 'XML'], ['a.svg', 'XML'],
    ['main.tf', 'HCL'], ['a.proto', 'Protocol Buffers'], ['a.graphql', 'GraphQL'], ['a.sol', 'Solidity'],
    ['a.asm', 'Assembly'], ['a.S', 'Assembly'], ['a.f90', 'Fortran'], ['a.f', 'Fortran 77'], ['a.cob', 'COBOL'],
    ['a.vb', 'Visual Basic'], ['a.bat', 'Batch'], ['a.cmd', 'Batch'], ['a.rst', 'reStructuredText'], ['a.tex', 'TeX'],
    ['a.vim', 'Vim script'], ['a.elm', 'Elm'], ['a.purs', 'PureScript'], ['a.cmake', 'CMake'], ['a.mk', 'Makefile'],
    ['a.dockerfile', 'Dockerfile'], ['a.d', 'D'], ['a.el', 'Emacs Lisp'], ['a.lisp', 'Common Lisp'], ['a.rkt', 'Scheme'],
    ['a.jsonc', 'JSON with Comments'], ['a.ini', 'INI'], ['a.nix', 'Nix'], ['a.tcl', 'Tcl'], ['a.pas', 'Pascal'],
    ['a.adb', 'Ada'], ['a.coffee', 'CoffeeScript'], ['a.bzl', 'Starlark'], ['a.cu', 'CUDA'], ['a.glsl', 'GLSL'],
  ]
  it.each(cases)('%s → %s', (path, expected) => expect(name(path)).toBe(expected))

  it('ignores case, except .C and .H which are C++', () => {
    expect(name('LEGACY/MAIN.PY')).toBe('Python')
    expect(name('README.MD')).toBe('Markdown')
    expect(name('x.C')).toBe('C++')
    expect(name('x.H')).toBe('C++')
  })

  it('returns undefined for unknown files', () => {
    expect(name('LICENSE')).toBeUndefined()
    expect(name('notes.txt')).toBeUndefined()
    expect(name('image.png')).toBeUndefined()
    expect(name('.gitignore')).toBeUndefined()
  })
})

describe('detectLanguage by file name', () => {
  const cases: Array<[string, string]> = [
    ['Dockerfile', 'Dockerfile'], ['docker/Dockerfile.prod', 'Dockerfile'], ['Containerfile', 'Dockerfile'],
    ['Makefile', 'Makefile'], ['GNUmakefile', 'Makefile'], ['makefile', 'Makefile'], ['Makefile.linux', 'Makefile'],
    ['CMakeLists.txt', 'CMake'], ['Gemfile', 'Ruby'], ['Rakefile', 'Ruby'], ['Vagrantfile', 'Ruby'], ['Podfile', 'Ruby'],
    ['Jenkinsfile', 'Groovy'], ['BUILD', 'Starlark'], ['BUILD.bazel', 'Starlark'], ['WORKSPACE', 'Starlark'],
    ['home/.bashrc', 'Shell'], ['.zshrc', 'Shell'], ['.profile', 'Shell'], ['PKGBUILD', 'Shell'], ['.vimrc', 'Vim script'],
    ['tsconfig.json', 'JSON with Comments'], ['Pipfile', 'TOML'], ['Cargo.lock', 'TOML'], ['meson.build', 'Meson'],
    ['justfile', 'Just'], ['SConstruct', 'Python'], ['.emacs', 'Emacs Lisp'], ['pom.xml', 'XML'],
  ]
  it.each(cases)('%s → %s', (path, expected) => expect(name(path)).toBe(expected))
})

describe('detectLanguage by shebang', () => {
  const cases: Array<[string, string]> = [
    ['#!/usr/bin/env python3\n', 'Python'], ['#!/usr/bin/python3.11 -u\n', 'Python'], ['#!/bin/bash\n', 'Shell'],
    ['#!/bin/sh -e\n', 'Shell'], ['#!/usr/bin/env zsh\n', 'Shell'], ['#!/usr/bin/env node\n', 'JavaScript'],
    ['#!/usr/bin/env -S deno run --allow-net\n', 'TypeScript'], ['#!/usr/bin/env ruby\n', 'Ruby'],
    ['#!/usr/bin/perl -w\n', 'Perl'], ['#!/usr/bin/env php\n', 'PHP'], ['#!/usr/bin/env lua5.4\n', 'Lua'],
    ['#!/usr/bin/env Rscript\n', 'R'], ['#!/usr/bin/env -S LC_ALL=C fish\n', 'Fish'], ['#!/usr/bin/env pwsh\n', 'PowerShell'],
    ['#!/usr/bin/env elixir\n', 'Elixir'], ['#!/usr/bin/env escript\n', 'Erlang'], ['#!/usr/bin/awk -f\n', 'AWK'],
    ['#!/usr/bin/env julia\n', 'Julia'], ['#!/usr/bin/env runghc\n', 'Haskell'], ['\uFEFF#!/usr/bin/env python\n', 'Python'],
  ]
  it.each(cases)('%j → %s', (head, expected) => expect(name('bin/tool', head)).toBe(expected))

  it('prefers the extension and file name over the shebang; unknown interpreters give undefined', () => {
    expect(name('x.sh', '#!/usr/bin/env python3\n')).toBe('Shell')
    expect(name('bin/tool', '#!/usr/bin/env nonexistent-interp\n')).toBeUndefined()
    expect(name('bin/tool', 'echo no shebang\n')).toBeUndefined()
    expect(name('bin/tool', '<?php echo 1;\n')).toBe('PHP')
  })
})

describe('detectLanguage for ambiguous extensions', () => {
  it('.h: C by default, C++ on C++ syntax, Objective-C on @interface/#import', () => {
    expect(name('a.h', '')).toBe('C')
    expect(name('a.h', '#ifndef A_H\n#define A_H\nstruct point { int x; };\nint f(void);\n#endif\n')).toBe('C')
    expect(name('a.h', '#pragma once\nnamespace app {\nint f();\n}\n')).toBe('C++')
    expect(name('a.h', '#include <vector>\nstd::vector<int> v();\n')).toBe('C++')
    expect(name('a.h', 'template <typename T>\nT id(T x);\n')).toBe('C++')
    expect(name('a.h', 'class Widget {\npublic:\n  virtual ~Widget();\n};\n')).toBe('C++')
    expect(name('a.h', '#import <Foundation/Foundation.h>\n@interface Foo : NSObject\n@end\n')).toBe('Objective-C')
  })

  it('.m: Objective-C on @interface/@implementation/#import, MATLAB on % comments and function/end', () => {
    expect(name('a.m', '#import "Foo.h"\n@implementation Foo\n- (void)bar {}\n@end\n')).toBe('Objective-C')
    expect(name('a.m', '% compute the mean\nfunction m = avg(x)\n  m = sum(x) / numel(x);\nend\n')).toBe('MATLAB')
    expect(name('a.m', 'x = linspace(0, 1);\nplot(x, x.^2)\n')).toBe('MATLAB')
    expect(name('a.m', '')).toBe('Objective-C')
  })

  it('.ts: Qt Linguist for XML translation files, TypeScript otherwise', () => {
    expect(name('i18n/app_de.ts', '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="de">\n')).toBe('Qt Linguist')
    expect(name('i18n/app_fr.ts', '<TS version="2.1" language="fr_FR">\n<context>\n')).toBe('Qt Linguist')
    expect(name('src/app.ts', 'import x from "./x.ts"\nconst a: Array<string> = []\n')).toBe('TypeScript')
    expect(name('src/app.ts', '')).toBe('TypeScript')
    expect(name('src/types.d.ts', '<?xml')).toBe('TypeScript') // .d.ts is always TypeScript
  })

  it('.pl: Perl unless the head is Prolog clauses', () => {
    expect(name('a.pl', 'use strict;\nmy $x = 1;\n')).toBe('Perl')
    expect(name('a.pl', ':- module(app, [run/0]).\nparent(tom, bob).\nancestor(X, Y) :- parent(X, Y).\n')).toBe('Prolog')
  })

  it('.v: Verilog unless Coq; .cls: TeX on \\ commands, else Apex', () => {
    expect(name('a.v', 'module top(input clk);\nendmodule\n')).toBe('Verilog')
    expect(name('a.v', 'Require Import Arith.\nTheorem t : 1 = 1.\nProof. reflexivity. Qed.\n')).toBe('Coq')
    expect(name('a.cls', '\\NeedsTeXFormat{LaTeX2e}\n\\ProvidesClass{my}\n')).toBe('TeX')
    expect(name('a.cls', 'public with sharing class Foo {\n}\n')).toBe('Apex')
  })
})

describe('isProbablyBinary', () => {
  it('flags NUL bytes and mostly-undecodable text, not ordinary text', () => {
    expect(isProbablyBinary('')).toBe(false)
    expect(isProbablyBinary('hello\nworld\t\r\n')).toBe(false)
    expect(isProbablyBinary('\u001b[31mred\u001b[0m log\n')).toBe(false) // ANSI escapes are text
    expect(isProbablyBinary('ünïcödé — “quotes” 漢字\n')).toBe(false)
    expect(isProbablyBinary('PK\u0003\u0004\u0000\u0000')).toBe(true)
    expect(isProbablyBinary('\uFFFDPNG\r\n\u001a\n' + '\uFFFD\u0001\u0002'.repeat(50))).toBe(true)
    expect(isProbablyBinary('text with one stray \uFFFD replacement char '.repeat(20))).toBe(false)
  })
})

describe('countLines speed', () => {
  it('counts 2 MB of TypeScript in well under a second', () => {
    const chunk = 'const url = "http://x" // c\n/* block\n * more */\nconst t = `a\n${b}`\n\n'
    const text = chunk.repeat(Math.ceil(2_000_000 / chunk.length))
    const ts = languageByName('TypeScript')!
    const start = performance.now()
    const counts = countLines(text, ts)
    const ms = performance.now() - start
    expect(counts.code + counts.comment + counts.blank).toBe(text.split('\n').length - 1)
    expect(ms).toBeLessThan(1000)
  })
})

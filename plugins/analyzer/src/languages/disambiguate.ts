// Content rules for extensions shared by several languages. Each rule sees the first ~4 KB of the file and
// returns a language name, or undefined to keep the extension's default (the first language listing it).
//
//   .h   → Objective-C on @interface/@protocol/#import, C++ on C++-only syntax, else C.
//   .m   → Objective-C on @interface/@implementation/#import/..., MATLAB on %-comments, `function`, `end`,
//          else Objective-C (linguist's default; an empty .m gives no better clue).
//   .ts  → Qt Linguist when the text is XML (<?xml, <!DOCTYPE TS>, <TS version=...>), else TypeScript.
//   .pl  → Prolog on `:-` clauses/directives without Perl markers, else Perl.
//   .v   → Coq on Theorem/Lemma/Proof./Qed./Require, else Verilog.
//   .cls → TeX on \ commands (\NeedsTeXFormat, \ProvidesClass, \LoadClass...), else Apex.

const OBJC = /^\s*(?:@interface|@implementation|@protocol|@end\b|@property|@synthesize|#import\b)|@"|\[\[?\w+\s+alloc\]/m
const CPP =
  /\bnamespace\s+[\w:]*\s*\{|\btemplate\s*<|\bstd::|^\s*#\s*include\s*<[a-z_]+>|^\s*class\s+\w+[\w\s:,<>]*\{|^\s*class\s+\w+\s*;|\b(?:public|private|protected)\s*:|\bvirtual\s|\bconstexpr\b|\bnullptr\b|\busing\s+namespace\b|\boperator\s*[^\w\s]+\s*\(/m
const MATLAB =
  /^\s*%|^\s*function\s+(?:\[[^\]]*\]\s*=\s*|\w+\s*=\s*)?\w+\s*(?:\(|$)|^\s*end\s*;?\s*$|^\s*(?:disp|fprintf|plot|figure|clc|clear|close all)\b/m
// Anchored at the start of the file: a TypeScript file may well mention <TS version=...> in a string.
const QT_LINGUIST = /^\uFEFF?\s*(<\?xml|<!DOCTYPE\s+TS\b|<TS\b[^>]*\bversion\s*=)/
const PROLOG = /^\s*:-|^[a-z]\w*(?:\([^)]*\))?\s*:-/m
const PERL = /^\s*(?:use\s+(?:strict|warnings|v?\d)|my\s+[$@%]|sub\s+\w+|package\s+[\w:]+;)|\$\w+\s*=~|^#!.*perl/m
const COQ = /^\s*(?:Theorem|Lemma|Proof\.|Qed\.|Require\s+Import|Inductive|Fixpoint|Definition\s+\w+.*:=)/m
const TEX = /^\s*\\(?:NeedsTeXFormat|ProvidesClass|LoadClass|DeclareOption|ProcessOptions|newcommand|RequirePackage|def\b)/m

type Rule = (head: string) => string | undefined

const RULES: Record<string, Rule> = {
  '.h': (head) => (OBJC.test(head) ? 'Objective-C' : CPP.test(head) ? 'C++' : 'C'),
  '.m': (head) => (OBJC.test(head) ? 'Objective-C' : MATLAB.test(head) ? 'MATLAB' : 'Objective-C'),
  '.ts': (head) => (QT_LINGUIST.test(head) ? 'Qt Linguist' : 'TypeScript'),
  '.pl': (head) => (PROLOG.test(head) && !PERL.test(head) ? 'Prolog' : 'Perl'),
  '.v': (head) => (COQ.test(head) ? 'Coq' : 'Verilog'),
  '.cls': (head) => (TEX.test(head) ? 'TeX' : 'Apex'),
}

/** The content rule for a (lower-case, dotted) extension, if it is ambiguous. */
export function disambiguationRule(ext: string): Rule | undefined {
  return Object.hasOwn(RULES, ext) ? RULES[ext] : undefined
}

// The smell kinds analyzeFileText reports, grouped by what they say about the code. Smells are only reported for
// non-test code (an `unwrap()` or an `as any` in a test is normal).

export type SmellCategory = 'error-handling' | 'type-safety' | 'complexity'

export interface SmellKind {
  category: SmellCategory
  description: string
}

export const SMELL_KINDS: Readonly<Record<string, SmellKind>> = {
  'rust-unwrap': { category: 'error-handling', description: '`.unwrap()` in Rust non-test code (panics on error)' },
  'rust-expect': { category: 'error-handling', description: '`.expect(...)` in Rust non-test code (panics on error)' },
  'python-bare-except': { category: 'error-handling', description: 'bare `except:` in Python (also catches SystemExit, KeyboardInterrupt)' },
  'python-except-pass': { category: 'error-handling', description: '`except Exception: pass` in Python (errors silently dropped)' },
  'empty-catch': { category: 'error-handling', description: 'empty `catch {}` block without even a comment (errors silently dropped)' },
  'go-panic': { category: 'error-handling', description: '`panic(` in a Go library package (not package main)' },
  'ts-any': { category: 'type-safety', description: '`: any` / `as any` / `<any>` in TypeScript' },
  'ts-ignore': { category: 'type-safety', description: '`@ts-ignore` / `@ts-nocheck` comment' },
  'deep-nesting': { category: 'complexity', description: 'function with blocks nested 5+ levels deep (reported once per function)' },
  'complex-function': { category: 'complexity', description: 'function with more than 15 branch points (if/for/while/case/catch/&&/||)' },
}

export function smellCategory(kind: string): SmellCategory | undefined {
  return SMELL_KINDS[kind]?.category
}

// analyzeFileText on inline snippets: functions, TODOs, smells, duplicated-block hashes.
import { describe, expect, it } from 'vitest'
import { analyzeFileText } from '../src/quality/analyzeFileText.ts'
import { unpackBlock } from '../src/quality/blockHashes.ts'
import { languageByName } from '../src/languages/languages.ts'
import type { LanguageDef } from '../src/types.ts'

// The real language definitions: the views come from the same scanner that counts lines.
const lang = (name: string): LanguageDef => {
  const def = languageByName(name)
  if (!def) throw new Error(`no language ${name}`)
  return def
}
const TS = lang('TypeScript')
const PY = lang('Python')
const RS = lang('Rust')
const GO = lang('Go')
const JAVA = lang('Java')
const RB = lang('Ruby')
const MD = lang('Markdown')

const fns = (r: ReturnType<typeof analyzeFileText>) => r.functions.map((f) => `${f.name}@${f.line}+${f.lines}`)
const smells = (r: ReturnType<typeof analyzeFileText>) => r.smells.map((s) => `${s.kind}@${s.line}`)

describe('analyzeFileText: functions', () => {
  it('TypeScript: declarations, arrows, methods, object members; not callbacks or strings', () => {
    const src = [
      "import { x } from 'y'", //                                          1
      'export function foo(a: number, o: { b: string; c: number }): Map<string, number> {', // 2
      '  const s = "function fake() {"', //                                3
      '  return new Map()', //                                              4
      '}', //                                                               5
      'const handler = async (req: Req) => {', //                          6
      "  app.get('/', (req, res) => {", //                                  7
      "    res.send('ok')", //                                              8
      '  })', //                                                            9
      '}', //                                                               10
      'class A {', //                                                       11
      '  method(x: string): void {', //                                     12
      '    call()', //                                                      13
      '  }', //                                                             14
      '  get v() { return 1 }', //                                          15
      '}', //                                                               16
      'const o = {', //                                                     17
      '  onClick: (e) => {', //                                             18
      '    go()', //                                                        19
      '  },', //                                                            20
      '}', //                                                               21
    ].join('\n')
    expect(fns(analyzeFileText('src/a.ts', src, TS))).toEqual(['foo@2+4', 'handler@6+5', 'method@12+3', 'v@15+1', 'onClick@18+3'])
  })

  it('Python: indentation, docstrings, continued signatures, one-liners', () => {
    const src = [
      'def load(path):', //                  1
      '    """Doc', //                        2
      'at column 0', //                       3
      '    """', //                           4
      '    return open(path)', //             5
      '', //                                  6
      'class A:', //                          7
      '    async def run(self, x,', //        8
      '            y):', //                   9
      '        if x:', //                     10
      '            return 1', //              11
      '        # trailing comment', //        12
      '', //                                  13
      'def last(): return 2', //              14
    ].join('\n')
    expect(fns(analyzeFileText('app.py', src, PY))).toEqual(['load@1+5', 'run@8+4', 'last@14+1'])
  })

  it('Rust: lifetimes, char literals, where clauses', () => {
    const src = [
      "pub fn read<'a>(p: &'a str) -> Result<String, Box<dyn Error>> {", // 1
      "    let c = '{';", //                                                2
      '    Ok(p.to_string())', //                                           3
      '}', //                                                               4
      'impl Foo {', //                                                      5
      '    fn method(&self) -> u32', //                                     6
      '    where', //                                                       7
      '        Self: Sized,', //                                            8
      '    {', //                                                           9
      '        1', //                                                       10
      '    }', //                                                           11
      '}', //                                                               12
    ].join('\n')
    expect(fns(analyzeFileText('src/lib.rs', src, RS))).toEqual(['read@1+4', 'method@6+6'])
  })

  it('Go: methods and functions, not anonymous funcs', () => {
    const src = ['package server', '', 'func (s *Server) Handle(w http.ResponseWriter, r *http.Request) {', '\tgo func() {', '\t\twork()', '\t}()', '}', '', 'func New() *Server {', '\treturn &Server{}', '}'].join('\n')
    expect(fns(analyzeFileText('pkg/server.go', src, GO))).toEqual(['Handle@3+5', 'New@9+3'])
  })

  it('Java: annotations, generics, multi-line signatures, anonymous classes', () => {
    const src = [
      'public class Foo {', //                                              1
      '    @Override', //                                                   2
      '    public String toString() {', //                                  3
      '        return "x";', //                                             4
      '    }', //                                                           5
      '    public static <T> List<T> make(Map<String, Integer> m,', //      6
      '                                   int n) throws IOException {', // 7
      '        Runnable r = new Runnable() {', //                           8
      '            public void run() { }', //                               9
      '        };', //                                                      10
      '        return null;', //                                            11
      '    }', //                                                           12
      '}', //                                                               13
    ].join('\n')
    expect(fns(analyzeFileText('src/main/java/Foo.java', src, JAVA))).toEqual(['toString@3+3', 'make@6+7', 'run@9+1'])
  })

  it('Ruby: def..end with blocks, endless and one-line defs', () => {
    const src = ['class A', '  def foo(x)', '    if x', '      [1].each do |y|', '        puts y', '      end', '    end', '  end', '  def bar = 1', '  def baz; end', 'end'].join('\n')
    expect(fns(analyzeFileText('lib/a.rb', src, RB))).toEqual(['foo@2+7', 'bar@9+1', 'baz@10+1'])
  })
})

describe('analyzeFileText: todos', () => {
  it('finds markers in comments with their line, not in code or strings', () => {
    const src = ['// TODO: first thing', 'const todo = "TODO: not a comment"', '/* FIXME(ann) fix', ' * HACK */', 'x() // XXX ' + 'y'.repeat(200), '// TODOS are not markers'].join('\n')
    const r = analyzeFileText('a.ts', src, TS)
    expect(r.todos.map((t) => [t.kind, t.line, t.text.slice(0, 20)])).toEqual([
      ['TODO', 1, 'TODO: first thing'],
      ['FIXME', 3, 'FIXME(ann) fix'],
      ['HACK', 4, 'HACK'],
      ['XXX', 5, 'XXX yyyyyyyyyyyyyyyy'],
    ])
    expect(r.todos[3]?.text.length).toBe(120)
    expect(r.todos.every((t) => t.path === 'a.ts')).toBe(true)
  })

  it('Python # comments; none in files without comment syntax', () => {
    expect(analyzeFileText('a.py', 'x = 1  # FIXME later', PY).todos).toMatchObject([{ kind: 'FIXME', line: 1 }])
    expect(analyzeFileText('a.md', 'TODO: docs', MD).todos).toEqual([])
  })
})

describe('analyzeFileText: smells', () => {
  it('Rust unwrap/expect outside tests only', () => {
    const src = ['fn a() {', '    let s = x.unwrap();', '    let t = y.expect("y").unwrap();', '    let u = "z.unwrap()";', '}', '#[cfg(test)]', 'mod tests {', '    fn t() { x.unwrap(); }', '}'].join('\n')
    expect(smells(analyzeFileText('src/a.rs', src, RS))).toEqual(['rust-unwrap@2', 'rust-unwrap@3', 'rust-expect@3'])
    expect(analyzeFileText('tests/a.rs', src, RS).smells).toEqual([])
  })

  it('Python bare except and except Exception: pass', () => {
    const src = ['try:', '    a()', 'except:', '    pass', 'try:', '    b()', 'except Exception as e:', '    pass', 'try:', '    c()', 'except Exception: pass', 'try:', '    d()', 'except Exception:', '    log()'].join('\n')
    expect(smells(analyzeFileText('a.py', src, PY))).toEqual(['python-bare-except@3', 'python-except-pass@7', 'python-except-pass@11'])
  })

  it('empty catch in TS and Java, not when commented', () => {
    const ts = ['try { a() } catch (e) {}', 'try { a() } catch {}', 'try {', '  a()', '} catch (err) {', '}', 'try { a() } catch (e) { /* expected */ }', 'try { a() } catch (e) { log(e) }'].join('\n')
    expect(smells(analyzeFileText('a.ts', ts, TS))).toEqual(['empty-catch@1', 'empty-catch@2', 'empty-catch@5'])
    const java = ['class A {', '  void f() {', '    try {', '      g();', '    } catch (IOException e) {', '    }', '  }', '}'].join('\n')
    expect(smells(analyzeFileText('A.java', java, JAVA))).toEqual(['empty-catch@5'])
  })

  it('TypeScript any and @ts-ignore', () => {
    const src = ['let a: any = 1', 'const b = a as any', '// @ts-ignore', 'c()', 'const anyway = "x: any"', 'let d: Array<any> = []', 'let e = <any>f', '// never use `@ts-ignore` here', '/* @ts-nocheck */'].join('\n')
    expect(smells(analyzeFileText('a.ts', src, TS))).toEqual(['ts-any@1', 'ts-any@2', 'ts-ignore@3', 'ts-any@6', 'ts-any@7', 'ts-ignore@9'])
  })

  it('Go panic in libraries, not in package main', () => {
    expect(smells(analyzeFileText('lib/a.go', 'package lib\nfunc F() {\n\tpanic("x")\n}', GO))).toEqual(['go-panic@3'])
    expect(analyzeFileText('cmd/main.go', 'package main\nfunc main() {\n\tpanic("x")\n}', GO).smells).toEqual([])
  })

  it('deep nesting and complex functions', () => {
    const deep = ['function f(x) {', '  if (a) {', '    for (;;) {', '      if (b) {', '        while (c) {', '          if (d) {', '            go()', '          }', '        }', '      }', '    }', '  }', '}'].join('\n')
    expect(smells(analyzeFileText('a.ts', deep, TS))).toEqual(['deep-nesting@6'])
    const branches = ['function g(x) {', ...Array.from({ length: 16 }, (_, i) => `  if (x === ${i}) return ${i}`), '}'].join('\n')
    expect(smells(analyzeFileText('b.ts', branches, TS))).toEqual(['complex-function@1'])
  })
})

describe('analyzeFileText: duplicated-block hashes', () => {
  const block = ['const total = items.reduce((s, i) => s + i.price, 0)', 'const tax = total * rate', 'if (tax > limit) {', '  warn(tax)', '}', 'const net = total - tax', 'save(net)', 'return net']
  const hashes = (r: ReturnType<typeof analyzeFileText>) => r.blockHashes.map((b) => unpackBlock(b).hash)

  it('equal for the same block whatever the indentation, comments and surroundings; lines recorded', () => {
    const a = analyzeFileText('a.ts', ['function a() {', ...block.map((l) => '  ' + l), '}'].join('\n'), TS)
    const b = analyzeFileText('b.ts', ['// other file', 'import x from "y"', 'function b() {', ...block.map((l) => '    ' + l.replace(/ /g, '  ') + ' // note'), '}'].join('\n'), TS)
    // Non-trivial lines: the header + 7 block lines (`}` is trivial) → 3 windows; the 2 windows inside the block match.
    expect(hashes(a).length).toBe(3)
    expect(hashes(a).slice(1)).toEqual(hashes(b).slice(1))
    expect(hashes(a)[0]).not.toBe(hashes(b)[0])
    expect(a.blockHashes.map((p) => unpackBlock(p).line)).toEqual([1, 2, 3])
    expect(b.blockHashes.map((p) => unpackBlock(p).line)).toEqual([3, 4, 5])
  })

  it('different for different code; none for trivial lines or short files', () => {
    const a = analyzeFileText('a.ts', block.join('\n'), TS)
    const c = analyzeFileText('c.ts', block.map((l) => l.replace('tax', 'fee')).join('\n'), TS)
    expect(hashes(a).some((h) => hashes(c).includes(h))).toBe(false)
    expect(analyzeFileText('d.ts', Array(20).fill('}').join('\n'), TS).blockHashes).toEqual([])
    expect(analyzeFileText('e.ts', 'a()\nb()\nc()', TS).blockHashes).toEqual([])
  })
})

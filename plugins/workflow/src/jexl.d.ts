// jexl 2 ships no types; the part this plugin uses.
declare module 'jexl' {
  export class Jexl {
    addFunction(name: string, fn: (...args: any[]) => unknown): void
    addTransform(name: string, fn: (value: any, ...args: any[]) => unknown): void
    evalSync(expression: string, context?: Record<string, unknown>): unknown
    /** _getAst() is not documented but stable in jexl 2: the parsed tree (FunctionCall, Identifier, … nodes). */
    compile(expression: string): { evalSync(context?: Record<string, unknown>): unknown; _getAst(): unknown }
    /** Internal: the registered functions, transforms and operators. */
    _grammar: { functions: Record<string, unknown>; transforms: Record<string, unknown> }
  }
  const jexl: Jexl & { Jexl: typeof Jexl }
  export default jexl
}

// jexl 2 ships no types; the part this plugin uses.
declare module 'jexl' {
  export class Jexl {
    addFunction(name: string, fn: (...args: any[]) => unknown): void
    addTransform(name: string, fn: (value: any, ...args: any[]) => unknown): void
    evalSync(expression: string, context?: Record<string, unknown>): unknown
    compile(expression: string): { evalSync(context?: Record<string, unknown>): unknown }
  }
  const jexl: Jexl & { Jexl: typeof Jexl }
  export default jexl
}

// One spinner line may be live on stderr (cli/progress.ts). A question (terminalUi) or a log line must not be
// drawn over by it: a question holds the spinner until answered, a log line clears it and prints above it.

interface Spinner {
  clear(): void
}

let live: Spinner | undefined
let holds = 0

export const spinnerGate = {
  /** The spinner that draws now; undefined when it stops. */
  set(s: Spinner | undefined): void {
    live = s
  },
  /** True while a question is on screen: the spinner must not draw. */
  get held(): boolean {
    return holds > 0
  },
  /** Runs fn (a question) with the spinner cleared and stopped from drawing until it settles. */
  async hold<T>(fn: () => Promise<T>): Promise<T> {
    holds++
    live?.clear()
    try {
      return await fn()
    } finally {
      holds--
    }
  },
  /** Writes whole lines to stderr above the spinner, which redraws on its next tick. */
  print(text: string, err: { write(s: string): unknown } = process.stderr): void {
    live?.clear()
    err.write(text)
  },
}

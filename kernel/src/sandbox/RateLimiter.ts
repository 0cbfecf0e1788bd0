/**
 * A token bucket: `rate` tokens per second, holding at most `burst`. `take()` answers at once (notices are
 * dropped past the rate); `acquire()` waits its turn instead, first come first served, so calls past the rate
 * are slowed down, not failed, and keep the order they came in (a plugin's state writes rely on it).
 */
export class RateLimiter {
  private tokens: number
  private last = performance.now()
  private readonly rate: number
  private readonly burst: number
  private readonly waiting: Array<() => void> = []
  private timer: NodeJS.Timeout | undefined

  constructor(rate: number, burst: number) {
    this.rate = rate
    this.burst = burst
    this.tokens = burst
  }

  /** Calls queued by acquire() that have not got their token yet. */
  get queued(): number {
    return this.waiting.length
  }

  take(): boolean {
    // Nobody overtakes a queued call.
    if (this.waiting.length) return false
    this.refill()
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  /** Resolves when this call may go: at once when a token is there and nobody waits, else in turn. */
  acquire(): Promise<void> | undefined {
    if (this.take()) return undefined
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve)
      this.schedule()
    })
  }

  private refill(): void {
    const now = performance.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate)
    this.last = now
  }

  private schedule(): void {
    if (this.timer || !this.waiting.length) return
    const ms = Math.max(1, Math.ceil(((1 - this.tokens) / this.rate) * 1000))
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.refill()
      while (this.waiting.length && this.tokens >= 1) {
        this.tokens -= 1
        this.waiting.shift()!()
      }
      this.schedule()
    }, ms)
  }
}

// Capability calls past a plugin's rate wait their turn, in the order they came, instead of failing (a workflow
// of thousands of fast steps must finish); only more than the in-flight limit fails, as a flood does.
import { describe, expect, it } from 'vitest'
import { CapGate } from '../src/sandbox/CapGate.ts'
import { RateLimiter } from '../src/sandbox/RateLimiter.ts'

const req = (n: number) => JSON.stringify({ callId: null, method: 'state.set', args: [`k`, n] })

describe('capability call rate', () => {
  it('the limiter queues past the burst, serves the queue first come first served, and lets nobody overtake it', async () => {
    const l = new RateLimiter(200, 2)
    expect([l.take(), l.take(), l.take()]).toEqual([true, true, false])
    const order: number[] = []
    const waits = [0, 1, 2, 3, 4].map((i) => l.acquire()!.then(() => order.push(i)))
    expect(l.queued).toBe(5)
    // A token may have come meanwhile; still no one jumps the queue.
    await new Promise((r) => setTimeout(r, 6))
    expect(l.take()).toBe(false)
    await Promise.all(waits)
    expect(order).toEqual([0, 1, 2, 3, 4])
    expect(l.queued).toBe(0)
  })

  it('serves every call past the rate, later and in order, with the values they carried', async () => {
    const seen: number[] = []
    const gate = new CapGate({ plugin: 'fast', ratePerSec: 1000, maxInFlight: 5000, onCap: async (r) => { seen.push(r.args[1] as number); return r.args[1] } })
    // 2000 burst + 400 more: the last ones wait about 0.4 s for their tokens.
    const answers = await Promise.all(Array.from({ length: 2400 }, (_, i) => gate.serve(req(i), () => undefined)))
    expect(answers.every((a, i) => a === JSON.stringify({ ok: true, value: i }))).toBe(true)
    expect(seen).toEqual(Array.from({ length: 2400 }, (_, i) => i))
  })

  it('fails calls past the in-flight limit (those waiting for the rate included) with MMM_RATE_LIMITED', async () => {
    let release!: () => void
    const held = new Promise<void>((r) => { release = r })
    const gate = new CapGate({ plugin: 'flood', ratePerSec: 5, maxInFlight: 20, onCap: async () => { await held; return 1 } })
    const calls = Array.from({ length: 25 }, (_, i) => gate.serve(req(i), () => undefined))
    release()
    const answers = (await Promise.all(calls)).map((a) => JSON.parse(a) as { ok: boolean; error?: { code: string; message: string } })
    expect(answers.filter((a) => a.ok)).toHaveLength(20)
    const refused = answers.filter((a) => !a.ok)
    expect(refused).toHaveLength(5)
    expect(refused[0]!.error).toMatchObject({ code: 'MMM_RATE_LIMITED', message: expect.stringMatching(/has 20 capability calls in flight \(10 waiting for the rate of 5\/s\); the limit is 20/) })
  })
})

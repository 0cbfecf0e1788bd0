// `mmm mcp` over stdio. Stdout carries JSON-RPC and nothing else: the transport gets its own handle on
// stdout, and everything else that would write there (console.log in this process, an in-process plugin,
// a dependency) is sent to stderr instead. Plugin hosts' output is already captured as logs by the kernel.
import { Writable } from 'node:stream'
import { StdioServerTransport, serveStdio as sdkServeStdio } from '@modelcontextprotocol/server/stdio'
import { createServer } from './createServer.ts'
import type { McpService } from './McpService.ts'

export interface StdioHandle {
  /** Resolves when the client closed the connection (stdin ended) or close() was called. */
  closed: Promise<void>
  close(): Promise<void>
}

// Messages up to 64 MiB: larger ones are refused by the transport (it closes), so the cap is generous
// enough that the server's own limits (argument size, depth) answer first with a proper error.
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024

export function serveStdio(service: McpService, stdin: NodeJS.ReadableStream = process.stdin, stdout: NodeJS.WritableStream = process.stdout): StdioHandle {
  const wire = guardStdout(stdout)
  const transport = new StdioServerTransport(stdin as never, wire, { maxBufferSize: MAX_MESSAGE_BYTES })
  let resolveClosed!: () => void
  const closed = new Promise<void>((r) => { resolveClosed = r })
  const handle = sdkServeStdio((ctx) => createServer(service, { era: ctx.era, session: { key: 'stdio' } }), {
    transport,
    onerror: (e) => process.stderr.write(`mmm mcp: ${e.message}\n`),
  })
  // serveStdio owns the transport's callbacks; stdin's end is observed on the stream itself.
  stdin.once('end', () => resolveClosed())
  stdin.once('close', () => resolveClosed())
  return {
    closed,
    async close() {
      await handle.close()
      resolveClosed()
    },
  }
}

let guarded: Writable | undefined

/**
 * A private writer for the protocol, and process.stdout / console redirected to stderr for everyone else.
 * Call it before anything else runs (plugins in-process print at setup). Only the real process stdout is
 * guarded (tests pass their own streams); calling it again returns the same writer.
 */
export function guardStdout(stdout: NodeJS.WritableStream = process.stdout): Writable {
  if (stdout !== process.stdout) return stdout as Writable
  if (guarded) return guarded
  const write = process.stdout.write.bind(process.stdout)
  const wire = new Writable({
    write(chunk: Buffer, _enc, cb) {
      write(chunk, cb)
    },
    // Answers made while the previous write was under way leave in one write: a write to the pipe costs
    // more than a small call's work, and 32 calls in flight answer in bursts.
    writev(chunks: Array<{ chunk: Buffer }>, cb) {
      write(Buffer.concat(chunks.map((c) => c.chunk)), cb)
    },
  })
  // Errors on stdout (the client went away) are the transport's to handle.
  process.stdout.on('error', (e) => wire.destroy(e))
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => (process.stderr.write as (...a: unknown[]) => boolean)(chunk, ...rest)) as typeof process.stdout.write
  for (const m of ['log', 'info', 'debug'] as const) console[m] = (...a: unknown[]) => console.error(...a)
  guarded = wire
  return wire
}

// Messages between the kernel and a plugin-host child process. Payloads that come from a plugin stay
// JSON strings end to end, so the kernel parses (and validates) them itself.

export interface LoadLimits {
  memoryLimitMb: number
  maxResultBytes: number
  loadTimeoutMs: number
}

export type ToHost =
  | { t: 'load'; code: string; meta: string; limits: LoadLimits }
  | { t: 'invoke'; id: number; kind: InvokeKind; name: string; input: string; caller: string; cpuTimeoutMs: number }
  | { t: 'cancel'; id: number }
  | { t: 'cap-result'; reqId: number; result: string }
  /** Messages the kernel queued in one turn of its event loop, in order. */
  | { t: 'batch'; msgs: ToHost[] }

export type FromHost =
  | { t: 'loaded'; manifest: string }
  | { t: 'load-failed'; error: { code: string; message: string } }
  | { t: 'result'; id: number; result: string }
  | { t: 'cap'; reqId: number; req: string }
  | { t: 'notice'; notice: string }
  | { t: 'fatal'; code: string; message: string }
  /** What the guest sent while the host handled one message from the kernel, in order. */
  | { t: 'batch'; msgs: FromHost[] }

export type InvokeKind = 'tool' | 'resource' | 'prompt' | 'hook'

// A batch of file texts (fs.readMany's answer) crosses to the guest without JSON: a header line with each
// path and its text's length, then the texts back to back. JSON would escape every quote and newline of every
// file on the kernel's side and unescape them again in the isolate, which is most of what a batch costs.
//   "\0" + JSON.stringify([{ path, len } | { path, error }, ...]) + "\n" + text0 + text1 + ...
// A JSON envelope starts with "{", so the first character tells the guest which one it got (guest/runtime.js).

export interface BatchItem {
  path: string
  content?: string
  error?: { code: string; message: string }
}

const batches = new WeakSet<object>()

/** Marks an fs.readMany result to be sent as a text batch (it stays a plain array for in-kernel callers). */
export function asTextBatch<T extends BatchItem[]>(items: T): T {
  batches.add(items)
  return items
}

export function isTextBatch(v: unknown): v is BatchItem[] {
  return typeof v === 'object' && v !== null && batches.has(v)
}

export function encodeTextBatch(items: readonly BatchItem[]): string {
  const header = items.map((it) => (it.content === undefined ? { path: it.path, error: it.error } : { path: it.path, len: it.content.length }))
  const texts: string[] = [`\0${JSON.stringify(header)}\n`]
  for (const it of items) if (it.content !== undefined) texts.push(it.content)
  return texts.join('')
}

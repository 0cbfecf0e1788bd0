// Reads a fetch Response body as UTF-8 text, refusing to buffer more than a limit.

export class BodyTooLarge extends Error {
  readonly limit: number
  constructor(limit: number) {
    super(`body larger than ${limit} bytes`)
    this.limit = limit
  }
}

export async function readBodyLimited(res: Response, limit: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => {})
    throw new BodyTooLarge(limit)
  }
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      throw new BodyTooLarge(limit)
    }
    chunks.push(value)
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks))
}

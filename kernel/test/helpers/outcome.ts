// How a capability call ended, for assertions: its MmmError code ('OK' on success) or its message.
import { isMmmError } from '../../src/errors.ts'

/** The MmmError code a call fails with ('OK' when it succeeds); anything not coded fails the test. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'OK'
  } catch (e) {
    if (!isMmmError(e)) throw new Error(`expected an MmmError, got ${String(e)}`)
    return String(e.code)
  }
}

/** The message a call fails with; a call that succeeds fails the test. */
export async function messageOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
  throw new Error('expected a failure')
}

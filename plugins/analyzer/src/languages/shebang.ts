// Reads the interpreter named by a #! line: "#!/usr/bin/env -S python3 -u" → "python3".

/** The interpreter's base name from the first line of `head`, or undefined when there is no #! line. */
export function shebangInterpreter(head: string): string | undefined {
  let start = head.charCodeAt(0) === 0xfeff ? 1 : 0
  if (!head.startsWith('#!', start)) return undefined
  start += 2
  let end = head.indexOf('\n', start)
  if (end < 0) end = head.length
  const words = head.slice(start, end).trim().split(/\s+/)
  let i = 0
  let prog = baseName(words[0] ?? '')
  if (prog === 'env') {
    // Skip env's options (-S, -i, -u NAME) and NAME=value assignments.
    i = 1
    while (i < words.length) {
      const w = words[i] ?? ''
      if (w === '-u' || w === '--unset') i += 2
      else if (w.startsWith('-') || w.includes('=')) i++
      else break
    }
    prog = baseName(words[i] ?? '')
  }
  return prog === '' ? undefined : prog
}

function baseName(p: string): string {
  const slash = p.lastIndexOf('/')
  return slash >= 0 ? p.slice(slash + 1) : p
}

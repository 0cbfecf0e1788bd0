// An Error with an MMM_ code: the kernel carries the code to the CLI (exit code, one line) and to MCP clients.
export function coded(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code })
}

// The built CLI's first step (kernel/dist/prewarm.js, imported by kernel/bin/mmm.js before the CLI itself): a
// command that runs a plugin forks its plugin host now. The host is the slowest part of such a command's
// start (Node without its start-up snapshot, which isolated-vm needs, then isolated-vm), so it boots while
// the CLI's own code loads; the first plugin to start takes it (hostProcess.ts).
import { prewarmHost } from '../sandbox/hostProcess.ts'
import { runsPlugin } from './commandLine.ts'

export function prewarmFor(argv: readonly string[]): void {
  if (runsPlugin(argv)) prewarmHost()
}

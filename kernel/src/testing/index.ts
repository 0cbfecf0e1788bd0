// @mmm/kernel/testing — start a real kernel with real sandboxes, for plugin authors and our own tests.
export { createTestKernel } from './createTestKernel.ts'
export type { InlinePlugin, TestKernel, TestKernelOptions } from './createTestKernel.ts'
export { scriptedUi } from '../ui/UiAdapter.ts'
export { startFakeClaude, fakeTokens } from './fakeClaudeServer.ts'
export type { FakeClaudeOptions, FakeClaudeServer, FakeRequest, FakeReply, FakeAnswer, FakeError, FakeMidStreamError, FakeStall } from './fakeClaudeServer.ts'

// @mmm/kernel/testing — start a real kernel with real sandboxes, for plugin authors and our own tests.
export { createTestKernel } from './createTestKernel.ts'
export type { InlinePlugin, TestKernel, TestKernelOptions } from './createTestKernel.ts'
export { scriptedUi } from '../ui/UiAdapter.ts'

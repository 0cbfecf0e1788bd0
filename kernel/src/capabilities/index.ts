// The host side of ctx.fs, ctx.exec, ctx.git and ctx.http.

export type { CapabilityContext, CapabilityMethods, Permissions } from './types.ts'
export { createFsCapability } from './fsCapability.ts'
export { createExecCapability } from './execCapability.ts'
export { createGitCapability } from './gitCapability.ts'
export { createHttpCapability } from './httpCapability.ts'

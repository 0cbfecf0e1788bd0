// The job store of the project the CLI runs in (found like the config: --cwd, --config), without a kernel.
import { resolve } from 'node:path'
import { JobStore } from '../claude/jobs/JobStore.ts'
import { findProjectConfig } from '../config/findProjectConfig.ts'
import type { GlobalOptions } from './output.ts'

export async function jobStoreFor(o: GlobalOptions): Promise<JobStore> {
  const cwd = resolve(o.cwd ?? process.cwd())
  const found = await findProjectConfig({ cwd, env: process.env, ...(o.config ? { configFile: o.config } : {}) })
  return new JobStore(found?.root ?? cwd)
}

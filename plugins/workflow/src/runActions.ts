// on_success / on_failure: after a run ends, a log line or another workflow started (at most 3 deep, so two workflows cannot trigger each other forever). An action
// that fails is logged; it never changes the run's outcome.
import type { CallContext } from '@mmm/kernel/plugin'
import { interpolate } from './expressions.ts'
import type { Action, RunRecord } from './types.ts'

export const MAX_TRIGGER_DEPTH = 3

export async function runActions(call: CallContext, actions: readonly Action[], run: RunRecord, trigger: (name: string, params: Record<string, unknown>, parent: RunRecord) => Promise<RunRecord>, depth: number): Promise<void> {
  const ec = { run: { id: run.id, workflow: run.workflow, status: run.status, error: run.error ?? null }, parameters: run.params, params: run.params }
  for (const a of actions) {
    try {
      if ('log' in a) call.log.info(String(interpolate(a.log, ec)))
      else {
        if (depth >= MAX_TRIGGER_DEPTH) {
          call.log.warn(`not starting workflow "${a.trigger}": runs triggered by runs are limited to ${MAX_TRIGGER_DEPTH} deep`)
          continue
        }
        const child = await trigger(a.trigger, (interpolate(a.params ?? {}, ec) as Record<string, unknown>), run)
        call.log.info(`started workflow ${a.trigger}: run ${child.id} ${child.status}`)
      }
    } catch (e) {
      call.log.warn(`${'log' in a ? 'log' : `trigger ${a.trigger}`} failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
}

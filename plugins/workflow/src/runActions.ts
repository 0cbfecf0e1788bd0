// on_success / on_failure: after a run ends, a log line, another workflow started (at most 3 deep, so two workflows
// cannot trigger each other forever), or a webhook notified. An action that fails is logged; it never changes the
// run's outcome.
import type { CallContext, HttpCapability } from '@mmm/kernel/plugin'
import { interpolate } from './expressions.ts'
import { sendWebhook } from './sendWebhook.ts'
import type { Action, RunRecord } from './types.ts'

export const MAX_TRIGGER_DEPTH = 3

export interface ActionDeps {
  call: CallContext
  http: HttpCapability
  /** What `env` is in an action's expressions: the granted variables (ctx.env), then the workflow's env. */
  env: Record<string, string>
  trigger: (name: string, params: Record<string, unknown>, parent: RunRecord) => Promise<RunRecord>
  depth: number
}

export async function runActions(d: ActionDeps, actions: readonly Action[], run: RunRecord): Promise<void> {
  const { call } = d
  const ec = { run: { id: run.id, workflow: run.workflow, status: run.status, error: run.error ?? null }, parameters: run.params, params: run.params, env: d.env }
  for (const a of actions) {
    try {
      if ('log' in a) call.log.info(String(interpolate(a.log, ec)))
      else if ('webhook' in a) {
        const out = await sendWebhook(d.http, a, ec)
        call.log[out.level](out.message)
      } else {
        if (d.depth >= MAX_TRIGGER_DEPTH) {
          call.log.warn(`not starting workflow "${a.trigger}": runs triggered by runs are limited to ${MAX_TRIGGER_DEPTH} deep`)
          continue
        }
        const child = await d.trigger(a.trigger, (interpolate(a.params ?? {}, ec) as Record<string, unknown>), run)
        call.log.info(`started workflow ${a.trigger}: run ${child.id} ${child.status}`)
      }
    } catch (e) {
      call.log.warn(`${'log' in a ? 'log' : 'trigger' in a ? `trigger ${a.trigger}` : 'webhook'} failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
}

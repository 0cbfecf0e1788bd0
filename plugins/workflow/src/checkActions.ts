// on_success / on_failure lists, checked like the rest of a workflow: every problem at its path (a line and column).
import type { Bad } from './checkWorkflow.ts'
import { parseDuration } from './parseDuration.ts'
import { splitUrl } from './splitUrl.ts'
import type { Action, WebhookAction } from './types.ts'

const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/
const HEADER = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const METHODS: Array<WebhookAction['method']> = ['POST', 'PUT', 'PATCH']
const WEBHOOK = ['webhook', 'method', 'headers', 'body', 'timeout']
export const WEBHOOK_TIMEOUT_MS = 10_000
const MAX_TIMEOUT_MS = 10 * 60_000
const SHAPES = '{ log: text }, { trigger: workflow name, params? } or { webhook: url, body?, method?, headers?, timeout? }'

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function checkActions(v: unknown, path: Array<string | number>, bad: Bad): Action[] {
  if (v === undefined) return []
  if (!Array.isArray(v)) return bad(path, `a list of actions: ${SHAPES}`) ?? []
  const out: Action[] = []
  v.forEach((a, i) => {
    const p = [...path, i]
    if (isObj(a) && typeof a.log === 'string') out.push({ log: a.log })
    else if (isObj(a) && a.webhook !== undefined) {
      const w = checkWebhook(a, p, bad)
      if (w) out.push(w)
    } else if (isObj(a) && typeof a.trigger === 'string' && NAME.test(a.trigger)) {
      if (a.params !== undefined && !isObj(a.params)) bad([...p, 'params'], 'params is a mapping')
      else out.push({ trigger: a.trigger, ...(isObj(a.params) ? { params: a.params } : {}) })
    } else bad(p, `an action is ${SHAPES}`)
  })
  return out
}

function checkWebhook(a: Record<string, unknown>, p: Array<string | number>, bad: Bad): WebhookAction | undefined {
  let problems = 0
  const fail = (at: Array<string | number>, message: string) => {
    problems++
    bad(at, message)
  }
  for (const k of Object.keys(a)) if (!WEBHOOK.includes(k)) fail([...p, k], `unknown key "${k}" in a webhook action (expected one of ${WEBHOOK.join(', ')})`)
  const url = typeof a.webhook === 'string' ? a.webhook.trim() : ''
  // A URL made by an expression is checked when it is sent; a literal one now.
  if (url === '' || (!url.includes('${{') && !splitUrl(url))) fail([...p, 'webhook'], 'webhook: is the http:// or https:// URL to notify, e.g. https://hooks.slack.com/services/… or ${{ env.SLACK_WEBHOOK_URL }}')
  const method = a.method === undefined ? 'POST' : typeof a.method === 'string' ? a.method.toUpperCase() : ''
  if (!METHODS.includes(method as WebhookAction['method'])) fail([...p, 'method'], `method: is ${METHODS.join(', ')} (default POST)`)
  const headers: Record<string, string> = {}
  if (a.headers !== undefined) {
    if (!isObj(a.headers)) fail([...p, 'headers'], 'headers: maps header names to values, e.g. { Authorization: "Bearer ${{ env.TOKEN }}" }')
    else {
      for (const [k, x] of Object.entries(a.headers)) {
        if (!HEADER.test(k)) fail([...p, 'headers', k], `"${k}" is not a valid header name`)
        else if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') headers[k] = String(x)
        else fail([...p, 'headers', k], 'a header value is text (expressions allowed)')
      }
    }
  }
  if (a.body !== undefined && a.body !== null && typeof a.body !== 'string' && typeof a.body !== 'object') fail([...p, 'body'], 'body: is a mapping or list (sent as JSON) or text')
  const timeoutMs = a.timeout === undefined ? WEBHOOK_TIMEOUT_MS : parseDuration(a.timeout)
  if (timeoutMs === undefined || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) fail([...p, 'timeout'], 'timeout: is seconds or a duration like 10s, up to 10m (default 10s)')
  if (problems > 0 || timeoutMs === undefined) return undefined
  return {
    webhook: url,
    method: method as WebhookAction['method'],
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(a.body !== undefined && a.body !== null ? { body: a.body } : {}),
    timeoutMs,
  }
}

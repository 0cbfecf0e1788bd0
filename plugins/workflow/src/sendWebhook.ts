// A webhook action: URL, headers and body with their expressions filled in, sent through ctx.http (so the host
// must be in the user's grant) within the action's timeout. It never throws: the outcome is a log line that
// names only the method and origin, with every secret (header values, the URL's path and query, which is where
// Slack-style webhooks keep theirs) masked wherever it would appear, even in a server's answer.
import type { HttpCapability } from '@mmm/kernel/plugin'
import { interpolate, type ExprContext } from './expressions.ts'
import { splitUrl } from './splitUrl.ts'
import type { WebhookAction } from './types.ts'

export interface WebhookOutcome {
  level: 'info' | 'warn'
  message: string
}

const SNIPPET = 200

export async function sendWebhook(http: HttpCapability, a: WebhookAction, ec: ExprContext): Promise<WebhookOutcome> {
  const secrets: string[] = []
  let target = `${a.method} (URL not resolved)`
  try {
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(a.headers ?? {})) {
      headers[k] = text(interpolate(v, ec))
      secrets.push(headers[k], ...headers[k].split(/\s+/).filter((w) => w.length >= 8))
    }
    const url = text(interpolate(a.webhook, ec)).trim()
    secrets.push(url)
    const parsed = splitUrl(url)
    if (!parsed) {
      const why = url === '' ? 'it is empty (an ${{ env.X }} is empty when X is not set or not granted: grants.workflow.env)' : 'it is not an http:// or https:// URL'
      return { level: 'warn', message: `webhook ${a.method} not sent (MMM_INVALID_INPUT): ${why}` }
    }
    if (parsed.rest.length > 1) secrets.push(parsed.rest)
    target = `${a.method} ${parsed.origin}`
    const value = a.body === undefined ? { run: ec.run, parameters: ec.parameters } : interpolate(a.body, ec)
    const json = typeof value !== 'string'
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = json ? 'application/json' : 'text/plain; charset=utf-8'
    const res = await http.fetch(url, { method: a.method, headers, body: json ? JSON.stringify(value ?? null) : value, timeoutMs: a.timeoutMs })
    if (res.status >= 200 && res.status < 300) return { level: 'info', message: mask(`webhook ${target}: ${res.status}`, secrets) }
    const said = res.body.replace(/\s+/g, ' ').trim().slice(0, SNIPPET)
    return { level: 'warn', message: mask(`webhook ${target} answered ${res.status} ${res.statusText}${said ? `: ${said}` : ''}`, secrets) }
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'MMM_WORKFLOW_ACTION'
    const verb = code === 'MMM_PERMISSION_DENIED' ? 'refused' : 'failed'
    return { level: 'warn', message: mask(`webhook ${target} ${verb} (${code}): ${e instanceof Error ? e.message : String(e)}`, secrets) }
  }
}

/** How the webhook action reads in a dry run: as written, header values left out (they may be secrets). */
export function describeWebhook(a: WebhookAction): string {
  const headers = Object.keys(a.headers ?? {})
  const body = a.body === undefined ? 'the run as JSON' : JSON.stringify(a.body)
  return `webhook ${a.method} ${a.webhook}${headers.length ? ` (headers ${headers.join(', ')})` : ''} body ${body.length > SNIPPET ? `${body.slice(0, SNIPPET)}…` : body}`
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
}

/** Longest first, so a secret that contains another is masked whole. */
function mask(message: string, secrets: string[]): string {
  return secrets.filter((s) => s.length >= 4).sort((x, y) => y.length - x.length).reduce((m, s) => m.split(s).join('***'), message)
}

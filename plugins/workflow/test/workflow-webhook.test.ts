// Webhook actions: a real HTTP server on 127.0.0.1 receives the notification with its expressions filled in; a host
// the user did not grant is refused (logged, the run still succeeds); secrets never reach the log; a dry run sends
// nothing.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { project, type Project, type RunSummary } from './helpers.ts'

interface Hit { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }

let server: http.Server
let port = 0
let hits: Hit[] = []
let p: Project | undefined

const TOKEN = 'xoxb-secret-token-123'

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString('utf8')))
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      // /bad answers 400 with the request's Authorization header in its body: the log must not show it.
      if (req.url?.startsWith('/bad')) res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`invalid_token ${req.headers.authorization ?? ''}`)
      else res.end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))
beforeEach(() => {
  hits = []
})
afterEach(async () => {
  await p?.close()
  p = undefined
})

const workflow = (path: string, failing = false) => `name: notify
parameters:
  target: { type: string, default: staging }
stages:
  - name: build
    steps:
      - run: ${failing ? 'echo broken >&2; exit 3' : 'echo built'}
on_success:
  - webhook: http://127.0.0.1:${port}${path}?run=\${{ run.id }}
    headers:
      Authorization: Bearer \${{ env.SLACK_TOKEN }}
    body:
      text: \${{ run.workflow }} \${{ run.status }} on \${{ parameters.target }}
      run: \${{ run.id }}
on_failure:
  - webhook: http://127.0.0.1:${port}${path}
    method: put
    body: "\${{ run.workflow }} \${{ run.status }}: \${{ run.error.message }}"
`
const secretEnv = { env: { SLACK_TOKEN: TOKEN, OTHER: 'not granted' }, grantEnv: ['SLACK_TOKEN'] }
const logsOf = (q: Project) => q.kernel.logs.filter((l) => l.plugin === 'workflow').map((l) => `${l.level} ${l.message}`)

describe('webhook actions', () => {
  it('on success: POSTs the JSON body with expressions filled in and the secret header from env, never logging it', async () => {
    p = await project({ '.mmm/workflows/notify.yaml': workflow('/hook') }, { net: ['127.0.0.1'], ...secretEnv })
    const run = (await p.kernel.call('workflow.run', { name: 'notify', params: { target: 'prod' } })) as RunSummary
    expect(run.status).toBe('succeeded')
    expect(hits).toHaveLength(1)
    const hit = hits[0]!
    expect(hit).toMatchObject({ method: 'POST', url: `/hook?run=${run.id}` })
    expect(hit.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(hit.headers['content-type']).toBe('application/json')
    expect(JSON.parse(hit.body)).toEqual({ text: 'notify succeeded on prod', run: run.id })
    expect(logsOf(p)).toContain(`info webhook POST http://127.0.0.1:${port}: 200`)
    expect(logsOf(p).join('\n')).not.toContain(TOKEN)
  })

  it('on failure: sends the text body with the error, and the run keeps its outcome', async () => {
    p = await project({ '.mmm/workflows/notify.yaml': workflow('/hook', true) }, { net: ['127.0.0.1'], ...secretEnv })
    const run = (await p.kernel.call('workflow.run', { name: 'notify' })) as RunSummary
    expect(run.status).toBe('failed')
    expect(hits).toHaveLength(1)
    expect(hits[0]).toMatchObject({ method: 'PUT', url: '/hook' })
    expect(hits[0]!.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(hits[0]!.body).toMatch(/^notify failed: step "step-1" of stage "build" failed: exited with code 3: broken$/)
  })

  it('a host the user did not grant is refused: logged with MMM_PERMISSION_DENIED and how to grant it, the run still succeeds', async () => {
    p = await project({ '.mmm/workflows/notify.yaml': workflow('/hook') }, secretEnv)
    const run = (await p.kernel.call('workflow.run', { name: 'notify' })) as RunSummary
    expect(run.status).toBe('succeeded')
    expect(hits).toHaveLength(0)
    const warning = logsOf(p).find((l) => l.startsWith('warn webhook'))
    expect(warning).toMatch(new RegExp(`^warn webhook POST http://127\\.0\\.0\\.1:${port} refused \\(MMM_PERMISSION_DENIED\\): .*grants\\.workflow\\.net in mmm\\.config\\.ts`))
  })

  it('a non-2xx answer is a warning with the answer, secrets masked; the run succeeds', async () => {
    p = await project({ '.mmm/workflows/notify.yaml': workflow('/bad') }, { net: ['127.0.0.1'], ...secretEnv })
    const run = (await p.kernel.call('workflow.run', { name: 'notify' })) as RunSummary
    expect(run.status).toBe('succeeded')
    expect(hits).toHaveLength(1)
    expect(logsOf(p)).toContain(`warn webhook POST http://127.0.0.1:${port} answered 400 Bad Request: invalid_token ***`)
    expect(logsOf(p).join('\n')).not.toContain(TOKEN)
  })

  it('a variable that is not granted is empty: env has only what grants.workflow.env lists', async () => {
    const wf = `name: envs\nstages:\n  - name: a\n    steps: [{ run: "true" }]\non_success:\n  - webhook: http://127.0.0.1:${port}/env\n    body: { token: '\${{ env.SLACK_TOKEN }}', other: '\${{ env.OTHER }}' }\n`
    p = await project({ '.mmm/workflows/envs.yaml': wf }, { net: ['127.0.0.1'], ...secretEnv })
    await p.kernel.call('workflow.run', { name: 'envs' })
    expect(JSON.parse(hits[0]!.body)).toEqual({ token: TOKEN })
  })

  it('a dry run prints the webhook action as written (no header values) and sends nothing', async () => {
    p = await project({ '.mmm/workflows/notify.yaml': workflow('/hook') }, { net: ['127.0.0.1'], ...secretEnv })
    const plan = (await p.kernel.call('workflow.run', { name: 'notify', dryRun: true })) as { text: string; actions: { onSuccess: string[]; onFailure: string[] } }
    expect(plan.actions.onSuccess).toEqual([`webhook POST http://127.0.0.1:${port}/hook?run=\${{ run.id }} (headers Authorization) body {"text":"\${{ run.workflow }} \${{ run.status }} on \${{ parameters.target }}","run":"\${{ run.id }}"}`])
    expect(plan.actions.onFailure[0]).toMatch(/^webhook PUT http:\/\/127\.0\.0\.1:\d+\/hook body "/)
    expect(plan.text).toMatch(/after the run \(nothing sent or started in a dry run\)\n  on success: webhook POST/)
    expect(plan.text).not.toContain('Bearer')
    expect(hits).toHaveLength(0)
  })
})

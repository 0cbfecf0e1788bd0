// claude: steps through the real Anthropic SDK, pointed at the kernel's fake Messages API.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startFakeClaude, type FakeClaudeServer } from '@mmm/kernel/testing'
import { project, type Project, type RunRecord, type RunSummary } from './helpers.ts'

let fake: FakeClaudeServer
let p: Project | undefined
beforeAll(async () => {
  fake = await startFakeClaude({ apiKey: 'sk-ant-test-workflow' })
})
afterAll(async () => {
  await fake?.close()
})
afterEach(async () => {
  await p?.close()
  p = undefined
  fake.reset()
})

describe('claude: steps', () => {
  it('sends the prompt with its expressions filled in; the answer, structured output and cost are outputs', async () => {
    p = await project({
      '.mmm/workflows/ask.yaml': `
name: ask
parameters:
  topic: { type: string, default: caching }
stages:
  - name: a
    steps:
      - name: idea
        claude: Give one idea about \${{ parameters.topic }}.
      - name: rate
        claude:
          prompt: 'Rate this idea: \${{ outputs.idea.text }}'
          system: You rate ideas.
          schema: { type: object, required: [score], properties: { score: { type: number } } }
      - run: echo "\${{ outputs.idea.text }} / \${{ outputs.rate.output.score }}" > answer.txt
`,
    }, { claudeUrl: fake.url })
    fake.enqueue({ text: 'Cache the manifest.' }, { text: '{"score": 8}' })
    const r = (await p.kernel.call('workflow.run', { name: 'ask', param: ['topic=startup'] })) as RunSummary
    expect(r.status).toBe('succeeded')
    expect(readFileSync(join(p.dir, 'answer.txt'), 'utf8')).toBe('Cache the manifest. / 8\n')
    const sent = fake.messageRequests().map((q) => q.body as { messages: Array<{ content: unknown }>; system?: unknown })
    expect(JSON.stringify(sent[0]?.messages)).toContain('Give one idea about startup.')
    expect(JSON.stringify(sent[1]?.messages)).toContain('Rate this idea: Cache the manifest.')
    const rec = (await p.kernel.call('workflow.status', { run: r.id })) as RunRecord
    expect(rec.steps['a/rate']?.outputs).toMatchObject({ output: { score: 8 }, model: 'fake-model' })
    expect(typeof rec.steps['a/idea']?.outputs?.costUsd).toBe('number')
  })

  it('the run summary for a person shows a claude step\'s answer (its first lines), not a shell step\'s output', async () => {
    p = await project({
      '.mmm/workflows/say.yaml': 'name: say\nstages:\n  - name: a\n    steps:\n      - name: ask\n        claude: Say it.\n      - name: long\n        claude: Say more.\n      - name: done\n        run: echo shell-output\n',
    }, { claudeUrl: fake.url })
    fake.enqueue({ text: 'First line.\nSecond line.' }, { text: Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') })
    const text = (await p.kernel.call('workflow.run', { name: 'say', format: 'text' })) as string
    const id = /^Run (\S+)/.exec(text)![1]!
    expect(text).toContain('  succeeded a/ask  (')
    expect(text).toContain('            > First line.\n            > Second line.\n  succeeded a/long')
    expect(text).toContain('            > line 15\n            (5 more lines: mmm workflow status ' + id + ' --json)\n  succeeded a/done')
    expect(text).not.toContain('line 16')
    expect(text).not.toContain('shell-output')
    const rec = (await p.kernel.call('workflow.status', { run: id })) as RunRecord
    expect([rec.steps['a/ask']?.kind, rec.steps['a/done']?.kind]).toEqual(['claude', 'run'])
  })

  it('a failing API call fails the step with the coded error, and retry: applies', async () => {
    p = await project({
      '.mmm/workflows/flaky.yaml': 'name: flaky\nstages:\n  - name: a\n    steps:\n      - name: ask\n        claude: hello\n        retry: { count: 1, backoff: 10ms }\n',
    }, { claudeUrl: fake.url })
    fake.enqueue({ error: { status: 500, type: 'api_error' } }, { text: 'hi there' })
    const r = (await p.kernel.call('workflow.run', { name: 'flaky' })) as RunSummary
    expect(r.status).toBe('succeeded')
    expect(((await p.kernel.call('workflow.status', { run: r.id })) as RunRecord).steps['a/ask']).toMatchObject({ attempts: 2, outputs: { text: 'hi there' } })
    fake.enqueue({ error: { status: 500, type: 'api_error' } }, { error: { status: 500, type: 'api_error' } })
    expect(await p.kernel.call('workflow.run', { name: 'flaky' })).toMatchObject({ status: 'failed', error: { code: expect.stringMatching(/^MMM_CLAUDE/) } })
  })

  it('runs a command template (the same as mmm run) with its arguments, expressions filled in', async () => {
    p = await project({
      '.mmm/workflows/tpl.yaml': `
name: tpl
parameters:
  symptom: { type: string, default: npm test fails on Windows }
stages:
  - name: a
    steps:
      - name: debug
        claude:
          command: debug
          args: { problem: '\${{ parameters.symptom }}' }
      - name: bad
        claude: { command: nope }
        on_failure: continue
`,
    }, { claudeUrl: fake.url })
    fake.enqueue({ text: 'Found it.' })
    const r = (await p.kernel.call('workflow.run', { name: 'tpl' })) as RunSummary
    expect(r).toMatchObject({ status: 'succeeded', steps: { 'a/debug': 'succeeded', 'a/bad': 'failed' } })
    expect(JSON.stringify(fake.messageRequests()[0]?.body)).toContain('Debug this problem: npm test fails on Windows')
    expect(((await p.kernel.call('workflow.status', { run: r.id })) as RunRecord).steps['a/bad']?.error).toMatchObject({ code: 'MMM_COMMAND_NOT_FOUND' })
  })
})

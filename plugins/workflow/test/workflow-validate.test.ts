// Workflow files that do not parse or do not fit the language: every problem with its line and column.
import { afterEach, describe, expect, it } from 'vitest'
import { parseWorkflow } from '../src/parseWorkflow.ts'
import { project, type Project } from './helpers.ts'

let p: Project | undefined
afterEach(async () => {
  await p?.close()
  p = undefined
})

const at = (text: string) => {
  const r = parseWorkflow(text)
  if (r.ok) throw new Error('expected problems')
  return r.errors.map((e) => `${e.line}:${e.col} ${e.path} ${e.message}`)
}

describe('workflow files', () => {
  it('reports YAML syntax errors with line and column', () => {
    expect(at('name: x\nstages:\n  - name: a\n    steps: [\n')[0]).toMatch(/^[45]:\d+ /)
  })

  it('reports shape problems at the key that is wrong', () => {
    const errors = at([
      'name: build',
      'stages:',
      '  - name: one',
      '    steps:',
      '      - run: echo hi',
      '        retry: { count: 99 }',
      '      - tool: Not A Tool',
      '      - name: both',
      '        run: x',
      '        tool: hello.greet',
      '  - name: one',
      '    stepz: []',
    ].join('\n'))
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^6:\d+ stages\.0\.steps\.0\.retry\.count .*0 to 20/),
      expect.stringMatching(/^7:\d+ stages\.0\.steps\.1\.tool tool: is a tool id/),
      expect.stringMatching(/^8:\d+ stages\.0\.steps\.2 step "both" has run and tool; a step does one thing/),
      expect.stringMatching(/^12:\d+ stages\.1\.stepz unknown key "stepz"/),
      expect.stringMatching(/^11:\d+ stages\.1\.steps stage "one" needs steps/),
    ]))
  })

  it('needs a name and stages, and unique step names across the workflow', () => {
    expect(at('description: nothing')).toEqual(expect.arrayContaining([expect.stringMatching(/name is required/), expect.stringMatching(/stages is required/)]))
    expect(at('name: w\nstages:\n  - name: a\n    steps: [{ name: s, run: x }]\n  - name: b\n    steps: [{ name: s, run: y }]').join()).toMatch(/^6:\d+ .*step name "s" is already used in stage "a"/)
  })

  it('checks every expression before anything runs: syntax, functions, the names it starts from', () => {
    const errors = at([
      'name: exprs',
      'parameters:',
      '  n: { type: integer, default: 1 }',
      'stages:',
      '  - name: a',
      '    condition: parameters.n >',
      '    steps:',
      '      - run: echo "${{ outputs.x.value + }}"',
      '      - tool: workflow.echo',
      '        with: { value: "${{ lenn(parameters) }}", other: "${{ parameter.n }}" }',
      '      - claude: "Say ${{ parameters.n|upper }}"',
      '      - run: echo "${{ len(outputs) > 0 && stages.a.status == null }} ${{ item }} ${{ env.HOME }}"',
      'on_failure:',
      '  - log: "${{ run.error.message }} in ${{ run.workflow }}"',
    ].join('\n'))
    expect(errors).toEqual([
      expect.stringMatching(/^6:\d+ stages\.0\.condition \$\{\{ parameters\.n > \}\}: Unexpected end of expression/),
      expect.stringMatching(/^8:\d+ stages\.0\.steps\.0\.run \$\{\{ outputs\.x\.value \+ \}\}: Unexpected end of expression/),
      expect.stringMatching(/^10:\d+ stages\.0\.steps\.1\.with\.value \$\{\{ lenn\(parameters\) \}\}: no function "lenn" \(the functions are contains, .*len/),
      expect.stringMatching(/^10:\d+ stages\.0\.steps\.1\.with\.other \$\{\{ parameter\.n \}\}: "parameter" is not a name expressions know \(they start from parameters, /),
      expect.stringMatching(/^11:\d+ stages\.0\.steps\.2\.claude \$\{\{ parameters\.n\|upper \}\}: "\|upper" is not available \(write it as a function: upper\(…\)/),
    ])
  })

  it('bounds max_parallel at 64 (each parallel step may hold a call and its writes; a plugin may have 256 calls in flight)', () => {
    const stage = (n: number) => `name: p\nstages:\n  - name: a\n    parallel: true\n    max_parallel: ${n}\n    steps: [{ run: "true" }]\n`
    expect(parseWorkflow(stage(64)).ok).toBe(true)
    expect(at(stage(65))).toEqual([expect.stringMatching(/^5:\d+ stages\.0\.max_parallel max_parallel is a whole number from 1 to 64/)])
  })

  it('checks triggers: spec events, globs, cron schedules', () => {
    const r = parseWorkflow('name: t\ntriggers:\n  - manual\n  - spec_added\n  - spec_changed: { paths: [specs/api-*.md] }\n  - schedule: "0 9 * * 1-5"\nstages:\n  - name: a\n    steps: [{ run: "true" }]\n')
    expect(r.ok && r.workflow.triggers).toEqual([{ kind: 'spec_added', paths: ['specs/**'] }, { kind: 'spec_changed', paths: ['specs/api-*.md'] }, { kind: 'schedule', cron: '0 9 * * 1-5' }])
    expect(at('name: t\ntriggers:\n  - schedule: "every day"\n  - on_push\nstages:\n  - name: a\n    steps: [{ run: "true" }]\n')).toEqual([
      expect.stringMatching(/^3:\d+ triggers\.0\.schedule not a cron schedule/),
      expect.stringMatching(/^4:\d+ triggers\.1 a trigger is manual, spec_added/),
    ])
    // The globs may be given directly: one, or a list.
    const short = parseWorkflow('name: t\ntriggers:\n  - spec_added: specs/*.md\n  - spec_changed: [specs/a.md, specs/b-*.md]\nstages:\n  - name: a\n    steps: [{ run: "true" }]\n')
    expect(short.ok && short.workflow.triggers).toEqual([{ kind: 'spec_added', paths: ['specs/*.md'] }, { kind: 'spec_changed', paths: ['specs/a.md', 'specs/b-*.md'] }])
    expect(at('name: t\ntriggers:\n  - spec_added: []\n  - spec_changed: 3\n  - spec_added: { paths: [1] }\nstages:\n  - name: a\n    steps: [{ run: "true" }]\n')).toEqual([
      expect.stringMatching(/^3:\d+ triggers\.0\.spec_added paths is a glob or a list of globs/),
      expect.stringMatching(/^4:\d+ triggers\.1\.spec_changed paths is a glob or a list of globs/),
      expect.stringMatching(/^5:\d+ triggers\.2\.spec_added\.paths paths is a glob or a list of globs/),
    ])
  })

  it('checks webhook actions: URL, method, headers, body, timeout, unknown keys', () => {
    const head = 'name: w\nstages:\n  - name: a\n    steps: [{ run: "true" }]\n'
    expect(at(head + [
      'on_success:',
      '  - webhook: ftp://example.com/x',
      '  - webhook: https://user:pw@example.com/',
      '  - webhook: https://example.com/hook',
      '    method: DELETE',
      '    headers: { Bad Header: x, X-Ok: { no: 1 } }',
      '    timeout: soon',
      '    bodyy: {}',
      'on_failure:',
      '  - webhook: 42',
      '    body: 7',
      '  - { webhook: "", timeout: 11m }',
    ].join('\n'))).toEqual([
      expect.stringMatching(/^6:\d+ on_success\.0\.webhook webhook: is the http:\/\/ or https:\/\/ URL to notify/),
      expect.stringMatching(/^7:\d+ on_success\.1\.webhook webhook: is the http/),
      expect.stringMatching(/^12:\d+ on_success\.2\.bodyy unknown key "bodyy" in a webhook action/),
      expect.stringMatching(/^9:\d+ on_success\.2\.method method: is POST, PUT, PATCH/),
      expect.stringMatching(/^10:\d+ on_success\.2\.headers\.Bad Header "Bad Header" is not a valid header name/),
      expect.stringMatching(/^10:\d+ on_success\.2\.headers\.X-Ok a header value is text/),
      expect.stringMatching(/^11:\d+ on_success\.2\.timeout timeout: is seconds or a duration like 10s, up to 10m/),
      expect.stringMatching(/^14:\d+ on_failure\.0\.webhook webhook: is the http/),
      expect.stringMatching(/^15:\d+ on_failure\.0\.body body: is a mapping or list \(sent as JSON\) or text/),
      expect.stringMatching(/^16:\d+ on_failure\.1\.webhook webhook: is the http/),
      expect.stringMatching(/^16:\d+ on_failure\.1\.timeout timeout: is seconds/),
    ])
    const r = parseWorkflow(head + 'on_success:\n  - webhook: ${{ env.SLACK_WEBHOOK_URL }}\n    method: put\n    headers: { Authorization: "Bearer ${{ env.TOKEN }}" }\n    body: { text: done }\n    timeout: 30s\n')
    expect(r.ok && r.workflow.onSuccess).toEqual([{ webhook: '${{ env.SLACK_WEBHOOK_URL }}', method: 'PUT', headers: { Authorization: 'Bearer ${{ env.TOKEN }}' }, body: { text: 'done' }, timeoutMs: 30_000 }])
  })

  it('validate and list through the plugin', async () => {
    p = await project({
      '.mmm/workflows/good.yaml': 'name: good\ndescription: fine\nstages:\n  - name: a\n    steps:\n      - run: echo ok\n',
      '.mmm/workflows/bad.yml': 'name: bad\nstages:\n  - name: a\n    steps:\n      - runn: echo\n',
    })
    expect(await p.kernel.call('workflow.list')).toEqual([
      { file: '.mmm/workflows/bad.yml', name: 'bad', errors: [expect.objectContaining({ line: 5, path: 'stages.0.steps.0.runn' }), expect.objectContaining({ line: 5 })] },
      { file: '.mmm/workflows/good.yaml', name: 'good', description: 'fine' },
    ])
    expect(await p.kernel.call('workflow.validate', { file: 'good' })).toMatchObject({ valid: true, stages: 1, steps: 1 })
    expect(await p.kernel.call('workflow.validate', { file: '.mmm/workflows/bad.yml' })).toMatchObject({ valid: false, errors: [{ line: 5, col: 9 }, { line: 5 }] })
    await expect(p.kernel.call('workflow.run', { name: 'bad' })).rejects.toMatchObject({ code: 'MMM_WORKFLOW_INVALID', message: expect.stringMatching(/bad\.yml:5:9:/) })
    await expect(p.kernel.call('workflow.run', { name: 'nope' })).rejects.toMatchObject({ code: 'MMM_WORKFLOW_NOT_FOUND', message: expect.stringMatching(/there: bad, good/) })
  })
})

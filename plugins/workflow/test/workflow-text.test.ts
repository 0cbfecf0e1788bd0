// The workflow tools for a person (format: 'text', what the CLI asks for without --json): tables, a run's summary,
// and a failed run as an error (exit code 1 at the CLI) that still carries the summary.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { grants, project, workflowPlugin, type Project } from './helpers.ts'

const cli = fileURLToPath(new URL('../../../kernel/src/cli/main.ts', import.meta.url))
let p: Project | undefined
afterEach(async () => {
  await p?.close()
  p = undefined
})

const demo = 'name: demo\ndescription: one fine step, one that fails\nstages:\n  - name: a\n    steps:\n      - name: one\n        run: echo hello\n      - name: two\n        run: echo oops; exit 3\n'
const ok = 'name: ok\nstages:\n  - name: a\n    steps:\n      - name: one\n        run: echo hi\n'

describe('workflow tools as text', () => {
  it('list, run, status and history', async () => {
    p = await project({ '.mmm/workflows/demo.yaml': demo, '.mmm/workflows/ok.yaml': ok, '.mmm/workflows/bad.yaml': 'name: bad\nstages: 3\n' })
    const k = p.kernel
    const list = ((await k.call('workflow.list', { format: 'text' })) as string).split('\n')
    expect(list[0]).toMatch(/^NAME\s+FILE\s+DESCRIPTION$/)
    expect(list).toContainEqual(expect.stringMatching(/^demo\s+\.mmm\/workflows\/demo\.yaml\s+one fine step, one that fails$/))
    expect(list).toContainEqual(expect.stringMatching(/^bad\s+\.mmm\/workflows\/bad\.yaml\s+INVALID: /))

    const good = (await k.call('workflow.run', { name: 'ok', format: 'text' })) as string
    expect(good).toMatch(/^Run \S+ of ok \(\.mmm\/workflows\/ok\.yaml\): succeeded in \d+\.\d s\n  succeeded a\/one/)

    const failed = await k.call('workflow.run', { name: 'demo', format: 'text' }).then(() => undefined, (e: { code: string; message: string }) => e)
    expect(failed?.code).toBe('MMM_WORKFLOW_STEP_FAILED')
    expect(failed?.message).toMatch(/^Run (\S+) of demo \(\.mmm\/workflows\/demo\.yaml\): failed/)
    expect(failed?.message).toMatch(/  succeeded a\/one .*\n  failed    a\/two  \(exit 3, /)
    expect(failed?.message).toContain('            | oops')
    const id = /^Run (\S+)/.exec(failed!.message)![1]!
    expect(failed?.message).toContain(`mmm workflow resume ${id} continues it`)
    // status shows the same summary without failing: it only reports.
    expect(await k.call('workflow.status', { run: id, format: 'text' })).toMatch(new RegExp(`^Run ${id} of demo .*: failed`))

    const history = ((await k.call('workflow.history', { format: 'text' })) as string).split('\n')
    expect(history[0]).toMatch(/^RUN\s+WORKFLOW\s+STATUS\s+STARTED\s+TOOK$/)
    expect(history[1]).toMatch(new RegExp(`^${id}\\s+demo\\s+failed\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+\\d+\\.\\d s$`))
    expect(history[2]).toMatch(/\s+ok\s+succeeded\s+/)
    // JSON stays the default: a failed run is a result with its status, not an error.
    expect(await k.call('workflow.run', { name: 'demo' })).toMatchObject({ status: 'failed', error: { code: 'MMM_WORKFLOW_STEP_FAILED' } })
  })

  it('validate: a valid file in one line; one with problems is MMM_WORKFLOW_INVALID listing file:line:col', async () => {
    p = await project({ '.mmm/workflows/ok.yaml': ok, '.mmm/workflows/bad.yaml': 'name: bad\nstages:\n  - name: a\n    steps:\n      - run: "true"\n        retry: lots\n' })
    expect(await p.kernel.call('workflow.validate', { file: 'ok', format: 'text' })).toBe('.mmm/workflows/ok.yaml: valid (workflow ok, 1 stage, 1 step)')
    await expect(p.kernel.call('workflow.validate', { file: '.mmm/workflows/bad.yaml', format: 'text' })).rejects.toMatchObject({
      code: 'MMM_WORKFLOW_INVALID',
      message: expect.stringMatching(/^\.mmm\/workflows\/bad\.yaml is not a valid workflow:\n\.mmm\/workflows\/bad\.yaml:6:\d+: /),
    })
    // JSON (the default) reports the problems as data.
    expect(await p.kernel.call('workflow.validate', { file: '.mmm/workflows/bad.yaml' })).toMatchObject({ valid: false, errors: [expect.objectContaining({ line: 6 })] })
  })

  it('triggers: a table of what mmm watch starts, and a warning for a file whose triggers cannot be read', async () => {
    p = await project({
      '.mmm/workflows/onspec.yaml': 'name: onspec\ntriggers:\n  - spec_added: specs/*.md\n  - schedule: "0 9 * * 1-5"\nstages:\n  - name: a\n    steps: [{ run: "true" }]\n',
      '.mmm/workflows/broken.yaml': 'name: broken\ntriggers:\n  - on_push\nstages:\n  - name: a\n    steps: [{ run: "true" }]\n',
    })
    const text = ((await p.kernel.call('workflow.triggers', { format: 'text' })) as string).split('\n')
    expect(text[0]).toMatch(/^WORKFLOW\s+FILE\s+TRIGGERS$/)
    expect(text[1]).toMatch(/^onspec\s+\.mmm\/workflows\/onspec\.yaml\s+spec_added specs\/\*\.md; schedule 0 9 \* \* 1-5$/)
    expect(text).toHaveLength(2)
    expect(p.kernel.logs.map((l) => `${l.level} ${l.message}`)).toContainEqual(expect.stringMatching(/^warn \.mmm\/workflows\/broken\.yaml is not a valid workflow, so its triggers are not watched: .*mmm workflow validate/))
    expect(await p.kernel.call('workflow.triggers', {})).toEqual([{ workflow: 'onspec', file: '.mmm/workflows/onspec.yaml', triggers: [{ kind: 'spec_added', paths: ['specs/*.md'] }, { kind: 'schedule', cron: '0 9 * * 1-5' }] }])
  })

  it('a long run lists its first and last steps and every one worth a look, and counts the rest', async () => {
    const long = 'name: long\nstages:\n  - name: a\n    for_each: ${{ range(100) }}\n    steps:\n      - name: e\n        tool: workflow.echo\n        with: { value: \'${{ item }}\' }\n      - name: odd\n        condition: item == 50\n        run: echo broken; exit 4\n        on_failure: continue\n'
    p = await project({ '.mmm/workflows/long.yaml': long })
    const text = ((await p.kernel.call('workflow.run', { name: 'long', format: 'text' })) as string).split('\n')
    expect(text[0]).toMatch(/^Run \S+ of long .*: succeeded/)
    expect(text[1]).toMatch(/^  succeeded a\[0\]\/e/)
    // 200 steps: 10 at each end, and the failed one (with its output) in between; the rest are counted.
    expect(text.filter((l) => /^  (succeeded|skipped|failed) /.test(l))).toHaveLength(21)
    expect(text).toContainEqual(expect.stringMatching(/^  failed    a\[50\]\/odd  \(exit 4/))
    expect(text).toContainEqual('            | broken')
    expect(text.filter((l) => l.startsWith('  … '))).toEqual([
      expect.stringMatching(/^  … 91 more steps succeeded or skipped \(mmm workflow status \S+ --json lists every step\)$/),
      expect.stringMatching(/^  … 88 more steps succeeded or skipped/),
    ])
    expect(text.at(-1)).toMatch(/^  (succeeded|skipped) +a\[99\]\/odd/)
  })

  it('cancel and approve say what happened', async () => {
    const gated = 'name: gated\nstages:\n  - name: a\n    steps:\n      - name: review\n        type: checkpoint\n        message: Ship it?\n      - name: after\n        run: echo shipped\n'
    p = await project({ '.mmm/workflows/gated.yaml': gated, '.mmm/workflows/ok.yaml': ok })
    const waiting = (await p.kernel.call('workflow.run', { name: 'gated' })) as { id: string; status: string }
    expect(waiting.status).toBe('waiting')
    const status = (await p.kernel.call('workflow.status', { run: waiting.id, format: 'text' })) as string
    // The question once, under its step; the command to answer it once, at the end.
    expect(status.split('\n').slice(1)).toEqual(['  waiting   a/review', '            Ship it?', `A checkpoint waits: mmm workflow approve ${waiting.id} review [--decision approve|changes|reject] [--changes text]`])
    expect(await p.kernel.call('workflow.approve', { run: waiting.id, step: 'review', format: 'text' })).toMatch(new RegExp(`^Run ${waiting.id} of gated .*: succeeded`))
    const done = (await p.kernel.call('workflow.run', { name: 'ok' })) as { id: string }
    expect(await p.kernel.call('workflow.cancel', { run: done.id, format: 'text' })).toMatch(new RegExp(`^Run ${done.id} is succeeded: nothing to cancel\\.\\nRun ${done.id} of ok`))
  })

  it('an empty project says where workflows go', async () => {
    p = await project({})
    expect(await p.kernel.call('workflow.list', { format: 'text' })).toMatch(/^No workflows: put one in \.mmm\/workflows\//)
    expect(await p.kernel.call('workflow.history', { format: 'text' })).toBe('No runs yet: mmm workflow run <name> starts one.')
  })

  it('mmm workflow run exits 1 for a failed run and 0 for a good one; --json prints the summary either way', async () => {
    p = await project({ '.mmm/workflows/demo.yaml': demo, '.mmm/workflows/ok.yaml': ok })
    writeFileSync(join(p.dir, 'mmm.config.json'), JSON.stringify({ plugins: [workflowPlugin], grants }))
    const mmm = (...args: string[]) => spawnSync(process.execPath, ['--no-node-snapshot', cli, ...args], { cwd: p!.dir, encoding: 'utf8', timeout: 60_000 })
    const bad = mmm('workflow', 'run', 'demo')
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/mmm: Run \S+ of demo .*failed[\s\S]*\| oops[\s\S]*\[MMM_WORKFLOW_STEP_FAILED\]/)
    const good = mmm('workflow', 'run', 'ok')
    expect(good.status).toBe(0)
    expect(good.stdout).toMatch(/^Run \S+ of ok .*: succeeded/)
    const json = mmm('workflow', 'run', 'demo', '--json')
    expect(json.status).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({ workflow: 'demo', status: 'failed' })
  })
})

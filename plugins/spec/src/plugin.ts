// @mmm/plugin-spec: Markdown specifications (docs/specs.md).
import { definePlugin } from '@mmm/kernel/plugin'
import { readFrontmatter, writeFrontmatter } from './frontmatter.ts'
import { draftFromAnswer } from './draftFromAnswer.ts'
import { globMatch } from './globMatch.ts'
import { findSpec, loadSpecs, SPEC_DIR } from './loadSpecs.ts'
import { coded, mermaid, orderForListing, orderSpecs } from './orderSpecs.ts'
import { runSpec, type SpecRun } from './runSpec.ts'
import { specListText, specRunText, specStatusText, specText } from './specText.ts'
import { BUILTIN_TEMPLATES, fillTemplate } from './templates.ts'
import { STATUSES, type Spec } from './types.ts'

const ID = { type: 'string', description: 'The spec id (its file name without .md, or its id: field)' }
const FORMAT = { type: 'string', enum: ['json', 'text'], default: 'json', description: 'text: a summary for a person' }
/** At a terminal (no --json) these tools print text for a person. */
const HUMAN = { format: 'text' }
const row = (s: Spec) => ({ id: s.id, title: s.title, status: s.status, priority: s.priority, dependencies: s.dependencies, tags: s.tags, criteria: `${s.criteria.filter((c) => c.done).length}/${s.criteria.length}`, file: s.file })
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60)

export default definePlugin({
  name: 'spec',
  version: '0.1.0',
  setup(ctx) {
    ctx.tool('init', { description: 'Create specs/ with a README and a first example spec', input: { type: 'object', properties: { format: FORMAT }, additionalProperties: false, 'x-mmm-human': HUMAN } }, async ({ format }: { format?: string }) => {
      const made: string[] = []
      const put = async (path: string, text: string) => {
        if (await ctx.fs.stat(path).catch(() => null)) return
        await ctx.fs.write(path, text)
        made.push(path)
      }
      await put(`${SPEC_DIR}/README.md`, '# Specifications\n\nOne Markdown file per piece of work, with YAML frontmatter (see docs/specs.md). `mmm spec list` lists them.\n')
      await put(`${SPEC_DIR}/example.md`, fillTemplate(BUILTIN_TEMPLATES.feature!, { id: 'example', title: 'An example feature', why: 'Shows the format: edit or delete it.' }))
      if (format === 'text') return made.length ? `Created ${made.join(', ')}. Next: edit specs/example.md, or mmm spec add "<title>".` : `${SPEC_DIR}/ has its README and example already; nothing created.`
      return { created: made }
    })

    ctx.tool('list', {
      description: 'List specifications in dependency order, with status and acceptance criteria done',
      input: { type: 'object', properties: { status: { type: 'string', enum: [...STATUSES] }, tag: { type: 'string' }, format: FORMAT }, additionalProperties: false, 'x-mmm-human': HUMAN },
      annotations: { readOnlyHint: true },
    }, async (input: { status?: string; tag?: string; format?: string }, call) => {
      const specs = orderForListing(await loadSpecs(ctx), (m) => call.log.warn(m)).filter((s) => (!input.status || s.status === input.status) && (!input.tag || s.tags.includes(input.tag)))
      return input.format === 'text' ? specListText(specs, Boolean(input.status || input.tag)) : specs.map(row)
    })

    ctx.tool('show', {
      description: 'One specification: frontmatter, criteria and text',
      input: { type: 'object', properties: { id: ID, format: FORMAT }, required: ['id'], additionalProperties: false, 'x-mmm-positional': ['id'], 'x-mmm-human': HUMAN },
      annotations: { readOnlyHint: true },
    }, async ({ id, format }: { id: string; format?: string }) => {
      const spec = await findSpec(ctx, id)
      return format === 'text' ? specText(spec) : spec
    })

    ctx.tool('graph', {
      description: 'The dependency order of the specifications, as text or a Mermaid flowchart; a cycle is named',
      input: { type: 'object', properties: { format: { type: 'string', enum: ['text', 'mermaid'], default: 'text' } }, additionalProperties: false },
      annotations: { readOnlyHint: true },
    }, async ({ format }: { format: string }) => {
      const ordered = orderSpecs(await loadSpecs(ctx))
      if (format === 'mermaid') return mermaid(ordered)
      return ordered.map((s, i) => `${i + 1}. ${s.id} (${s.status})${s.dependencies.length ? ` ← ${s.dependencies.join(', ')}` : ''}`).join('\n')
    })

    ctx.tool('status', {
      description: 'Specs by status and which are ready to start (dependencies done); with id and set, change a spec\'s status in its file',
      input: { type: 'object', properties: { id: ID, set: { type: 'string', enum: [...STATUSES] }, format: FORMAT }, additionalProperties: false, 'x-mmm-positional': ['id'], 'x-mmm-human': HUMAN },
    }, async (input: { id?: string; set?: string; format?: string }, call) => {
      if (input.id && input.set) {
        const s = await findSpec(ctx, input.id)
        const doc = readFrontmatter(await ctx.fs.read(s.file))
        doc.data.status = input.set
        if (input.set === 'done') doc.data.done = new Date().toISOString()
        else delete doc.data.done
        await ctx.fs.write(s.file, writeFrontmatter(doc))
        if (input.format === 'text') return `${s.id}: ${s.status} → ${input.set} (${s.file})`
        return row({ ...s, status: input.set as Spec['status'] })
      }
      if (input.set) throw coded('MMM_INVALID_INPUT', 'set needs the spec id: mmm spec status <id> --set done')
      const specs = orderForListing(await loadSpecs(ctx), (m) => call.log.warn(m))
      const done = new Set(specs.filter((s) => s.status === 'done').map((s) => s.id))
      const counts = Object.fromEntries(STATUSES.map((st) => [st, specs.filter((s) => s.status === st).length]))
      const next = specs.filter((s) => s.status !== 'done' && s.status !== 'blocked' && s.dependencies.every((d) => done.has(d))).map((s) => s.id)
      const waiting = specs.filter((s) => s.status !== 'done' && s.dependencies.some((d) => !done.has(d))).map((s) => ({ id: s.id, waitsFor: s.dependencies.filter((d) => !done.has(d)) }))
      const summary = { total: specs.length, counts, next, waiting }
      return input.format === 'text' ? specStatusText(summary) : summary
    })

    ctx.tool('add', {
      description: 'Add a specification from a template (feature, bugfix, refactor, api-endpoint, or .mmm/templates/<name>.md); with generate, Claude drafts it from your idea and the project analysis',
      input: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'Title of the spec; its id is made from it' },
          template: { type: 'string', default: 'feature' },
          generate: { type: 'string', description: 'An idea for Claude to draft the spec from' },
          vars: { type: 'object', description: 'Template variables' },
          format: FORMAT,
        },
        required: ['name'],
        additionalProperties: false,
        'x-mmm-positional': ['name'],
        'x-mmm-human': HUMAN,
      },
      timeoutMs: 600_000,
    }, async (input: { name: string; template: string; generate?: string; vars?: Record<string, unknown>; format?: string }, call) => {
      const id = slug(input.name)
      if (!id) throw coded('MMM_INVALID_INPUT', `"${input.name}" gives no usable id; use letters or digits`)
      const file = `${SPEC_DIR}/${id}.md`
      if (await ctx.fs.stat(file).catch(() => null)) throw coded('MMM_SPEC_EXISTS', `${file} exists already; pick another name or edit it`)
      // The project's templates, then those of the `templates` option, then the built-ins. The option is either
      // directories inside the project, or templates as text by name (what a preset outside the project ships).
      const option = ctx.options.templates
      const dirs = ['.mmm/templates', ...(Array.isArray(option) ? option.filter((d): d is string => typeof d === 'string') : [])]
      const shipped = option && typeof option === 'object' && !Array.isArray(option) ? (option as Record<string, unknown>) : {}
      let template: string | undefined
      for (const d of dirs) {
        template = await ctx.fs.read(`${d}/${input.template}.md`).catch(() => undefined)
        if (template !== undefined) break
      }
      const fromOption = Object.hasOwn(shipped, input.template) ? shipped[input.template] : undefined
      // Own keys only: a template named "toString" is no template.
      template ??= typeof fromOption === 'string' ? fromOption : Object.hasOwn(BUILTIN_TEMPLATES, input.template) ? BUILTIN_TEMPLATES[input.template] : undefined
      if (template === undefined) throw coded('MMM_SPEC_NOT_FOUND', `no template "${input.template}" (built-in: ${[...Object.keys(BUILTIN_TEMPLATES), ...Object.keys(shipped)].join(', ')}; or .mmm/templates/${input.template}.md)`)
      const vars = { id, title: input.name, date: new Date().toISOString().slice(0, 10), why: input.generate ?? 'Why this matters.', ...Object.fromEntries(Object.entries(input.vars ?? {}).map(([k, v]) => [k, String(v)])) }
      let text = fillTemplate(template, vars)
      if (input.generate) text = await draft(text, input.generate, id, file, call)
      await ctx.fs.write(file, text)
      if (input.format === 'text') return `Wrote ${file} (${input.generate ? `drafted by Claude from the ${input.template} template` : `${input.template} template`}); mmm spec show ${id} shows it.`
      return { id, file, generated: Boolean(input.generate) }
    })

    /** Claude fills the template in from the idea (and the analyzer's context when the analyzer is there). */
    async function draft(skeleton: string, idea: string, id: string, file: string, call: Parameters<Parameters<typeof ctx.tool>[2]>[1]): Promise<string> {
      const context = await call.tools.call<{ text?: string }>('analyzer.context', { budgetTokens: 4000 }).then((r) => r.text ?? '', () => '')
      const r = await call.claude.message({
        task: 'plan',
        system: 'You write software specifications as Markdown with YAML frontmatter. Keep the frontmatter keys of the skeleton (id, title, status, priority, dependencies, tags, validate) and its headings; fill in concrete, testable acceptance criteria as a checkbox list; add validate commands that would prove completion when the project has them. Answer with the file only.',
        prompt: `${context ? `The project:\n${context}\n\n` : ''}The idea: ${idea}\n\nThe skeleton:\n${skeleton}`,
      })
      const text = draftFromAnswer(r.text, id, file)
      if (text !== undefined) return text
      // Not a spec: the answer (paid for) is kept for the user to fix by hand, outside specs/*.md. Claude's answer
      // failed, not the user's input: exit code 1, as for any structured answer that does not fit.
      await ctx.fs.write(`${SPEC_DIR}/${id}.draft.txt`, r.text)
      throw coded('MMM_CLAUDE_INVALID_OUTPUT', `Claude's answer is not a spec with valid frontmatter; it is kept in ${SPEC_DIR}/${id}.draft.txt: make it ${file} by hand, or run again`)
    }

    ctx.tool('run', {
      description: 'Have Claude implement specs in git worktrees (branch mmm/spec-<id>-<time>), iterating until their validate commands pass and their criteria are checked: the given spec, or every ready spec in dependency order',
      input: {
        type: 'object',
        properties: { id: ID, maxIterations: { type: 'integer', minimum: 1, maximum: 20, default: 3 }, fresh: { type: 'boolean', default: false, description: 'Start over from HEAD in a new worktree instead of continuing the last attempt of a spec left blocked' }, format: FORMAT },
        additionalProperties: false,
        'x-mmm-positional': ['id'],
        'x-mmm-human': HUMAN,
      },
      timeoutMs: 24 * 3600 * 1000,
    }, async (input: { id?: string; maxIterations: number; fresh?: boolean; format?: string }, call) => {
      const runs = await runSpecs(input, call)
      return input.format === 'text' ? specRunText(runs, coded) : runs
    })

    /** The given spec, or every ready spec in dependency order until one is left blocked. */
    const runSpecs = async (input: { id?: string; maxIterations: number; fresh?: boolean }, call: Parameters<Parameters<typeof ctx.tool>[2]>[1]): Promise<SpecRun[]> => {
      const specs = orderSpecs(await loadSpecs(ctx))
      // Without Claude nothing can be implemented: say so before a worktree is made and a spec marked in-progress.
      await call.claude.models().catch((e: Error & { code?: string }) => {
        if (e.code === 'MMM_NOT_CONFIGURED' || e.code === 'MMM_PERMISSION_DENIED') throw e
      })
      const done = new Set(specs.filter((s) => s.status === 'done').map((s) => s.id))
      const waitsFor = (s: Spec) => s.dependencies.filter((d) => !done.has(d))
      if (input.id) {
        const s = specs.find((x) => x.id === input.id)
        if (!s) throw coded('MMM_SPEC_NOT_FOUND', `no spec "${input.id}" (mmm spec list)`)
        if (waitsFor(s).length) throw coded('MMM_SPEC_WAITING', `spec "${s.id}" waits for ${waitsFor(s).join(', ')}: run those first (mmm spec run runs every ready spec in order)`)
        return [await runSpec(ctx, call, s, input.maxIterations, input.fresh)]
      }
      const results: SpecRun[] = []
      for (const s of specs) {
        if (s.status === 'done' || s.status === 'draft' || s.status === 'blocked' || waitsFor(s).length) continue
        const r = await runSpec(ctx, call, s, input.maxIterations, input.fresh)
        results.push(r)
        if (r.outcome === 'done') done.add(s.id)
        else break // later specs may depend on it
      }
      return results
    }

    ctx.tool('drift', {
      description: 'For each done spec, the files matching its files: globs that changed (in git) since it was marked done',
      input: { type: 'object', properties: { format: FORMAT }, additionalProperties: false, 'x-mmm-human': HUMAN },
      annotations: { readOnlyHint: true },
    }, async ({ format }: { format?: string }) => {
      const specs = (await loadSpecs(ctx)).filter((s) => s.status === 'done' && s.done && s.files.length)
      const out: Array<{ id: string; done: string; changed: string[] }> = []
      for (const s of specs) {
        const log = await ctx.exec.run('git', ['log', `--since=${s.done}`, '--name-only', '--format='], { timeoutMs: 20_000 })
        if (log.code !== 0) throw coded('MMM_SPEC_GIT', `git log failed (is this a git repository?): ${log.stderr.trim().split('\n').pop() ?? ''}`)
        const changed = [...new Set(log.stdout.split('\n').filter((f) => f && s.files.some((g) => globMatch(g, f))))].sort()
        if (changed.length) out.push({ id: s.id, done: s.done!, changed })
      }
      if (format !== 'text') return out
      if (!out.length) return 'No drift: no file of a done spec changed since it was done.'
      return out.map((d) => `${d.id} (done ${d.done.slice(0, 10)}): ${d.changed.length} file${d.changed.length === 1 ? '' : 's'} changed since\n${d.changed.map((f) => `  ${f}`).join('\n')}`).join('\n')
    })
  },
})

// YAML text → a validated Workflow, or every problem found with its line and column.
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml'
import { checkWorkflow, type Problem } from './checkWorkflow.ts'
import { mergeWorkflows } from './mergeWorkflows.ts'
import type { Workflow } from './types.ts'

export interface WorkflowError {
  message: string
  /** 1-based; 0 when the problem has no place in the file. */
  line: number
  col: number
  path: string
}

export type ParseResult = { ok: true; workflow: Workflow } | { ok: false; errors: WorkflowError[] }

/** A workflow file's YAML, parsed once: the document (for error positions) and its plain data. */
export interface WorkflowYaml {
  doc: Document
  lines: LineCounter
  raw: unknown
}

/** The YAML of a workflow file as plain data (with its document), or its syntax errors. */
export function readWorkflowYaml(text: string): ({ ok: true } & WorkflowYaml) | { ok: false; errors: WorkflowError[] } {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((e) => { const p = lines.linePos(e.pos[0]); return { message: e.message.split('\n')[0] ?? e.message, line: p.line, col: p.col, path: '' } }) }
  }
  return { ok: true, doc, lines, raw: doc.toJS({ maxAliasCount: 100 }) as unknown }
}

/**
 * A workflow file's text → a Workflow; `parent`: the already merged workflow it extends (see mergeWorkflows);
 * `parsed`: the file's YAML when the caller has read it already (a long file is then not parsed twice).
 */
export function parseWorkflow(text: string, parent?: Record<string, unknown>, parsed?: WorkflowYaml): ParseResult {
  const yaml = parsed ?? readWorkflowYaml(text)
  if ('errors' in yaml) return yaml
  const { doc, lines, raw } = yaml
  const checked = checkWorkflow(parent && raw && typeof raw === 'object' && !Array.isArray(raw) ? mergeWorkflows(parent, raw as Record<string, unknown>) : raw)
  if (checked.ok) return { ok: true, workflow: checked.workflow }
  return { ok: false, errors: checked.problems.map((p) => place(doc, lines, p)) }
}

function place(doc: Document, lines: LineCounter, p: Problem): WorkflowError {
  // The deepest node on the problem's path that exists; for a mapping key, the key itself (where the eye goes).
  let node: unknown = doc.contents
  let at: { range?: [number, number, number] | null } | undefined = isNode(node) ? node : undefined
  for (const seg of p.path) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === String(seg))
      if (!pair) break
      if (isNode(pair.key)) at = pair.key
      node = pair.value
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
      node = node.items[seg]
      if (isNode(node)) at = node
    } else break
  }
  const pos = at?.range ? lines.linePos(at.range[0]) : { line: 0, col: 0 }
  return { message: p.message, line: pos.line, col: pos.col, path: p.path.join('.') }
}

export function formatErrors(file: string, errors: readonly WorkflowError[]): string {
  return errors.map((e) => `${file}:${e.line}:${e.col}: ${e.path ? `${e.path}: ` : ''}${e.message}`).join('\n')
}

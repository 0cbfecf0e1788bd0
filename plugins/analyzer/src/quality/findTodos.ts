// TODO / FIXME / HACK / XXX markers in comments: the marker in capitals, as a word, followed by `:`, `(`, a space
// or the end of the comment (`TODO: x`, `TODO(ann): x`, `FIXME x`; not `todos`, not `TODOS`). One item per line;
// its text runs from the marker to the end of the comment, whitespace collapsed, at most 120 characters.
import type { TodoItem } from '../types.ts'

const MARKER = /\b(TODO|FIXME|HACK|XXX)(?=[:(\s]|$)/
const MAX_TEXT = 120

export function findTodos(path: string, comments: readonly string[]): TodoItem[] {
  const todos: TodoItem[] = []
  for (let li = 0; li < comments.length; li++) {
    const c = comments[li] as string
    if (c.length < 3) continue
    const m = MARKER.exec(c)
    if (!m) continue
    let text = c
      .slice(m.index)
      .replace(/\s*(?:\*\/|-->|#\}|--\]\]|=end)\s*$/, '')
      .replace(/\s+/g, ' ')
      .trim()
    if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT - 1) + '…'
    todos.push({ kind: m[1] as TodoItem['kind'], path, line: li + 1, text })
  }
  return todos
}

// `extends`: a workflow over its parent (a template, often `abstract: true`). Parameters, env and common steps
// merge (the child's win); a child stage replaces the parent's stage of the same name in place, and new stages
// come after the parent's; name, description, version, on_success and on_failure are the child's when given.
// `abstract` is never inherited.
type Raw = Record<string, unknown>

const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)

export function mergeWorkflows(parent: Raw, child: Raw): Raw {
  const { extends: _p, abstract: _a, ...base } = parent
  const { extends: _c, ...own } = child
  const out: Raw = { ...base, ...own }
  for (const key of ['parameters', 'env', 'common']) {
    if (isObj(parent[key]) || isObj(child[key])) out[key] = { ...(isObj(parent[key]) ? parent[key] : {}), ...(isObj(child[key]) ? child[key] : {}) }
  }
  if (Array.isArray(parent.stages) && Array.isArray(child.stages)) {
    const stages = [...parent.stages]
    for (const s of child.stages) {
      const i = isObj(s) ? stages.findIndex((p) => isObj(p) && p.name === s.name) : -1
      if (i >= 0) stages[i] = s
      else stages.push(s)
    }
    out.stages = stages
  }
  return out
}

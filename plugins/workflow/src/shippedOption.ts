// The workflow plugin's `workflows` option: the workflows a preset ships, as text (docs/workflows.md).

/** The `workflows` option (a preset's workflows as text, by a label ending in .yaml or .yml); bad entries are skipped, with a warning. */
export function shippedOption(value: unknown, warn: (message: string) => void): Map<string, string> {
  const out = new Map<string, string>()
  if (value === undefined) return out
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    warn('the "workflows" option must be an object of label (ending in .yaml) → YAML text; ignored')
    return out
  }
  for (const [label, text] of Object.entries(value)) {
    if (typeof text !== 'string' || !/\.ya?ml$/.test(label)) warn(`the "workflows" option's entry "${label}" is not a label ending in .yaml with YAML text; ignored`)
    else out.set(label, text)
  }
  return out
}

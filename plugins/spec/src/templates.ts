// Spec templates: the built-ins, and .mmm/templates/<name>.md (which win). `{{name}}` variables: id, title,
// date, and whatever `add` is given.
export const BUILTIN_TEMPLATES: Record<string, string> = {
  feature: `---
id: {{id}}
title: {{title}}
status: draft
priority: medium
dependencies: []
tags: [feature]
validate: []
---
# {{title}}

## Why

{{why}}

## What

Describe the behaviour a user will see.

## Acceptance criteria

- [ ] The feature works from the command line
- [ ] It is tested, including bad input
- [ ] It is documented for users
`,
  bugfix: `---
id: {{id}}
title: {{title}}
status: draft
priority: high
dependencies: []
tags: [bug]
validate: []
---
# {{title}}

## What happens

Steps to reproduce, what you see, what you expected.

## Acceptance criteria

- [ ] A test reproduces the bug and fails before the fix
- [ ] The test passes after the fix
- [ ] No other test breaks
`,
  refactor: `---
id: {{id}}
title: {{title}}
status: draft
priority: medium
dependencies: []
tags: [refactor]
validate: []
---
# {{title}}

## Why

What is hard to change today, and what will be easier.

## Acceptance criteria

- [ ] Behaviour is unchanged: every existing test passes
- [ ] The code named above is simpler (shorter functions, fewer dependencies)
`,
  'api-endpoint': `---
id: {{id}}
title: {{title}}
status: draft
priority: medium
dependencies: []
tags: [api]
validate: []
---
# {{title}}

## Endpoint

\`{{method}} {{path}}\`

## Request and response

Describe the input, the output, and the errors with their status codes.

## Acceptance criteria

- [ ] The endpoint answers as described
- [ ] Invalid input gets a 4xx with a clear message
- [ ] Tests cover success and each error
`,
}

export function fillTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, k: string) => vars[k] ?? '')
}

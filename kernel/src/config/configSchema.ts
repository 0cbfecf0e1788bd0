// The JSON Schema every config layer and preset is validated against. Each node's `description` is the
// "expected ..." text of the error a user sees when a value does not fit, so write it for them.
// To add a top-level key: add it here (and to MmmConfig in types.ts, and to docs/config.md).

const nonEmptyString = (what: string) => ({ type: 'string', minLength: 1, description: what })

const stringList = (what: string) => ({
  type: 'array',
  description: `an array of ${what}`,
  items: nonEmptyString(`a non-empty string (one of the ${what})`),
})

const positiveInt = (what: string) => ({ type: 'integer', minimum: 1, description: what })

const stringMap = (what: string, valueWhat: string) => ({
  type: 'object',
  description: what,
  additionalProperties: nonEmptyString(valueWhat),
})

const PLUGIN_ENTRY_EXPECTED =
  'a plugin entry: "name", ["name", { ...options }] or { use: "name", options?, permissions?, sandbox?: "on" | "off" }'

const PRESET_LIST_EXPECTED = 'an array of preset names, paths or preset objects'

const definitions = {
  permissions: {
    type: 'object',
    description: 'a permissions object { fs?, exec?, net?, claude?, tools?, env? }',
    additionalProperties: false,
    properties: {
      fs: {
        type: 'object',
        description: 'an object { read?: string[], write?: string[] }',
        additionalProperties: false,
        properties: { read: stringList('glob patterns'), write: stringList('glob patterns') },
      },
      exec: stringList('command names'),
      net: stringList('host names'),
      claude: {
        type: ['boolean', 'object'],
        description: 'true, false or { maxTokensPerCall: number }',
        additionalProperties: false,
        properties: { maxTokensPerCall: positiveInt('a positive integer number of tokens') },
      },
      tools: stringList('tool ids or patterns'),
      env: stringList('environment variable names'),
    },
  },
  pluginEntry: {
    type: ['string', 'array', 'object'],
    description: PLUGIN_ENTRY_EXPECTED,
    minLength: 1,
    minItems: 2,
    maxItems: 2,
    items: [nonEmptyString('a plugin module name or path'), { type: 'object', description: 'an options object' }],
    additionalItems: false,
    required: ['use'],
    additionalProperties: false,
    properties: {
      use: nonEmptyString('a plugin module name or path'),
      options: { type: 'object', description: 'an options object' },
      permissions: { $ref: '#/definitions/permissions' },
      sandbox: { enum: ['on', 'off'], description: '"on" or "off"' },
    },
  },
  presetList: {
    type: 'array',
    description: PRESET_LIST_EXPECTED,
    items: { type: ['string', 'object'], minLength: 1, description: 'a preset name or path, or a preset object' },
  },
  plugins: { type: 'array', description: 'an array of plugin entries', items: { $ref: '#/definitions/pluginEntry' } },
  workflows: stringList('workflow file paths or globs'),
  prompts: stringMap('an object mapping prompt names to prompt text', 'a prompt text'),
  config: {
    type: 'object',
    description: 'a config object',
    additionalProperties: false,
    properties: {
      presets: { $ref: '#/definitions/presetList' },
      plugins: { $ref: '#/definitions/plugins' },
      claude: {
        type: 'object',
        description: 'an object { provider?, model?, smallModel?, baseURL?, tasks?, budget?, prices?, cache?, promptCaching?, maxTokens?, maxRetries?, idleTimeoutMs?, claudeCode?, memory? }',
        additionalProperties: false,
        properties: {
          provider: { enum: ['auto', 'api', 'claude-code'], description: '"auto", "api" or "claude-code"' },
          model: nonEmptyString('a model name such as "claude-sonnet-4-5"'),
          smallModel: nonEmptyString('a model name such as "claude-haiku-4-5"'),
          baseURL: { type: 'string', pattern: '^https?://', description: 'an http(s) URL string' },
          tasks: stringMap('an object mapping task names to model names', 'a model name'),
          budget: {
            type: 'object',
            description: 'an object { tokensPerCall?, tokensPerRun?, tokensPerDay?, usdPerRun?, usdPerDay? }',
            additionalProperties: false,
            properties: {
              tokensPerCall: positiveInt('a positive integer number of tokens'),
              tokensPerRun: positiveInt('a positive integer number of tokens'),
              tokensPerDay: positiveInt('a positive integer number of tokens'),
              usdPerRun: { type: 'number', exclusiveMinimum: 0, description: 'a positive number of US dollars' },
              usdPerDay: { type: 'number', exclusiveMinimum: 0, description: 'a positive number of US dollars' },
            },
          },
          prices: {
            type: 'object',
            description: 'an object mapping model ids (or prefixes) to { input, output, cacheWrite?, cacheRead? } in USD per million tokens',
            additionalProperties: {
              type: 'object',
              description: 'a price { input, output, cacheWrite?, cacheRead? } in USD per million tokens',
              additionalProperties: false,
              required: ['input', 'output'],
              properties: {
                input: { type: 'number', minimum: 0, description: 'USD per million input tokens' },
                output: { type: 'number', minimum: 0, description: 'USD per million output tokens' },
                cacheWrite: { type: 'number', minimum: 0, description: 'USD per million cache-write tokens' },
                cacheRead: { type: 'number', minimum: 0, description: 'USD per million cache-read tokens' },
              },
            },
          },
          cache: {
            type: 'object',
            description: 'an object { enabled?: boolean, ttlSeconds?: number }',
            additionalProperties: false,
            properties: {
              enabled: { type: 'boolean', description: 'true or false' },
              ttlSeconds: positiveInt('a positive integer number of seconds'),
            },
          },
          promptCaching: { type: 'boolean', description: 'true or false' },
          maxTokens: positiveInt('a positive integer number of tokens'),
          maxRetries: { type: 'integer', minimum: 0, maximum: 10, description: 'an integer from 0 to 10' },
          idleTimeoutMs: positiveInt('a positive integer number of milliseconds'),
          claudeCode: {
            type: 'object',
            description: 'an object { command?, permissionMode?, args? }',
            additionalProperties: false,
            properties: {
              command: nonEmptyString('the claude executable (name or path)'),
              permissionMode: { enum: ['default', 'acceptEdits', 'bypassPermissions', 'plan'], description: '"default", "acceptEdits", "bypassPermissions" or "plan"' },
              args: stringList('extra arguments'),
            },
          },
          memory: {
            type: 'object',
            description: 'an object { recentTurns?: number }',
            additionalProperties: false,
            properties: { recentTurns: positiveInt('a positive integer number of exchanges') },
          },
        },
      },
      grants: {
        type: 'object',
        description: 'an object mapping plugin names to permissions',
        additionalProperties: { $ref: '#/definitions/permissions' },
      },
      state: {
        type: 'object',
        description: 'an object { url?: string }',
        additionalProperties: false,
        properties: {
          url: {
            type: 'string',
            pattern: '^[a-zA-Z][a-zA-Z0-9+.-]*://',
            description: 'a URL string such as "sqlite://.mmm/state.db" or "redis://localhost:6379"',
          },
        },
      },
      sandbox: {
        type: 'object',
        description: 'an object { memoryLimitMb?, callTimeoutMs?, maxResultBytes? }',
        additionalProperties: false,
        properties: {
          memoryLimitMb: { type: 'integer', minimum: 8, description: 'an integer number of megabytes, at least 8' },
          callTimeoutMs: positiveInt('a positive integer number of milliseconds'),
          maxResultBytes: positiveInt('a positive integer number of bytes'),
        },
      },
      mcp: {
        type: 'object',
        description: 'an object { tools?: string[], longCallMs?: number }',
        additionalProperties: false,
        properties: {
          tools: stringList('tool ids or patterns'),
          longCallMs: { type: 'integer', minimum: 0, description: 'an integer number of milliseconds (0 turns background runs off)' },
        },
      },
      workflows: { $ref: '#/definitions/workflows' },
      prompts: { $ref: '#/definitions/prompts' },
    },
  },
  preset: {
    type: 'object',
    description: 'a preset object (export default definePreset({ ... }))',
    additionalProperties: false,
    properties: {
      name: nonEmptyString('a preset name'),
      presets: { $ref: '#/definitions/presetList' },
      plugins: { $ref: '#/definitions/plugins' },
      workflows: { $ref: '#/definitions/workflows' },
      prompts: { $ref: '#/definitions/prompts' },
      config: { $ref: '#/definitions/config' },
    },
  },
}

/** Schema of a config layer (mmm.config.*, the user-global config, env and CLI overrides, a preset's `config`). */
export const CONFIG_SCHEMA = { ...definitions.config, definitions }

/** Schema of a preset module's default export. */
export const PRESET_SCHEMA = { ...definitions.preset, definitions }

/** The top-level keys a config may have; anything else is rejected with a did-you-mean. The one list to extend. */
export const KNOWN_CONFIG_KEYS: readonly string[] = Object.freeze(Object.keys(definitions.config.properties))

'use strict'
// The guest runtime: evaluated inside each plugin's isolate before the plugin, as a closure over three
// host references ($0: capability requests, $1: notices, $4: results). Nothing here is reachable by the
// plugin: it only ever sees the plain objects built below, and only JSON strings cross to the host.
//
// The host enters the isolate synchronously (applySync on its own thread: an async apply costs two thread
// hops, about 90 µs a call) and every call out is synchronous too: a capability request is sent and its
// answer comes back later as its own entry (dispatch('answer', …)), which settles the waiting promise; a
// finished invocation hands its result to $4. So the isolate only runs while the host has entered it.
const hostCall = $0
const hostNotice = $1
const MAX_RESULT = $2
const INSTALL_GLOBALS = $3
const hostResult = $4
// What crosses to the host is strings, numbers and booleans: isolated-vm copies those itself (no copy option).
const then = Promise.prototype.then
const stringify = JSON.stringify
const parse = JSON.parse
const freeze = Object.freeze
const NAME_RE = /^[a-z][a-z0-9-]{0,63}$/
const TOOL_RE = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/

const tools = new Map()
const resources = new Map()
const prompts = new Map()
const hooks = new Map()
const calls = new Map()
const timers = new Map()
let nextTimer = 1
let setupDone = false
let pluginName = '?'

function makeError(e) {
  const err = new Error(String(e && e.message))
  err.name = 'MmmError'
  err.code = String(e && e.code)
  return err
}

async function cap(callId, method, args) {
  let json
  try {
    json = stringify({ callId, method, args: args === undefined ? [] : args })
  } catch (e) {
    throw makeError({ code: 'MMM_INVALID_INPUT', message: `arguments of ${method} are not JSON: ${e && e.message}` })
  }
  const res = await request(callId, json, method === 'state.set' || method === 'state.delete')
  if (res.charCodeAt(0) === 0) return textBatch(res)
  const envelope = parse(res)
  if (envelope.ok) return envelope.value
  throw makeError(envelope.error)
}

const waiting = new Map()
let nextRequest = 1
// True while the guest runs on the isolate's own thread (the host hands it a large answer that way): a
// synchronous call out would then wait for the host's thread, which may be busy receiving the next answer.
let offThread = false

// A state write may wait on the host for the plugin's next request (they then reach the kernel together);
// anything else goes out at once.
function request(callId, json, isStateWrite) {
  const reqId = nextRequest++
  return new Promise((resolve, reject) => {
    waiting.set(reqId, resolve)
    try {
      if (offThread) hostCall.apply(undefined, [reqId, callId, json, isStateWrite])
      else hostCall.applySync(undefined, [reqId, callId, json, isStateWrite])
    } catch (e) {
      waiting.delete(reqId)
      reject(makeError({ code: 'MMM_PLUGIN_CRASHED', message: `the host refused the request: ${e && e.message}` }))
    }
  })
}

function answer(reqId, res, ownThread) {
  const resolve = waiting.get(reqId)
  waiting.delete(reqId)
  if (ownThread) offThread = true
  if (resolve) resolve(res)
  // Queued after the code the answer resumes, so it runs in this entry's microtasks, once that code waits again.
  if (ownThread) then.call(Promise.resolve(), () => { offThread = false })
}

// fs.readMany's answer (kernel/src/sandbox/textBatch.ts): "\0" + header JSON + "\n" + the texts back to back.
// Each text is copied off the batch string, so keeping one file's text never keeps the whole batch alive.
function textBatch(res) {
  const nl = res.indexOf('\n')
  const header = parse(res.slice(1, nl))
  const out = []
  let at = nl + 1
  for (let i = 0; i < header.length; i++) {
    const it = header[i]
    if (it.error !== undefined) out.push({ path: it.path, error: it.error })
    else {
      const text = res.slice(at, at + it.len)
      out.push({ path: it.path, content: text.length === 0 ? text : (' ' + text).slice(1) })
      at += it.len
    }
  }
  return out
}

function notice(kind, payload) {
  try {
    // In order with the call's result; off the host's thread, fire and forget (it never holds the guest up).
    if (offThread) hostNotice.applyIgnored(undefined, [stringify({ kind, ...payload })])
    else hostNotice.applySync(undefined, [stringify({ kind, ...payload })])
  } catch {}
}

function text(v) {
  try { return typeof v === 'string' ? v : String(v) } catch { return '[unprintable]' }
}

function logger(callId) {
  const at = (level) => (message, data) => {
    let d
    try { d = data === undefined ? undefined : parse(stringify(data)) } catch { d = '[unserializable]' }
    notice('log', { callId, level, message: text(message), data: d })
  }
  return freeze({ debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') })
}

function makeSignal() {
  const listeners = []
  const signal = {
    aborted: false,
    reason: undefined,
    throwIfAborted() { if (signal.aborted) throw makeError({ code: 'MMM_CANCELLED', message: 'the call was cancelled' }) },
    addEventListener(type, fn) { if (type === 'abort' && typeof fn === 'function') listeners.push(fn) },
    removeEventListener(type, fn) { const i = listeners.indexOf(fn); if (i >= 0) listeners.splice(i, 1) },
  }
  const abort = (reason) => {
    if (signal.aborted) return
    signal.aborted = true
    signal.reason = reason
    for (const fn of listeners.splice(0)) { try { fn() } catch {} }
  }
  return { signal, abort }
}

function group(callId, prefix, names) {
  const o = {}
  for (const n of names) o[n] = (...args) => cap(callId, `${prefix}.${n}`, args)
  return freeze(o)
}

const CLAUDE_METHODS = ['message', 'countTokens', 'models', 'buildContext', 'command']

function capabilities(callId) {
  const gitWorktree = group(callId, 'git.worktree', ['add', 'remove', 'list'])
  const git = freeze({ ...group(callId, 'git', ['status', 'diff', 'commit', 'stash', 'resetTo', 'log']), worktree: gitWorktree })
  return {
    fs: group(callId, 'fs', ['read', 'readMany', 'write', 'list', 'walk', 'stat', 'remove']),
    exec: group(callId, 'exec', ['run']),
    git,
    state: group(callId, 'state', ['get', 'set', 'delete', 'list']),
    http: group(callId, 'http', ['fetch']),
    tools: group(callId, 'tools', ['call']),
    events: group(callId, 'events', ['emit']),
    ui: group(callId, 'ui', ['confirm', 'select', 'input']),
    claude: group(callId, 'claude', CLAUDE_METHODS),
  }
}

function closed(what) {
  throw makeError({ code: 'MMM_REGISTRATION_CLOSED', message: `plugin "${pluginName}" called ctx.${what} after setup; register everything inside setup()` })
}

function checkName(kind, name, re) {
  if (typeof name !== 'string' || !re.test(name)) throw makeError({ code: 'MMM_BAD_MANIFEST', message: `plugin "${pluginName}": ${kind} name ${stringify(name)} must match ${re}` })
}

function dupe(kind, name, map) {
  if (map.has(name)) throw makeError({ code: 'MMM_DUPLICATE_TOOL', message: `plugin "${pluginName}" registers ${kind} "${name}" twice` })
}

function plain(kind, name, v) {
  if (v === undefined) return undefined
  try { return parse(stringify(v)) } catch { throw makeError({ code: 'MMM_BAD_MANIFEST', message: `plugin "${pluginName}": the definition of ${kind} "${name}" is not JSON` }) }
}

function makeContext(meta) {
  const caps = capabilities(null)
  return freeze({
    name: meta.name,
    version: meta.version,
    options: freeze(meta.options),
    root: meta.root,
    env: freeze(meta.env),
    tool(name, def, handler) {
      if (setupDone) closed('tool')
      checkName('tool', name, TOOL_RE)
      dupe('tool', name, tools)
      if (!def || typeof def.description !== 'string' || typeof handler !== 'function') throw makeError({ code: 'MMM_BAD_MANIFEST', message: `plugin "${pluginName}": tool "${name}" needs a description and a handler function` })
      tools.set(name, { def: plain('tool', name, def), handler })
    },
    resource(uri, def, read) {
      if (setupDone) closed('resource')
      if (typeof uri !== 'string' || uri.length === 0 || uri.length > 512 || !/^[a-z][a-z0-9+.-]*:/.test(uri)) throw makeError({ code: 'MMM_BAD_MANIFEST', message: `plugin "${pluginName}": resource uri ${stringify(uri)} must be an absolute URI such as mmm://${pluginName}/name` })
      dupe('resource', uri, resources)
      if (typeof read !== 'function') throw makeError({ code: 'MMM_BAD_MANIFEST', message: `plugin "${pluginName}": resource "${uri}" needs a read function` })
      resources.set(uri, { def: plain('resource', uri, def) || {}, read })
    },
    prompt(name, def, render) {
      if (setupDone) closed('prompt')
      checkName('prompt', name, TOOL_RE)
      dupe('prompt', name, prompts)
      if (typeof render !== 'function') throw makeError({ code: 'MMM_BAD_MANIFEST', message: `plugin "${pluginName}": prompt "${name}" needs a render function` })
      prompts.set(name, { def: plain('prompt', name, def) || {}, render })
    },
    on(hook, fn) {
      if (setupDone) closed('on')
      if (typeof hook !== 'string' || typeof fn !== 'function') throw makeError({ code: 'MMM_BAD_MANIFEST', message: `plugin "${pluginName}": ctx.on(hook, fn) needs a hook name and a function` })
      if (!hooks.has(hook)) hooks.set(hook, [])
      hooks.get(hook).push(fn)
    },
    ...caps,
    log: logger(null),
  })
}

async function load(ns, metaJson) {
  const meta = parse(metaJson)
  pluginName = meta.name
  const plugin = ns && ns.default
  if (!plugin || typeof plugin !== 'object' || typeof plugin.setup !== 'function') {
    throw makeError({ code: 'MMM_BAD_MANIFEST', message: `plugin "${meta.name}": the bundle's default export must be definePlugin({ name, setup })` })
  }
  if (typeof plugin.name !== 'string' || !NAME_RE.test(plugin.name)) {
    throw makeError({ code: 'MMM_BAD_MANIFEST', message: `plugin "${meta.name}": name ${stringify(plugin.name)} must be lower-case letters, digits and dashes` })
  }
  if (plugin.name !== meta.name) {
    throw makeError({ code: 'MMM_BAD_MANIFEST', message: `plugin "${meta.name}": the bundle calls itself "${plugin.name}"; the package and definePlugin({ name }) must agree` })
  }
  await plugin.setup(makeContext(meta))
  setupDone = true
  return stringify({
    version: typeof plugin.version === 'string' ? plugin.version : meta.version,
    tools: [...tools].map(([name, t]) => ({ name, ...t.def })),
    resources: [...resources].map(([uri, r]) => ({ uri, ...r.def })),
    prompts: [...prompts].map(([name, p]) => ({ name, ...p.def })),
    hooks: [...hooks.keys()],
  })
}

async function run(callId, kind, name, input, caller) {
  if (kind === 'tool') {
    const t = tools.get(name)
    if (!t) throw makeError({ code: 'MMM_TOOL_NOT_FOUND', message: `plugin "${pluginName}" has no tool "${name}"` })
    const { signal, abort } = makeSignal()
    calls.set(callId, abort)
    // What a call carries is built when the handler first reaches for it: building it all costs more than a
    // small tool does.
    let log, callTools, callClaude
    const call = freeze({
      progress(progress, total, message) {
        notice('progress', { callId, progress: Number(progress), total: total === undefined ? undefined : Number(total), message: message === undefined ? undefined : text(message) })
      },
      signal,
      get log() { return (log ??= logger(callId)) },
      get tools() { return (callTools ??= group(callId, 'tools', ['call'])) },
      get claude() { return (callClaude ??= group(callId, 'claude', CLAUDE_METHODS)) },
      caller,
    })
    try { return await t.handler(input, call) } finally { calls.delete(callId) }
  }
  if (kind === 'resource') {
    const r = resources.get(name)
    if (!r) throw makeError({ code: 'MMM_RESOURCE_NOT_FOUND', message: `plugin "${pluginName}" has no resource "${name}"` })
    return await r.read()
  }
  if (kind === 'prompt') {
    const p = prompts.get(name)
    if (!p) throw makeError({ code: 'MMM_PROMPT_NOT_FOUND', message: `plugin "${pluginName}" has no prompt "${name}"` })
    return await p.render(input || {})
  }
  if (kind === 'hook') {
    let value = input
    for (const fn of hooks.get(name) || []) {
      const out = await fn(value)
      // Waterfall and bail hooks read the last non-undefined result; the host decides what it means.
      if (out !== undefined) value = out
    }
    return value === input ? undefined : value
  }
  throw makeError({ code: 'MMM_INTERNAL', message: `unknown invocation kind ${stringify(kind)}` })
}

async function invoke(callId, kind, name, inputJson, caller) {
  let out
  try {
    const value = await run(callId, kind, name, parse(inputJson), caller)
    out = value === undefined ? 'null' : stringify(value)
    if (typeof out !== 'string') throw makeError({ code: 'MMM_PLUGIN_ERROR', message: `${kind} "${name}" returned a value that is not JSON` })
  } catch (e) {
    const code = e && typeof e.code === 'string' && /^MMM_[A-Z_]+$/.test(e.code) ? e.code : 'MMM_PLUGIN_ERROR'
    let message
    try { message = text(e && e.message !== undefined ? e.message : e).slice(0, 4000) } catch { message = 'the plugin threw' }
    return stringify({ ok: false, error: { code, message } })
  }
  if (out.length > MAX_RESULT) {
    return stringify({ ok: false, error: { code: 'MMM_PLUGIN_RESULT_TOO_LARGE', message: `${kind} "${name}" of plugin "${pluginName}" returned ${out.length} characters; the limit is ${MAX_RESULT} (sandbox.maxResultBytes)` } })
  }
  return '{"ok":true,"value":' + out + '}'
}

function cancel(callId) {
  const abort = calls.get(callId)
  if (abort) abort(makeError({ code: 'MMM_CANCELLED', message: 'the call was cancelled' }))
}

function fireTimer(id) {
  const t = timers.get(id)
  if (!t) return
  timers.delete(id)
  t.fn(...t.args)
}

// The few web-style globals plugins expect (not when running in-process with sandbox "off": Node has its own).
if (INSTALL_GLOBALS) {
  const guestConsole = logger(null)
  Object.defineProperty(globalThis, 'console', {
    value: freeze({ log: guestConsole.info, info: guestConsole.info, debug: guestConsole.debug, warn: guestConsole.warn, error: guestConsole.error }),
    writable: true, configurable: true,
  })
  Object.defineProperty(globalThis, 'setTimeout', {
    value(fn, ms, ...args) {
      if (typeof fn !== 'function') throw new TypeError('setTimeout needs a function')
      if (timers.size >= 10000) throw makeError({ code: 'MMM_RATE_LIMITED', message: 'too many pending timers (10000)' })
      const id = nextTimer++
      timers.set(id, { fn, args })
      notice('timer', { id, ms: Math.max(0, Math.min(Number(ms) || 0, 2147483647)) })
      return id
    },
    writable: true, configurable: true,
  })
  Object.defineProperty(globalThis, 'clearTimeout', { value(id) { timers.delete(id) }, writable: true, configurable: true })
  Object.defineProperty(globalThis, 'queueMicrotask', { value(fn) { Promise.resolve().then(fn) }, writable: true, configurable: true })
}

// Results go out through $4 as (id, envelope JSON); id 0 is the load.
function report(id, promise) {
  then.call(promise, (out) => hostResult.applySync(undefined, [id, out]))
}

return function dispatch(op, a, b, c, d, e) {
  if (op === 'answerOnOwnThread') return answer(a, b, true)
  offThread = false
  if (op === 'answer') return answer(a, b, false)
  if (op === 'invoke') return report(a, invoke(a, b, c, d, e))
  if (op === 'load') {
    return report(0, load(a, b).then(
      (manifest) => '{"ok":true,"value":' + manifest + '}',
      (e) => stringify({ ok: false, error: { code: e && typeof e.code === 'string' && /^MMM_[A-Z_]+$/.test(e.code) ? e.code : 'MMM_BAD_MANIFEST', message: `plugin "${pluginName}" failed in setup: ${text(e && e.message !== undefined ? e.message : e).slice(0, 4000)}` } }),
    ))
  }
  if (op === 'cancel') return cancel(a)
  if (op === 'timer') return fireTimer(a)
  throw new Error('unknown op')
}

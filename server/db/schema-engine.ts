// Runs Prisma's schema engine (the part of the CLI behind `migrate` and `db push`) as
// WebAssembly, in-process, through a driver adapter. The Prisma CLI would download a
// native schema-engine binary first, which this machine and CI cannot do; the
// WebAssembly build needs nothing but the npm package.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg'
import type { SchemaEngine } from '@prisma/schema-engine-wasm'
import { migrationAdapterFactory } from './adapters'
import type { DatabaseTarget } from './database-url'

type WasmExports = WebAssembly.Exports & { __wbindgen_start: () => void }

/** The instantiated engine binary and what it leaves behind. */
interface EngineRuntime {
  ready: Promise<void>
  /** Timers the engine armed that have not fired yet. */
  timers: Set<NodeJS.Timeout>
  /** Engine sessions in progress. */
  sessions: number
}

declare global {
  // The glue module keeps the instance in module state and engines hold pointers into its
  // memory: instantiate once per copy of the glue (once per process, unless a bundler
  // duplicates it), shared by every copy of this module.
  var __circleSchemaEngine: WeakMap<typeof bg, EngineRuntime> | undefined
}

// Node cannot `import` a .wasm file as ESM (the package's own entry does exactly that),
// so we instantiate the binary ourselves and hand it to the glue module, as the entry would.
async function instantiate(runtime: EngineRuntime): Promise<void> {
  // Resolved from the project root rather than this file so a bundled copy of this module
  // (Next.js) still finds the package in node_modules.
  const require = createRequire(path.join(process.cwd(), 'package.json'))
  const glue = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
  const bytes = await readFile(path.join(path.dirname(glue), 'schema_engine_bg.wasm'))

  // The engine arms 10-second timers during database work and has no way to clear them:
  // left alone they keep an otherwise finished process alive for 10 s. They are tracked
  // and cleared when no session is running, when nothing can be waiting for them.
  const engineSetTimeout = (callback: () => void, delayMs: number) => {
    const timer = setTimeout(() => {
      runtime.timers.delete(timer)
      callback()
    }, delayMs >>> 0)
    runtime.timers.add(timer)
    return timer
  }
  const imports: WebAssembly.ModuleImports = { ...bg }
  for (const name of Object.keys(bg).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
    imports[name] = engineSetTimeout
  }
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': imports })
  bg.__wbg_set_wasm(instance.exports)
  ;(instance.exports as WasmExports).__wbindgen_start()
}

function engineRuntime(): EngineRuntime {
  const runtimes = (globalThis.__circleSchemaEngine ??= new WeakMap())
  let runtime = runtimes.get(bg)
  if (!runtime) {
    const created: EngineRuntime = { ready: Promise.resolve(), timers: new Set(), sessions: 0 }
    created.ready = instantiate(created)
    // A failed load (say, a broken install) is retried on the next call rather than cached.
    created.ready.catch(() => runtimes.delete(bg))
    runtimes.set(bg, created)
    runtime = created
  }
  return runtime
}

function endSession(runtime: EngineRuntime): void {
  runtime.sessions -= 1
  if (runtime.sessions > 0) return
  for (const timer of runtime.timers) clearTimeout(timer)
  runtime.timers.clear()
}

export interface EngineSession {
  engine: SchemaEngine
  /** Lines the engine logged (JSON strings), kept for error messages. */
  logs: string[]
}

// Errors raised by the driver (a failing SQL statement, a refused connection) reach the
// engine as a registry id; its message then reads "External error id#3". Put the driver's
// own words back so the person reading the message learns what happened.
function withDriverErrors(error: unknown, registry: ErrorRegistry): unknown {
  if (!(error instanceof Error)) return error
  error.message = error.message.replace(/External error id#(\d+)/g, (text, id: string) => {
    const record = registry.consumeError(Number(id))
    return record ? describeDriverError(record.error) : text
  })
  return error
}

function describeDriverError(error: unknown): string {
  if (error instanceof Error) return error.message
  if (error && typeof error === 'object') {
    const { message, kind, originalMessage } = error as Record<string, unknown>
    if (typeof originalMessage === 'string') return originalMessage
    if (typeof message === 'string') return message
    if (typeof kind === 'string') return `${kind}: ${JSON.stringify(error)}`
  }
  return String(error)
}

/**
 * Hands out the factory's connections and remembers the open ones: the engine disposes
 * shadow databases itself but never its main connection, not even in `free()`.
 */
function trackConnections(factory: SqlMigrationAwareDriverAdapterFactory) {
  const open = new Set<SqlDriverAdapter>()
  const track = (adapter: SqlDriverAdapter) => {
    const dispose = adapter.dispose.bind(adapter)
    open.add(adapter)
    adapter.dispose = async () => {
      if (open.delete(adapter)) await dispose()
    }
    return adapter
  }
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => track(await factory.connect()),
    connectToShadowDb: async () => track(await factory.connectToShadowDb()),
  }
  const disposeAll = async () => {
    await Promise.allSettled([...open].map((adapter) => adapter.dispose()))
  }
  return { tracked, disposeAll }
}

/**
 * Starts a schema engine on `target`, runs `work`, then frees the engine and closes every
 * connection it opened, whatever happens.
 */
export async function withSchemaEngine<T>(
  target: DatabaseTarget,
  work: (session: EngineSession) => Promise<T>,
): Promise<T> {
  const runtime = engineRuntime()
  await runtime.ready
  const logs: string[] = []
  const { factory, close } = migrationAdapterFactory(target)
  const { tracked, disposeAll } = trackConnections(factory)
  runtime.sessions += 1
  try {
    // An unbound factory fails inside the engine ("Cannot read properties of null (reading
    // '#config')"): it expects the error-capturing wrapper Prisma's own client uses.
    const bound = bindMigrationAwareSqlAdapterFactory(tracked)
    const engine = await bg.SchemaEngine.new({ datamodels: undefined }, (line: string) => logs.push(line), bound)
    try {
      return await work({ engine, logs })
    } catch (error) {
      throw withDriverErrors(error, bound.errorRegistry)
    } finally {
      engine.free()
    }
  } finally {
    await disposeAll()
    await close()
    endSession(runtime)
  }
}

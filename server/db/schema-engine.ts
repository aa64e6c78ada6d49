// Runs Prisma's schema engine (the part of the CLI behind `migrate` and `db push`) as
// WebAssembly, in-process, through a driver adapter. The Prisma CLI would download a
// native schema-engine binary first, which this machine and CI cannot do; the
// WebAssembly build needs nothing but the npm package.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg'
import type { SchemaEngine } from '@prisma/schema-engine-wasm'
import { migrationAdapterFactory } from './adapters'
import type { DatabaseTarget } from './database-url'

export type { SchemaEngine }

type WasmExports = WebAssembly.Exports & { __wbindgen_start: () => void }

declare global {
  // The glue module keeps the instance in module state and engines keep pointers into its
  // memory: instantiate once per copy of the glue (per process, unless a bundler duplicates it).
  var __circleSchemaEngineWasm: WeakMap<typeof bg, Promise<void>> | undefined
}

// Node cannot `import` a .wasm file as ESM (the package's own entry does exactly that),
// so we instantiate the binary ourselves and hand it to the glue module, as the entry would.
async function instantiateWasm(): Promise<void> {
  // Resolved from the project root rather than this file so a bundled copy of this module
  // (Next.js) still finds the package in node_modules.
  const require = createRequire(path.join(process.cwd(), 'package.json'))
  const glue = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
  const bytes = await readFile(path.join(path.dirname(glue), 'schema_engine_bg.wasm'))
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg })
  bg.__wbg_set_wasm(instance.exports)
  ;(instance.exports as WasmExports).__wbindgen_start()
}

function loadWasm(): Promise<void> {
  const loaded = (globalThis.__circleSchemaEngineWasm ??= new WeakMap())
  let ready = loaded.get(bg)
  if (!ready) {
    ready = instantiateWasm()
    loaded.set(bg, ready)
    // A failed load (say, a broken install) is retried on the next call rather than cached.
    ready.catch(() => loaded.delete(bg))
  }
  return ready
}

export interface EngineSession {
  engine: SchemaEngine
  /** Lines the engine logged (JSON strings), kept for error messages. */
  logs: string[]
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
  await loadWasm()
  const logs: string[] = []
  const { factory, close } = migrationAdapterFactory(target)
  const { tracked, disposeAll } = trackConnections(factory)
  try {
    // An unbound factory fails inside the engine ("Cannot read properties of null (reading
    // '#config')"): it expects the error-capturing wrapper Prisma's own client uses.
    const engine = await bg.SchemaEngine.new(
      { datamodels: undefined },
      (line: string) => logs.push(line),
      bindMigrationAwareSqlAdapterFactory(tracked),
    )
    try {
      return await work({ engine, logs })
    } finally {
      engine.free()
    }
  } finally {
    await disposeAll()
    await close()
  }
}

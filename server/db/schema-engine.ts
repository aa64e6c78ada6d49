// Runs Prisma's schema engine (the part of the CLI behind `migrate` and `db push`) as
// WebAssembly, in-process, through a driver adapter. The Prisma CLI would download a
// native schema-engine binary first, which this machine and CI cannot do; the
// WebAssembly build needs nothing but the npm package.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg'
import type { SchemaEngine } from '@prisma/schema-engine-wasm'

export type { SchemaEngine }

type WasmExports = WebAssembly.Exports & { __wbindgen_start: () => void }

declare global {
  // One instantiation per process: the generated glue keeps the instance in module state.
  var __circleSchemaEngineWasm: Promise<void> | undefined
}

// Node cannot `import` a .wasm file as ESM (the package's own entry does exactly that),
// so we instantiate the binary ourselves and hand it to the glue module, as the entry would.
function loadWasm(): Promise<void> {
  globalThis.__circleSchemaEngineWasm ??= (async () => {
    // Resolved from the project root rather than this file so a bundled copy of this
    // module (Next.js) still finds the package in node_modules.
    const require = createRequire(path.join(process.cwd(), 'package.json'))
    const glue = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
    const bytes = await readFile(path.join(path.dirname(glue), 'schema_engine_bg.wasm'))
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg })
    bg.__wbg_set_wasm(instance.exports)
    ;(instance.exports as WasmExports).__wbindgen_start()
  })()
  return globalThis.__circleSchemaEngineWasm
}

export interface EngineSession {
  engine: SchemaEngine
  /** Lines the engine logged (JSON strings), kept for error messages. */
  logs: string[]
}

/**
 * Starts a schema engine on `adapterFactory`'s database, runs `work`, and frees the engine
 * (which closes its connections) whatever happens.
 */
export async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  work: (session: EngineSession) => Promise<T>,
): Promise<T> {
  await loadWasm()
  const logs: string[] = []
  // An unbound factory fails inside the engine ("Cannot read properties of null (reading
  // '#config')"): the engine expects the error-capturing wrapper Prisma's own client uses.
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory)
  const engine = await bg.SchemaEngine.new(
    { datamodels: undefined },
    (line: string) => logs.push(line),
    bound,
  )
  try {
    return await work({ engine, logs })
  } finally {
    engine.free()
  }
}

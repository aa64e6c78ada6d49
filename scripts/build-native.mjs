// Builds the native core (native/node, napi-rs) into the Node addon.
// Called by the root postinstall; also runnable alone (`node scripts/build-native.mjs`).
// Installing must never fail because of Rust: without cargo, with CIRCLE_SKIP_NATIVE=1,
// or when the build fails, it explains why and exits 0; the app then runs the
// TypeScript fallback (server/core/index.ts decides at run time).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = path.join(root, 'native', 'node');
const napiCli = path.join(root, 'node_modules', '@napi-rs', 'cli', 'dist', 'cli.js');
const TAIL_LINES = 40;

function skip(reason) {
  console.log(`native build skipped: ${reason}; using the TypeScript fallback`);
  process.exit(0);
}

if (process.env.CIRCLE_SKIP_NATIVE === '1') skip('CIRCLE_SKIP_NATIVE=1');
const cargo = spawnSync('cargo', ['--version'], { encoding: 'utf8' });
if (cargo.error !== undefined || cargo.status !== 0) skip('cargo is not on PATH');
if (!existsSync(napiCli)) skip('@napi-rs/cli is not installed');

console.log(`building the native core with ${cargo.stdout.trim()} (release; a clean build takes a few minutes)...`);
const started = Date.now();
const build = spawnSync(process.execPath, [napiCli, 'build', '--platform', '--release'], {
  cwd: nativeDir,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
if (build.error !== undefined || build.status !== 0) {
  const output = `${build.stdout ?? ''}\n${build.stderr ?? ''}`.trim().split('\n');
  console.log(output.slice(-TAIL_LINES).join('\n'));
  if (build.error !== undefined) console.log(String(build.error));
  console.log('native build failed; the app will use the TypeScript fallback');
  process.exit(0);
}
console.log(`native core built in ${Math.round((Date.now() - started) / 1000)} s`);

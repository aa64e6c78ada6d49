// Runs after `npm install`: generates the Prisma clients, then builds the
// native core (skipped with a message when Rust is missing; never fatal).
import { spawnSync } from 'node:child_process';

function run(script) {
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  return result.status ?? 1;
}

if (run('scripts/prisma-generate.mjs') !== 0) {
  console.error('postinstall: prisma generate failed');
  process.exit(1);
}
run('scripts/build-native.mjs');

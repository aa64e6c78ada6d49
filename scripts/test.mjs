// `npm test`: every test, in the order that fails fastest.
//   1. Rust unit tests of the pure core (cargo test)
//   2. vitest: unit + integration (real SDKs against the simulator, real SQLite,
//      PostgreSQL when available, the native addon against the fallback)
//   3. Playwright in Chromium against a production build
import { spawnSync } from 'node:child_process';

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

function step(title, command, args, extraEnv = {}) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

// PostgreSQL: a throwaway local cluster for the PostgreSQL leg of the database tests
// (the script reuses a running one, and installs Debian's postgresql when it can).
if (!env.TEST_POSTGRES_URL && hasCommand('bash')) {
  const pg = spawnSync('bash', ['scripts/start-test-postgres.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const url = pg.stdout.trim().split('\n').pop();
  if (pg.status === 0 && url?.startsWith('postgres')) env.TEST_POSTGRES_URL = url;
  else console.warn('Could not start a local PostgreSQL; its tests will say so.');
}

if (hasCommand('cargo')) step('Rust core', 'cargo', ['test', '-p', 'circle-core', '--release']);
else console.warn('cargo not found: Rust tests not run (the native addon is optional for users, not for CI).');

step('Unit and integration', 'npx', ['vitest', 'run']);
step('Build for end-to-end', 'npx', ['next', 'build']);
step('End-to-end (Chromium)', 'npx', ['playwright', 'test']);
console.log('\nAll test suites passed.');

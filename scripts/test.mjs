// `npm test`: every test, in the order that fails fastest, then one summary line.
//   1. Rust: unit, property and binding tests (cargo test)
//   2. vitest: unit + integration (real SDKs against the simulator, real SQLite,
//      PostgreSQL, the native addon against the TypeScript fallback)
//   3. Playwright in Chromium against a production build
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const reports = mkdtempSync(path.join(tmpdir(), 'circle-test-'));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const totals = { passed: 0, failed: 0, skipped: 0 };

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Runs one suite; `count` reads its pass/fail numbers afterwards. */
function step(title, command, args, { count, capture = false } = {}) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit', env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (capture) process.stdout.write(result.stdout ?? '');
  if (count) {
    try {
      const { passed = 0, failed = 0, skipped = 0 } = count(result.stdout ?? '');
      totals.passed += passed;
      totals.failed += failed;
      totals.skipped += skipped;
    } catch {
      console.warn(`(${title}: no report to count; see its output above)`);
      if (result.status === 0) totals.failed += 1;
    }
  }
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    summary();
    process.exit(result.status ?? 1);
  }
}

function summary() {
  console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
}

// PostgreSQL: a throwaway local cluster for the PostgreSQL leg of the database tests
// (the script reuses a running one, and installs Debian's postgresql when it can).
if (!env.TEST_POSTGRES_URL) {
  const pg = spawnSync('bash', ['scripts/start-test-postgres.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const url = pg.stdout?.trim().split('\n').pop();
  if (pg.status === 0 && url?.startsWith('postgres')) env.TEST_POSTGRES_URL = url;
  else console.warn('Could not start a local PostgreSQL; its tests will say so.');
}

if (hasCommand('cargo')) {
  step('Rust', 'cargo', ['test', '--workspace', '--release'], {
    capture: true,
    count: (out) =>
      [...out.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored/g)].reduce(
        (t, m) => ({ passed: t.passed + Number(m[1]), failed: t.failed + Number(m[2]), skipped: t.skipped + Number(m[3]) }),
        { passed: 0, failed: 0, skipped: 0 },
      ),
  });
} else {
  console.warn('cargo not found: Rust tests not run (the native addon is optional for users, not for CI).');
}

const vitestReport = path.join(reports, 'vitest.json');
step('Unit and integration', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`], {
  count: () => {
    const r = JSON.parse(readFileSync(vitestReport, 'utf8'));
    return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
  },
});

step('Build for end-to-end', 'npx', ['next', 'build']);

const playwrightReport = path.join(reports, 'playwright.json');
env.PLAYWRIGHT_JSON_OUTPUT_NAME = playwrightReport;
step('End-to-end (Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], {
  count: () => {
    const { stats } = JSON.parse(readFileSync(playwrightReport, 'utf8'));
    return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
  },
});

summary();

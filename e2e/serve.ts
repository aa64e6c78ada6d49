/**
 * The end-to-end web server: the app exactly as `npm start` runs it
 * (scripts/start.ts: migrations, simulator, `next start`), but on a fresh
 * database and data directory, and with the e2e simulator script (simulator-script.json
 * plus the specs' panels, see fixtures/e2e-script.ts).
 * Playwright starts its webServer before globalSetup, so the cleanup lives here.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { e2eSimulatorScript } from './fixtures/e2e-script';

const root = resolve(import.meta.dirname, '..');
const dataDir = process.env.E2E_DATA_DIR ?? '/tmp/circle-e2e';

if (!existsSync(join(root, '.next', 'BUILD_ID'))) {
  console.error('[e2e] No production build: run `npx next build` first (npm test does).');
  process.exit(1);
}

rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
// simulator-script.json with the specs' own panels merged in (e2e/fixtures/e2e-script.ts).
const scriptPath = join(dataDir, 'simulator-script.json');
writeFileSync(scriptPath, JSON.stringify(e2eSimulatorScript(), null, 2));

// No provider of the machine's own: the panel is simulated because nothing else is configured
// (not forced), so a spec that stores a key and an expert of its own (security.spec.ts) gets the
// real provider path, and the simulated panel back when it removes them.
for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'GEMINI_API_KEY', 'GEMINI_BASE_URL', 'OPENAI_COMPATIBLE_BASE_URL', 'OPENAI_COMPATIBLE_API_KEY', 'OPENAI_COMPATIBLE_MODELS', 'CIRCLE_SIMULATOR']) {
  delete process.env[name];
}
Object.assign(process.env, {
  DATABASE_URL: `file:${join(dataDir, 'e2e.db')}`,
  CIRCLE_DATA_DIR: dataDir,
  CIRCLE_SIMULATOR_SCRIPT: scriptPath,
  NEXT_TELEMETRY_DISABLED: '1',
});

await import('../scripts/start');

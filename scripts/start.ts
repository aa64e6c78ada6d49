/**
 * `npm start`: prepares the database, starts the provider simulator, then
 * runs the Next server with the simulator's address in its environment.
 *   tsx scripts/start.ts         production (`next start`, after `next build`)
 *   tsx scripts/start.ts --dev   development (`next dev`)
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseEnv } from '../server/env';
import { prepareServer } from '../server/startup';

const dev = process.argv.includes('--dev');
const config = parseEnv();
const { simulator } = await prepareServer();

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
// Loopback unless the operator opens it with HOST (0.0.0.0, a LAN address…): see README "Security".
const child = spawn(process.execPath, [nextBin, dev ? 'dev' : 'start', '--port', String(config.PORT), '--hostname', config.HOST], {
  stdio: 'inherit',
  env: { ...process.env, CIRCLE_SIMULATOR_URL: simulator.url, NEXT_TELEMETRY_DISABLED: '1' },
});
const shownHost = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
console.log(`[circle] listening on http://${shownHost}:${config.PORT}${config.CIRCLE_PUBLIC_URL ? `, served as ${config.CIRCLE_PUBLIC_URL}` : ''}`);

const stop = (signal: NodeJS.Signals) => child.kill(signal);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', async (code, signal) => {
  await simulator.close();
  process.exit(code ?? (signal ? 1 : 0));
});

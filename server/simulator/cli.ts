import { parseArgs } from 'node:util';
import { loadSimulatorScript, SimulatorScriptError } from './script';
import { startSimulator } from './server';

/**
 * Runs the provider simulator on its own:
 *   tsx server/simulator/cli.ts --port 4010 --script path.json
 * Without --script it uses CIRCLE_SIMULATOR_SCRIPT, then the built-in panel.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      script: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);

  const scriptPath = values.script ?? process.env.CIRCLE_SIMULATOR_SCRIPT;
  const script = await loadSimulatorScript(scriptPath);
  const simulator = await startSimulator({ script, port, host: values.host });

  console.log(`Provider simulator listening on ${simulator.url} (${scriptPath ?? 'built-in script'})`);
  for (const expert of script.experts) {
    console.log(`  ${expert.name.padEnd(12)} ${expert.wire.padEnd(9)} ${expert.model}${expert.chair ? ' (chair)' : ''}${expert.failure ? ` fails: ${expert.failure}` : ''}`);
  }
  console.log('  base URLs: openai ' + `${simulator.url}/v1` + ', anthropic ' + simulator.url + ', gemini ' + simulator.url);

  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof SimulatorScriptError ? error.message : `Simulator failed to start: ${(error as Error).message}`);
  process.exit(1);
});

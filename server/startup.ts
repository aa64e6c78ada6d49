import { env } from './env';
import { adoptUnownedData, firstAdminId } from './auth/adopt';
import { migrateDatabase } from './db/migrate';
import { markInterruptedRuns } from './db/repositories/runs';
import { syncSimulatedExperts } from './db/repositories/experts';
import { seedDefaultExperts } from './experts/defaults';
import { isSimulatorMode } from './experts/connection';
import { rememberSimulatedChair } from './runs/chair';
import { rememberSimulatedAnalyst } from './analyst/settings';
import { loadSimulatorScript } from './simulator/script';
import { startSimulator, type RunningSimulator } from './simulator/server';

/**
 * Everything that happens once before the web server takes requests:
 * migrations, recovery of interrupted runs, the simulator and its panel,
 * default experts for configured providers.
 */
export async function prepareServer(): Promise<{ simulator: RunningSimulator }> {
  const { applied } = await migrateDatabase();
  if (applied.length) console.log(`[circle] applied migrations: ${applied.join(', ')}`);

  // An install from before accounts: what it holds is the administrator's (if setup crashed
  // halfway, this finishes it; before setup, the setup page does it).
  const adminId = await firstAdminId();
  if (adminId) {
    const adopted = await adoptUnownedData(adminId);
    if (adopted.runs || adopted.driveConnection) console.log(`[circle] gave the administrator ${adopted.runs} run(s) from before accounts${adopted.driveConnection ? ' and the Google Drive connection' : ''}`);
  } else {
    console.log('[circle] no accounts yet: the first visit shows the setup page, which creates the administrator');
  }

  const interrupted = await markInterruptedRuns();
  if (interrupted) console.log(`[circle] ${interrupted} run(s) were still running at the last stop: marked interrupted`);

  const script = await loadSimulatorScript(env().CIRCLE_SIMULATOR_SCRIPT);
  const simulator = await startSimulator({ script });
  // The simulator's chair and analyst are experts too, kept out of the panel (disabled) and picked by the "auto" settings.
  const ids = await syncSimulatedExperts(
    script.experts.map((e) => ({ name: e.name, provider: e.wire, model: e.model, enabled: !e.chair && !e.analyst, systemPrompt: typeof e.persona === 'string' ? e.persona : null })),
  );
  const chair = script.experts.find((e) => e.chair);
  await rememberSimulatedChair(chair ? (ids.get(chair.name) ?? null) : null);
  const analyst = script.experts.find((e) => e.analyst);
  await rememberSimulatedAnalyst(analyst ? (ids.get(analyst.name) ?? null) : null);

  const seeded = await seedDefaultExperts();
  if (seeded.length) console.log(`[circle] created default experts: ${seeded.join(', ')}`);
  console.log(`[circle] ${(await isSimulatorMode()) ? 'simulated panel' : 'provider panel'}; simulator at ${simulator.url}`);
  return { simulator };
}

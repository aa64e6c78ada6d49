import { getDb } from '../db/client';
import { findRunView } from '../db/repositories/runs';
import { buildReport } from '../reports/model';
import type { DriveReport } from './report-html';

/** The report of a stored run, as the Drive export renders it; null for an unknown run. */
export async function loadDriveReport(runId: string): Promise<DriveReport | null> {
  const run = await findRunView(runId);
  return run ? buildReport(run) : null;
}

/**
 * Who a stored run belongs to: undefined for an unknown run, null for a run from before
 * accounts that no administrator adopted yet.
 */
export async function runOwnerId(runId: string): Promise<string | null | undefined> {
  const run = await getDb().run.findUnique({ where: { id: runId }, select: { userId: true } });
  return run ? run.userId : undefined;
}

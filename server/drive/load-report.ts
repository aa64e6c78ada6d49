import { findRunView } from '../db/repositories/runs';
import { buildReport } from '../reports/model';
import type { DriveReport } from './report-html';

/** The report of a stored run, as the Drive export renders it; null for an unknown run. */
export async function loadDriveReport(runId: string): Promise<DriveReport | null> {
  const run = await findRunView(runId);
  return run ? buildReport(run) : null;
}

import { getDb } from '../db/client';

/** The Drive connection's id in a database from before accounts (one row for the one user). */
const LEGACY_DRIVE_CONNECTION_ID = 'default';

/**
 * Upgrading a single-user install: its runs (with their answers, ratings, shares and Drive
 * exports) and its Google connection become the first administrator's. Idempotent; called
 * when the administrator is created and again at every start, so a crash in between loses
 * nothing. Experts, keys, endpoints and weights belong to the deployment, which the
 * administrator manages, so they need no owner.
 */
export async function adoptUnownedData(adminId: string): Promise<{ runs: number; driveConnection: boolean }> {
  const db = getDb();
  const { count: runs } = await db.run.updateMany({ where: { userId: null }, data: { userId: adminId } });
  let driveConnection = false;
  const legacy = await db.googleConnection.findUnique({ where: { id: LEGACY_DRIVE_CONNECTION_ID } });
  if (legacy && !(await db.googleConnection.findUnique({ where: { id: adminId } }))) {
    await db.googleConnection.update({ where: { id: LEGACY_DRIVE_CONNECTION_ID }, data: { id: adminId } });
    driveConnection = true;
  }
  return { runs, driveConnection };
}

/** The first administrator, if setup has happened. */
export async function firstAdminId(): Promise<string | null> {
  const admin = await getDb().user.findFirst({ where: { role: 'admin' }, orderBy: { createdAt: 'asc' }, select: { id: true } });
  return admin?.id ?? null;
}

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAuth } from '../../server/auth/auth';
import { createFirstAdmin, needsSetup } from '../../server/auth/setup';
import { closeDb, getDb } from '../../server/db/client';
import { migrateDatabase } from '../../server/db/migrate';
import { prepareServer } from '../../server/startup';

/**
 * First start on a database of its own each time: one administrator however many setups race,
 * an upgraded single-user install whose data becomes the administrator's, and sign-up closed
 * unless CIRCLE_ALLOW_SIGNUP=1.
 */

const admin = (email: string) => ({ name: email.split('@')[0]!, email, password: 'first-admin-password' });

beforeEach(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'circle-setup-'));
  Object.assign(process.env, { DATABASE_URL: `file:${path.join(dir, 'setup.db')}`, CIRCLE_DATA_DIR: dir });
  delete process.env.CIRCLE_ALLOW_SIGNUP;
  await migrateDatabase();
});
afterEach(async () => {
  delete process.env.CIRCLE_ALLOW_SIGNUP;
  await closeDb();
});

describe('the first administrator', () => {
  it('five simultaneous setups make exactly one administrator; the others get CONFLICT', async () => {
    expect(await needsSetup()).toBe(true);
    const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => createFirstAdmin(admin(`admin${i}@example.test`))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'CONFLICT' });
    const users = await getDb().user.findMany();
    expect(users.map((u) => u.role)).toEqual(['admin']);
    expect(await needsSetup()).toBe(false);
    await expect(createFirstAdmin(admin('late@example.test'))).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a setup that fails (a bad email) leaves setup open for the next try', async () => {
    await expect(createFirstAdmin({ ...admin('x@example.test'), email: 'not-an-email' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await needsSetup()).toBe(true);
    await expect(createFirstAdmin(admin('good@example.test'))).resolves.toMatchObject({ userId: expect.any(String) });
  });

  it('an install from before accounts keeps its runs and Drive connection: the administrator gets them', async () => {
    const db = getDb();
    const old = await db.run.create({ data: { question: 'From the single-user days', status: 'done' } });
    await db.googleConnection.create({ data: { id: 'default', email: 'owner@gmail.test', encryptedRefreshToken: 'v1:opaque' } });

    const { userId } = await createFirstAdmin(admin('owner@example.test'));
    expect((await db.run.findUnique({ where: { id: old.id } }))?.userId).toBe(userId);
    expect(await db.googleConnection.findUnique({ where: { id: 'default' } })).toBeNull();
    expect(await db.googleConnection.findUnique({ where: { id: userId } })).toMatchObject({ email: 'owner@gmail.test', encryptedRefreshToken: 'v1:opaque' });
  });

  it('a run left without an owner (setup stopped halfway) is adopted at the next start', async () => {
    const { userId } = await createFirstAdmin(admin('owner@example.test'));
    const orphan = await getDb().run.create({ data: { question: 'Written between setup and adoption', status: 'done' } });
    process.env.CIRCLE_SIMULATOR = '1';
    const { simulator } = await prepareServer();
    await simulator.close();
    expect((await getDb().run.findUnique({ where: { id: orphan.id } }))?.userId).toBe(userId);
  });
});

describe('sign-up', () => {
  it('is closed by default: only setup and the administrator create accounts', async () => {
    await createFirstAdmin(admin('owner@example.test'));
    await expect(getAuth().api.signUpEmail({ body: { name: 'Eve', email: 'eve@example.test', password: 'eve-password-1' } })).rejects.toMatchObject({ statusCode: 400 });
    expect(await getDb().user.count({ where: { email: 'eve@example.test' } })).toBe(0);
  });

  it('with CIRCLE_ALLOW_SIGNUP=1 anyone can make an account, as a user, never an administrator', async () => {
    await createFirstAdmin(admin('owner@example.test'));
    process.env.CIRCLE_ALLOW_SIGNUP = '1';
    await expect(getAuth().api.signUpEmail({ body: { name: 'Sam', email: 'sam@example.test', password: 'sam-password-1', role: 'admin' } as never })).rejects.toThrow(/role/);
    const { user } = await getAuth().api.signUpEmail({ body: { name: 'Sam', email: 'sam@example.test', password: 'sam-password-1' } });
    expect((await getDb().user.findUnique({ where: { id: user.id } }))?.role).toBe('user');
  });
});

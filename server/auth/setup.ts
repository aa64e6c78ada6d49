import { APIError } from 'better-auth';
import { getDb, type Db } from '../db/client';
import { DomainError } from '../errors';
import { getAuth } from './auth';
import { adoptUnownedData, firstAdminId } from './adopt';

/**
 * First start: the first account, made on the setup page, is the administrator.
 *
 * Race-free: before creating the account, setup inserts one row with a fixed primary key
 * (`setup.firstAdmin` in Setting). Two simultaneous setups both try; the database lets one
 * insert win and the other gets CONFLICT. A claim left by a setup that crashed before its
 * account existed goes stale after CLAIM_STALE_MS and may be taken again.
 */
const SETUP_CLAIM_KEY = 'setup.firstAdmin';
const CLAIM_STALE_MS = 2 * 60_000;

/** The database client known to have its administrator (setup never comes back once done). */
let setUpDatabase: Db | null = null;

/** True until the first administrator exists. */
export async function needsSetup(): Promise<boolean> {
  const db = getDb();
  if (setUpDatabase === db) return false;
  if ((await firstAdminId()) === null) return true;
  setUpDatabase = db;
  return false;
}

export interface NewAccount {
  name: string;
  email: string;
  password: string;
}

export async function createFirstAdmin(account: NewAccount): Promise<{ userId: string }> {
  if (!(await needsSetup())) throw alreadySetUp();
  await claimSetup(account.email);
  try {
    const userId = await createAccount(account, 'admin');
    await adoptUnownedData(userId);
    setUpDatabase = getDb();
    return { userId };
  } catch (error) {
    await getDb().setting.deleteMany({ where: { key: SETUP_CLAIM_KEY } });
    throw error;
  }
}

async function claimSetup(email: string): Promise<void> {
  const db = getDb();
  await db.setting.deleteMany({ where: { key: SETUP_CLAIM_KEY, updatedAt: { lt: new Date(Date.now() - CLAIM_STALE_MS) } } });
  try {
    await db.setting.create({ data: { key: SETUP_CLAIM_KEY, value: JSON.stringify({ email }) } });
  } catch (error) {
    // The key is the primary key: if the row is there, another setup holds the claim.
    if (await db.setting.findUnique({ where: { key: SETUP_CLAIM_KEY } })) throw alreadySetUp();
    throw error;
  }
}

function alreadySetUp(): DomainError {
  return new DomainError('CONFLICT', 'This server already has an administrator (someone finished setup first): sign in instead.');
}

/**
 * Creates an account with a password through better-auth's admin API (called without request
 * headers, so as the server itself): the same hashing and tables as sign-up, whether sign-up
 * is open or not. Its email counts as verified: the administrator (or, at setup, its owner)
 * vouches for it, which is what lets an OIDC sign-in with that email link to it.
 */
export async function createAccount(account: NewAccount, role: 'admin' | 'user'): Promise<string> {
  try {
    const { user } = await getAuth().api.createUser({ body: { name: account.name, email: account.email, password: account.password, role, data: { emailVerified: true } } });
    return user.id;
  } catch (error) {
    throw authErrorToDomain(error);
  }
}

/** better-auth's errors (already worded for people) as the app's domain errors. */
export function authErrorToDomain(error: unknown): unknown {
  if (!(error instanceof APIError)) return error;
  const message = error.body?.message ?? error.message;
  if (error.statusCode === 404) return new DomainError('NOT_FOUND', message);
  if (error.statusCode === 401) return new DomainError('UNAUTHORIZED', message);
  if (error.statusCode === 403) return new DomainError('FORBIDDEN', message);
  if (/already exists/i.test(message)) return new DomainError('CONFLICT', message);
  return new DomainError('INVALID_INPUT', message);
}

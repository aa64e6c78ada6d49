import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { failOnUnhandledRejections } from '../helpers/simulator';
import { expertIdsByName, startTestApp, type TestApp } from './harness';

/** Issue 11: named panels per person, one default, and experts the administrator removed later skipped. */

const fast = { ttftMs: 10, tokenDelayMs: 2 };

let app: TestApp;
let ids: Record<string, string>;

failOnUnhandledRejections();

beforeAll(async () => {
  app = await startTestApp([
    { name: 'Alpha', wire: 'openai', model: 'alpha', ...fast, defaultAnswer: 'Alpha says PostgreSQL.' },
    { name: 'Beta', wire: 'anthropic', model: 'beta', ...fast, defaultAnswer: 'Beta says PostgreSQL too.' },
    { name: 'Gamma', wire: 'gemini', model: 'gamma', ...fast, defaultAnswer: 'Gamma agrees.' },
    { name: 'Delta', wire: 'openai', model: 'delta', ...fast, defaultAnswer: 'Delta agrees.' },
    { name: 'Chair', wire: 'anthropic', model: 'chair', ...fast, chair: true, defaultAnswer: 'The panel agrees [{{experts}}].' },
  ]);
  ids = await expertIdsByName(app);
}, 60_000);

afterAll(() => app?.close());

const failure = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
};

describe('panel presets', () => {
  it('creates, lists, renames and deletes a preset of its owner', async () => {
    const { caller } = await app.newUserCaller('crud@example.test');
    const created = await caller.preset.create({ name: 'Fast pair', expertIds: [ids.Alpha!, ids.Beta!] });
    expect(created).toMatchObject({ name: 'Fast pair', isDefault: false, expertIds: [ids.Alpha, ids.Beta], skipped: [] });
    expect((await caller.preset.list()).map((p) => p.name)).toEqual(['Fast pair']);

    const renamed = await caller.preset.rename({ id: created.id, name: '  Quick pair ' });
    expect(renamed.name).toBe('Quick pair');
    expect((await caller.preset.list()).map((p) => p.name)).toEqual(['Quick pair']);

    await caller.preset.remove({ id: created.id });
    expect(await caller.preset.list()).toEqual([]);
    expect((await failure(caller.preset.remove({ id: created.id }))).code).toBe('NOT_FOUND');
  });

  it('refuses a duplicate name (whatever its case) with CONFLICT, on create and on rename', async () => {
    const { caller } = await app.newUserCaller('dupes@example.test');
    await caller.preset.create({ name: 'Everyone', expertIds: [ids.Alpha!, ids.Beta!, ids.Gamma!] });
    const other = await caller.preset.create({ name: 'Just Alpha', expertIds: [ids.Alpha!] });
    expect((await failure(caller.preset.create({ name: 'Everyone', expertIds: [ids.Beta!] }))).code).toBe('CONFLICT');
    expect((await failure(caller.preset.create({ name: 'everyone', expertIds: [ids.Beta!] }))).code).toBe('CONFLICT');
    expect((await failure(caller.preset.rename({ id: other.id, name: 'EVERYONE' }))).code).toBe('CONFLICT');
    // Renaming to its own name (or a case change of it) is no clash.
    expect((await caller.preset.rename({ id: other.id, name: 'just alpha' })).name).toBe('just alpha');
    expect(await caller.preset.list()).toHaveLength(2);
  });

  it('validates its input: a name, at least one expert, only experts that exist and are enabled', async () => {
    const { caller } = await app.newUserCaller('validation@example.test');
    expect((await failure(caller.preset.create({ name: '   ', expertIds: [ids.Alpha!] }))).code).toBe('BAD_REQUEST');
    expect((await failure(caller.preset.create({ name: 'Nobody', expertIds: [] }))).code).toBe('BAD_REQUEST');
    expect((await failure(caller.preset.create({ name: 'Ghost', expertIds: ['cnotanexpertatall0000000'] }))).code).toBe('BAD_REQUEST');
    expect(await caller.preset.list()).toEqual([]);
  });

  it('keeps exactly one default per person', async () => {
    const { caller } = await app.newUserCaller('defaults@example.test');
    const a = await caller.preset.create({ name: 'A', expertIds: [ids.Alpha!], isDefault: true });
    const b = await caller.preset.create({ name: 'B', expertIds: [ids.Beta!] });
    const defaults = async () => (await caller.preset.list()).filter((p) => p.isDefault).map((p) => p.name);
    expect(await defaults()).toEqual(['A']);

    await caller.preset.setDefault({ id: b.id });
    expect(await defaults()).toEqual(['B']);
    // Saving a new default takes the place of the old one.
    await caller.preset.create({ name: 'C', expertIds: [ids.Gamma!], isDefault: true });
    expect(await defaults()).toEqual(['C']);
    await caller.preset.setDefault({ id: a.id });
    await caller.preset.setDefault({ id: a.id });
    expect(await defaults()).toEqual(['A']);
    await caller.preset.setDefault({ id: null });
    expect(await defaults()).toEqual([]);
  });

  it('shows nobody else a person’s presets, and answers NOT_FOUND for them', async () => {
    const owner = await app.newUserCaller('owner@example.test');
    const stranger = await app.newUserCaller('stranger@example.test');
    const mine = await owner.caller.preset.create({ name: 'Mine', expertIds: [ids.Alpha!, ids.Beta!], isDefault: true });

    expect(await stranger.caller.preset.list()).toEqual([]);
    expect((await app.caller.preset.list()).some((p) => p.id === mine.id)).toBe(false);
    expect((await failure(stranger.caller.preset.rename({ id: mine.id, name: 'Taken' }))).code).toBe('NOT_FOUND');
    expect((await failure(stranger.caller.preset.remove({ id: mine.id }))).code).toBe('NOT_FOUND');
    expect((await failure(stranger.caller.preset.setDefault({ id: mine.id }))).code).toBe('NOT_FOUND');
    // The same name is free for someone else, and their default does not touch the owner's.
    const theirs = await stranger.caller.preset.create({ name: 'Mine', expertIds: [ids.Gamma!], isDefault: true });
    expect(theirs.isDefault).toBe(true);

    expect(await owner.caller.preset.list()).toEqual([expect.objectContaining({ id: mine.id, name: 'Mine', isDefault: true, expertIds: [ids.Alpha, ids.Beta] })]);
  });

  it('skips an expert the administrator later disabled or deleted, saying so, and the run asks only the rest', async () => {
    const { caller } = await app.newUserCaller('skipped@example.test');
    const preset = await caller.preset.create({ name: 'Four', expertIds: [ids.Alpha!, ids.Beta!, ids.Gamma!, ids.Delta!] });

    await app.caller.expert.update({ id: ids.Gamma!, enabled: false });
    await app.caller.expert.remove({ id: ids.Delta! });
    try {
      const [view] = await caller.preset.list();
      expect(view!.id).toBe(preset.id);
      expect(view!.expertIds).toEqual([ids.Alpha, ids.Beta]);
      expect(view!.skipped).toEqual([
        { id: ids.Gamma, name: 'Gamma', reason: 'disabled' },
        { id: ids.Delta, name: 'Delta', reason: 'deleted' },
      ]);

      // What the ask page sends for the preset: only the experts that can still answer.
      const { id } = await caller.run.create({ question: 'Which database should we use?', expertIds: view!.expertIds });
      const run = await caller.run.get({ id });
      expect(run.answers.filter((a) => a.role === 'panel').map((a) => a.expertName).sort()).toEqual(['Alpha', 'Beta']);

      // Enabled again, the expert is back in the preset.
      await app.caller.expert.update({ id: ids.Gamma!, enabled: true });
      const [again] = await caller.preset.list();
      expect(again!.expertIds).toEqual([ids.Alpha, ids.Beta, ids.Gamma]);
      expect(again!.skipped.map((s) => s.name)).toEqual(['Delta']);
    } finally {
      await app.caller.expert.update({ id: ids.Gamma!, enabled: true });
    }
  });
});

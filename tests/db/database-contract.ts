// What every supported database must do, run by sqlite.test.ts and postgres.test.ts
// against a fresh, empty database each.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createDb, type Db } from '../../server/db/client'
import { parseDatabaseUrl } from '../../server/db/database-url'
import { migrateDatabase } from '../../server/db/migrate'
import { readMigrationList } from '../../server/db/migrations'

export function databaseContract(freshDatabaseUrl: () => Promise<string>): void {
  let url: string
  let db: Db
  let committed: string[]

  beforeAll(async () => {
    url = await freshDatabaseUrl()
    const list = await readMigrationList(parseDatabaseUrl(url).provider)
    committed = list.migrationDirectories.map((dir) => dir.path)
  })

  afterAll(async () => {
    await db?.$disconnect()
  })

  it('applies every committed migration to an empty database, then nothing on the next start', async () => {
    expect(committed.length).toBeGreaterThan(0)
    expect(await migrateDatabase(url)).toEqual({ applied: committed })
    expect(await migrateDatabase(url)).toEqual({ applied: [] })

    db = createDb(url)
    // Prisma's own bookkeeping table, so the Prisma CLI sees the same history.
    const rows = await db.$queryRawUnsafe<{ migration_name: string; finished: unknown }[]>(
      'SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name',
    )
    expect(rows.map((row) => row.migration_name)).toEqual(committed)
    expect(rows.every((row) => Boolean(row.finished))).toBe(true)
  })

  it('round-trips a run with its answers, text saved as it streams', async () => {
    const expert = await db.expert.create({
      data: { name: 'Ada', provider: 'openai', model: 'gpt-test', systemPrompt: 'Be precise.' },
    })
    const run = await db.run.create({
      data: {
        question: 'Why is the sky blue?',
        answers: {
          create: [
            { position: 0, expertId: expert.id, expertName: 'Ada', provider: 'openai', model: 'gpt-test', weightAtRun: 0.75 },
            { position: 1, expertName: 'Grace', provider: 'anthropic', model: 'claude-test', simulated: true },
          ],
        },
      },
      include: { answers: { orderBy: { position: 'asc' } } },
    })
    const [first, second] = run.answers
    if (!first || !second) throw new Error('the run was created without its two answers')

    // Two experts stream at once: many small concurrent appends, as the orchestrator saves them.
    const deltas = ['Rayleigh ', 'scattering ', 'favours ', 'short ', 'wavelengths.']
    await Promise.all(
      [first, second].map(async (answer) => {
        let text = ''
        for (const delta of deltas) {
          text += delta
          await db.answer.update({ where: { id: answer.id }, data: { text, status: 'streaming' } })
        }
      }),
    )
    const finishedAt = new Date('2026-01-02T03:04:05.678Z')
    await db.answer.update({
      where: { id: first.id },
      data: { status: 'done', ttftMs: 120, totalMs: 900, inputTokens: 12, outputTokens: 34, costUsd: 0.0012, finishedAt },
    })
    await db.answer.update({
      where: { id: second.id },
      data: { status: 'failed', errorKind: 'upstream', errorMessage: 'Anthropic returned HTTP 500' },
    })
    await db.run.update({ where: { id: run.id }, data: { status: 'done', finishedAt, consensus: '{"clusters":[]}' } })

    const stored = await db.run.findUniqueOrThrow({
      where: { id: run.id },
      include: { answers: { orderBy: { position: 'asc' }, include: { expert: true } } },
    })
    expect(stored).toMatchObject({ question: 'Why is the sky blue?', status: 'done', finishedAt, consensus: '{"clusters":[]}' })
    expect(stored.createdAt).toBeInstanceOf(Date)
    expect(stored.answers).toMatchObject([
      {
        expertName: 'Ada',
        expert: { id: expert.id, systemPrompt: 'Be precise.', temperature: 0.7, maxTokens: 1024, weightAlpha: 1, weightBeta: 1 },
        role: 'panel',
        text: 'Rayleigh scattering favours short wavelengths.',
        status: 'done',
        ttftMs: 120,
        totalMs: 900,
        inputTokens: 12,
        outputTokens: 34,
        costUsd: 0.0012,
        weightAtRun: 0.75,
        simulated: false,
        finishedAt,
      },
      {
        expertName: 'Grace',
        expertId: null,
        text: 'Rayleigh scattering favours short wavelengths.',
        status: 'failed',
        errorKind: 'upstream',
        errorMessage: 'Anthropic returned HTTP 500',
        weightAtRun: 0.5,
        simulated: true,
        ttftMs: null,
      },
    ])

    // The schema's referential actions hold (SQLite enforces them only with foreign_keys on).
    await db.expert.delete({ where: { id: expert.id } })
    expect((await db.answer.findUniqueOrThrow({ where: { id: first.id } })).expertId).toBeNull()
    await db.run.delete({ where: { id: run.id } })
    expect(await db.answer.count({ where: { runId: run.id } })).toBe(0)
  })

  it('finds runs by question text', async () => {
    await db.run.createMany({ data: [{ question: 'How do tides work?' }, { question: 'What is a monad?' }] })
    const found = await db.run.findMany({ where: { question: { contains: 'tides' } } })
    expect(found.map((r) => r.question)).toEqual(['How do tides work?'])
  })
}

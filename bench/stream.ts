/**
 * npm run bench:stream — what the app adds on the way from a provider to the browser.
 *
 * Two paths against the same local simulator, at 1, 10 and 50 concurrent runs of 3 experts:
 *   direct: the official SDKs straight to the simulator (the floor);
 *   app:    POST run.create to the real Next production server, then the run.events SSE
 *           subscription, as the browser does (tRPC, orchestrator, database writes, event hub).
 * Added time to first token = app TTFT (from the run.create request to the first token event
 * of each expert) minus direct TTFT at the same concurrency, p50 and p99.
 * Answers per second: finished answers / wall time of the app path. Peak memory: the Next
 * server process's VmHWM. Writes bench/results/stream.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';

const CONCURRENCY = [1, 10, 50];
const ROUNDS = 3; // repetitions per concurrency level, pooled
const PORT = 3290;
const ANSWER = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
const EXPERTS = [
  { name: 'Bench OpenAI', wire: 'openai', model: 'bench-openai' },
  { name: 'Bench Anthropic', wire: 'anthropic', model: 'bench-anthropic' },
  { name: 'Bench Gemini', wire: 'gemini', model: 'bench-gemini' },
] as const;

const work = mkdtempSync(path.join(tmpdir(), 'circle-bench-'));
const scriptPath = path.join(work, 'script.json');
writeFileSync(
  scriptPath,
  JSON.stringify({ experts: EXPERTS.map((e) => ({ ...e, ttftMs: 40, tokenDelayMs: 10, failure: null, answers: [], defaultAnswer: ANSWER })) }),
);
Object.assign(process.env, {
  DATABASE_URL: `file:${path.join(work, 'bench.db')}`,
  CIRCLE_DATA_DIR: work,
  CIRCLE_SIMULATOR: '1',
  CIRCLE_SIMULATOR_SCRIPT: scriptPath,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
});

const { prepareServer } = await import('../server/startup');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Direct path: the SDKs themselves, first text delta timed from the request. */
async function directTtft(simUrl: string, expert: (typeof EXPERTS)[number]): Promise<number> {
  const start = performance.now();
  let first = NaN;
  const mark = () => {
    if (Number.isNaN(first)) first = performance.now() - start;
  };
  if (expert.wire === 'openai') {
    const client = new OpenAI({ apiKey: 'bench', baseURL: `${simUrl}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: expert.model, stream: true, messages: [{ role: 'user', content: 'bench' }] });
    for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) mark();
  } else if (expert.wire === 'anthropic') {
    const client = new Anthropic({ apiKey: 'bench', baseURL: simUrl, maxRetries: 0 });
    const stream = await client.messages.create({ model: expert.model, max_tokens: 1024, stream: true, messages: [{ role: 'user', content: 'bench' }] });
    for await (const event of stream) if (event.type === 'content_block_delta') mark();
  } else {
    const client = new GoogleGenAI({ apiKey: 'bench', httpOptions: { baseUrl: simUrl } });
    const stream = await client.models.generateContentStream({ model: expert.model, contents: 'bench' });
    for await (const chunk of stream) if (chunk.text) mark();
  }
  return first;
}

/** App path: create a run over tRPC, read its SSE stream until `done`; time to the first visible text per answer. */
async function appRun(base: string, question: string): Promise<number[]> {
  const start = performance.now();
  const created = await fetch(`${base}/api/trpc/run.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  if (!created.ok) throw new Error(`run.create failed: ${created.status} ${await created.text()}`);
  const { result } = (await created.json()) as { result: { data: { id: string } } };
  const input = encodeURIComponent(JSON.stringify({ runId: result.data.id }));
  const res = await fetch(`${base}/api/trpc/run.events?input=${input}`, { headers: { accept: 'text/event-stream' } });
  if (!res.ok || !res.body) throw new Error(`run.events failed: ${res.status}`);

  const ttft = new Map<string, number>();
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = message.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('\n');
      if (!data.trim()) continue;
      const parsed = JSON.parse(data) as { type?: string; answerId?: string; run?: { answers: { id: string; text: string }[] } };
      const seen = (answerId: string) => {
        if (!ttft.has(answerId)) ttft.set(answerId, performance.now() - start);
      };
      // The first text a person can see: in the snapshot (when the stream connected late) or a token.
      if (parsed.type === 'snapshot') for (const a of parsed.run?.answers ?? []) if (a.text) seen(a.id);
      if (parsed.type === 'token' && parsed.answerId) seen(parsed.answerId);
      if (parsed.type === 'done') return [...ttft.values()];
    }
  }
  throw new Error('The event stream ended before the run was done.');
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

async function waitForServer(base: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(`${base}/api/trpc/system.info`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('The Next server did not start.');
}

if (!existsSync('.next/BUILD_ID')) {
  console.log('No production build: running next build first…');
  if (spawnSync('npx', ['next', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
}

const { simulator } = await prepareServer();
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const server = spawn(process.execPath, [nextBin, 'start', '--port', String(PORT), '--hostname', '127.0.0.1'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, CIRCLE_SIMULATOR_URL: simulator.url, PORT: String(PORT) },
});
const base = `http://127.0.0.1:${PORT}`;

try {
  await waitForServer(base);
  await appRun(base, 'warm-up'); // JIT, route compilation, first DB writes
  await Promise.all(EXPERTS.map((e) => directTtft(simulator.url, e)));

  const rows = [];
  for (const concurrentRuns of CONCURRENCY) {
    const direct: number[] = [];
    const app: number[] = [];
    let appWallMs = 0;
    let answers = 0;
    for (let r = 0; r < ROUNDS; r++) {
      direct.push(...(await Promise.all(Array.from({ length: concurrentRuns }, () => Promise.all(EXPERTS.map((e) => directTtft(simulator.url, e)))))).flat());
      const t0 = performance.now();
      const runs = await Promise.all(Array.from({ length: concurrentRuns }, (_, i) => appRun(base, `bench ${concurrentRuns}/${r}/${i}`)));
      appWallMs += performance.now() - t0;
      answers += runs.reduce((n, ttfts) => n + ttfts.length, 0);
      app.push(...runs.flat());
    }
    rows.push({
      concurrentRuns,
      addedTtftP50Ms: round2(percentile(app, 50) - percentile(direct, 50)),
      addedTtftP99Ms: round2(percentile(app, 99) - percentile(direct, 99)),
      appTtftP50Ms: round2(percentile(app, 50)),
      directTtftP50Ms: round2(percentile(direct, 50)),
      answersPerSecond: round2(answers / (appWallMs / 1000)),
      samples: app.length,
    });
  }
  const result = {
    bench: 'stream',
    date: new Date().toISOString(),
    setup: { expertsPerRun: EXPERTS.length, rounds: ROUNDS, answerTokens: 120, simulatorTtftMs: 40, simulatorTokenDelayMs: 10, server: 'next start (production build)', database: 'SQLite' },
    rows,
    peakRssMb: peakRssMb(server.pid!),
  };
  console.table(rows);
  console.log(`peak RSS of the server: ${result.peakRssMb} MB`);
  writeFileSync('bench/results/stream.json', JSON.stringify(result, null, 2) + '\n');
  console.log('wrote bench/results/stream.json');
} finally {
  server.kill('SIGTERM');
  await simulator.close();
}
process.exit(0);

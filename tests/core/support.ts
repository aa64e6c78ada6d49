/**
 * Shared helpers of the consensus-core tests: both backends, a seeded random
 * generator, a generated answer corpus, the real answers of ../shared/data, and
 * a deep comparison that allows 1e-6 on numbers.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreError } from '../../server/core/errors';
import { fallbackBackend, loadNativeBackend } from '../../server/core/index';
import type { CoreBackend, CoreErrorCode, ExpertResponse } from '../../server/core/types';

export const native = loadNativeBackend();
export const backends: [string, CoreBackend][] = [['fallback', fallbackBackend]];
if (native) backends.push(['native', native]);

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const realAnswersDir = path.resolve(repoRoot, '..', 'shared', 'data', 'real-answers');
export const haveRealAnswers = existsSync(realAnswersDir);

export function readJsonl<T>(file: string): T[] {
  return readFileSync(path.join(realAnswersDir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as T);
}

export interface ZeroEvalResponse {
  answer: string | null;
  answer_normalized: string;
  correct: boolean;
  reasoning: string | null;
}
export interface ZeroEvalRow {
  id: string;
  gold_normalized: string;
  responses: Record<string, ZeroEvalResponse>;
}

/** A ZeroEval response as an expert would write it: the reasoning, then the answer line. */
export function zeroEvalText(r: ZeroEvalResponse): string {
  return r.reasoning === null ? '' : `${r.reasoning}\n\nAnswer: ${r.answer ?? ''}`;
}

export function alpacaPanels(): ExpertResponse[][] {
  return readJsonl<{ outputs: Record<string, string> }>('alpaca_eval_8models_sample150.jsonl').map((row) =>
    Object.entries(row.outputs).map(([expertId, text]) => ({ expertId, text })),
  );
}

export function zeroEvalPanels(file: string): ExpertResponse[][] {
  return readJsonl<ZeroEvalRow>(file).map((row) =>
    Object.entries(row.responses).map(([expertId, r]) => ({ expertId, text: zeroEvalText(r) })),
  );
}

export function mmluPanels(): ExpertResponse[][] {
  return readJsonl<{ responses: Record<string, { output: string }> }>('mmlu_pro_top5_sample.jsonl').map((row) =>
    Object.entries(row.responses).map(([expertId, r]) => ({ expertId, text: r.output })),
  );
}

/** mulberry32: small, seeded, the same sequence on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const TOOLS = ['PostgreSQL', 'MongoDB', 'Redis', 'SQLite', 'Kafka', 'RabbitMQ', 'Docker', 'Kubernetes', 'Terraform', 'Rust', 'Go', 'Python', 'TypeScript', 'nginx', 'Caddy', 'GraphQL', 'gRPC', 'S3', 'DynamoDB', 'Cassandra'];
const NEEDS = ['caching', 'analytics', 'background jobs', 'search', 'transactions', 'schemaless data', 'a small team', 'high write volume', 'strong consistency', 'cheap hosting', 'low latency', 'audit logs'];
const ADJECTIVES = ['reliable', 'fast', 'mature', 'simple', 'expensive', 'popular', 'well documented', 'hard to operate', 'flexible', 'battle-tested'];
const FILLER = ['Great question!', 'It depends on your use case.', 'I hope this helps!', 'Let me know if you have any other questions.', 'There are many options to consider.', 'Happy to help.'];
const UNICODE = ['café', 'naïve', 'Ελλάδα', '東京', 'Zürich', 'façade', 'jalapeño', 'résumé', 'Straße', 'emoji 🚀 rocket'];

function sentence(random: () => number): string {
  const x = pick(random, TOOLS);
  const y = pick(random, TOOLS);
  const need = pick(random, NEEDS);
  const adj = pick(random, ADJECTIVES);
  const templates = [
    `Use ${x} for ${need}.`,
    `I'd recommend ${x} because it is ${adj}.`,
    `Do not use ${x} for ${need}; prefer ${y} instead.`,
    `Avoid ${x} if you need ${need}.`,
    `${x} is ${adj} and ${pick(random, ADJECTIVES)}, but ${y} is not.`,
    `Go with ${x}, which handles ${need} well.`,
    `Run \`${x.toLowerCase()}_setup --fast\` before deploying ${y}.`,
    `See [the docs](https://example.com/${x}) for ${need}, e.g. the quick start.`,
    `It costs about $${Math.floor(random() * 5000)}.${Math.floor(random() * 100)} per month, i.e. roughly ${Math.floor(random() * 90)}% less than ${y}.`,
    `${pick(random, UNICODE)} users don't care about ${need}, not only ${x}.`,
    pick(random, FILLER),
  ];
  return pick(random, templates);
}

/** One generated markdown answer: paragraphs, bullets, headings, code, sometimes a final answer. */
export function generatedAnswer(random: () => number, units: number): string {
  const parts: string[] = [];
  for (let i = 0; i < units; i++) {
    const r = random();
    if (r < 0.08) parts.push(`## ${pick(random, TOOLS)} for ${pick(random, NEEDS)}`);
    else if (r < 0.3) parts.push(Array.from({ length: 1 + Math.floor(random() * 4) }, (_, k) => (random() < 0.5 ? `- ${sentence(random)}` : `${k + 1}. ${sentence(random)}`)).join('\n'));
    else if (r < 0.36) parts.push(`\`\`\`ts\nconst ${pick(random, TOOLS).toLowerCase()}Client = connect("${pick(random, NEEDS)}");\n\`\`\``);
    else if (r < 0.4) parts.push(`| ${pick(random, TOOLS)} | ${pick(random, ADJECTIVES)} |\n|---|---|\n| a | b |`);
    else parts.push(Array.from({ length: 1 + Math.floor(random() * 3) }, () => sentence(random)).join(' '));
  }
  const ending = random();
  if (ending < 0.15) parts.push(`The answer is ${Math.floor(random() * 4) * 7}.`);
  else if (ending < 0.25) parts.push(`**Final answer: ${pick(random, ['A', 'B', 'C'])}**`);
  else if (ending < 0.3) parts.push(`#### ${Math.floor(random() * 3)},000`);
  return parts.join('\n\n');
}

export function generatedPanel(random: () => number, experts: number, maxUnits: number): ExpertResponse[] {
  return Array.from({ length: experts }, (_, i) => {
    const response: ExpertResponse = { expertId: `expert-${i}`, text: generatedAnswer(random, 1 + Math.floor(random() * maxUnits)) };
    if (random() < 0.5) response.weight = 0.1 + random() * 3;
    if (random() < 0.5) response.confidence = random();
    return response;
  });
}

/** Differences between two values, numbers compared within `tolerance`; empty when equal. */
export function differences(a: unknown, b: unknown, tolerance = 1e-6, at = '$'): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= tolerance ? [] : [`${at}: ${a} vs ${b}`];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${at}: length ${a.length} vs ${b.length}`];
    return a.flatMap((x, i) => differences(x, b[i], tolerance, `${at}[${i}]`));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tolerance, `${at}.${k}`),
    );
  }
  return Object.is(a, b) ? [] : [`${at}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`];
}

/** The CoreError code `run` throws (fails the test when it throws anything else or nothing). */
export function errorCode(run: () => unknown): CoreErrorCode | 'NO_ERROR' {
  try {
    run();
  } catch (err) {
    if (!(err instanceof CoreError)) throw err;
    return err.code;
  }
  return 'NO_ERROR';
}

import type { VerifiedMap } from '../../server/core/types';
import type { AnswerView, ConsensusAnalysis, RunConsensus, RunView } from '../../server/runs/types';
import { withVerifiedMap } from '../../server/runs/consensus';

/** A run whose analyst's map was verified: Atlas and Sage for PostgreSQL, Nova against, one fabricated quote dropped. */

export const ANSWERS = {
  Atlas: 'Start with **PostgreSQL**. Its transactions keep orders consistent, and JSONB covers the flexible parts.',
  Sage: 'I would choose PostgreSQL as well.\n\nForeign keys and transactions keep the order data honest.',
  Nova: 'Choose MongoDB. Orders are documents, and built-in sharding scales writes.',
};

const quote = (expertId: keyof typeof ANSWERS, matched: string, given = matched) => {
  const start = ANSWERS[expertId].indexOf(matched);
  return { expertId, quote: given, matched, start, end: start + matched.length, edits: 0 };
};

export const MAP: VerifiedMap = {
  consensusConfidence: 0.67,
  reached: false,
  expertCount: 3,
  expertsAsked: 3,
  bottomLines: [
    { expertId: 'Atlas', text: 'PostgreSQL' },
    { expertId: 'Sage', text: 'PostgreSQL' },
    { expertId: 'Nova', text: 'MongoDB' },
  ],
  camps: [
    { members: ['Atlas', 'Sage'], bottomLine: 'PostgreSQL', weightShare: 0.67 },
    { members: ['Nova'], bottomLine: 'MongoDB', weightShare: 0.33 },
  ],
  majority: ['Atlas', 'Sage'],
  dissenters: ['Nova'],
  claims: [
    {
      text: 'Use PostgreSQL for the orders service',
      kind: 'contradiction',
      supporters: ['Atlas', 'Sage'],
      opponents: ['Nova'],
      support: 0.67,
      opposition: 0.33,
      supportQuotes: [quote('Atlas', 'Start with **PostgreSQL**.', 'Start with PostgreSQL.'), quote('Sage', 'I would choose PostgreSQL as well.')],
      opposeQuotes: [quote('Nova', 'Choose MongoDB.')],
    },
    {
      text: 'Transactions keep order data consistent',
      kind: 'shared',
      supporters: ['Atlas', 'Sage'],
      opponents: [],
      support: 0.67,
      opposition: 0,
      supportQuotes: [quote('Atlas', 'Its transactions keep orders consistent'), quote('Sage', 'Foreign keys and transactions keep the order data honest.')],
      opposeQuotes: [],
    },
    {
      text: 'Built-in sharding scales writes',
      kind: 'unique',
      supporters: ['Nova'],
      opponents: [],
      support: 0.33,
      opposition: 0,
      supportQuotes: [quote('Nova', 'built-in sharding scales writes')],
      opposeQuotes: [],
    },
  ],
  commonRecommendations: [
    { text: 'Transactions keep order data consistent', supporters: ['Atlas', 'Sage'], support: 0.67, evidence: [] },
  ],
  uniqueInsights: [{ expertId: 'Nova', text: 'Built-in sharding scales writes', context: null, kind: 'insight' }],
  standings: [
    { expertId: 'Atlas', label: 'B', bottomLine: 'PostgreSQL', words: 15, claimsSupported: 2, claimsOpposed: 0, inMajority: true },
    { expertId: 'Sage', label: 'C', bottomLine: 'PostgreSQL', words: 16, claimsSupported: 2, claimsOpposed: 0, inMajority: true },
    { expertId: 'Nova', label: 'A', bottomLine: 'MongoDB', words: 11, claimsSupported: 1, claimsOpposed: 1, inMajority: false },
  ],
  grounding: { attributions: 9, grounded: 8, dropped: 1, rate: 8 / 9, claimsGiven: 3, claimsMerged: 0, claimsUnsupported: 0, claimsKept: 3 },
  dropped: [
    { claim: 'Transactions keep order data consistent', label: 'A', expertId: 'Nova', stance: 'support', quote: 'transactions matter most for orders', reason: 'quote_not_found' },
  ],
};

export const ANALYST = { expertName: 'Analyst', provider: 'gemini' as const, model: 'sim-analyst' };
export const BIAS_CONTROLS = ['Answers shown in a random order, different on every run', 'Answer length is not a signal of support'];

const estimate: RunConsensus = {
  consensusConfidence: 0.5,
  reached: false,
  expertCount: 3,
  expertsAsked: 3,
  method: 'semantic',
  bottomLines: [],
  similarity: [
    [1, 0.8, 0.2],
    [0.8, 1, 0.2],
    [0.2, 0.2, 1],
  ],
  clusters: [],
  majority: ['Atlas', 'Sage'],
  dissenters: ['Nova'],
  commonRecommendations: [],
  uniqueInsights: [],
  finalAnswers: [],
  expertOrder: ['Atlas', 'Sage', 'Nova'],
};

export const verifiedConsensus: RunConsensus = withVerifiedMap(estimate, {
  analyst: ANALYST,
  map: MAP,
  labels: [
    { label: 'A', expertId: 'Nova' },
    { label: 'B', expertId: 'Atlas' },
    { label: 'C', expertId: 'Sage' },
  ],
  biasControls: BIAS_CONTROLS,
});

export const failedConsensus: RunConsensus = {
  ...estimate,
  analysis: { state: 'failed', analyst: ANALYST, reason: 'did not finish within its deadline of 90 s' } satisfies ConsensusAnalysis,
};

/** An old stored consensus: no `analysis` field at all. */
export const oldConsensus: RunConsensus = estimate;

function answer(overrides: Partial<AnswerView> & Pick<AnswerView, 'id' | 'expertName' | 'text'>): AnswerView {
  return {
    expertId: null,
    provider: 'openai',
    model: 'sim-model',
    simulated: true,
    role: 'panel',
    status: 'done',
    errorKind: null,
    errorMessage: null,
    attempts: 1,
    ttftMs: 100,
    totalMs: 900,
    inputTokens: 50,
    outputTokens: 40,
    costUsd: null,
    weightAtRun: 1,
    rating: null,
    best: false,
    ...overrides,
  };
}

export function runWith(consensus: RunConsensus | null, analystText = JSON.stringify({ answers: [], claims: [] })): RunView {
  return {
    id: 'run-analysis',
    question: 'Which database should we use for the orders service?',
    status: 'done',
    createdAt: '2026-12-01T10:00:00.000Z',
    finishedAt: '2026-12-01T10:00:05.000Z',
    consensus,
    answers: [
      ...Object.entries(ANSWERS).map(([name, text], i) => answer({ id: `p${i}`, expertName: name, text })),
      answer({ id: 'an', expertName: 'Analyst', role: 'analyst', provider: 'gemini', model: 'sim-analyst', text: analystText, outputTokens: 420, costUsd: 0.0012 }),
    ],
  };
}

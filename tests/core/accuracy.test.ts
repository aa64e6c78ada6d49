/**
 * The circle on real benchmark answers (GSM8K and CRUXEval, 8 models, 200
 * questions each): the final answer held by the weighted majority must be right
 * at least as often as a plain plurality vote of the same experts.
 *
 * Weights are learned honestly, as the app learns them: each model starts from a
 * Beta(1, 1) prior and updateWeight() folds in its correctness on the training
 * questions; the weight is the posterior mean. Two folds (even / odd questions),
 * each evaluated on the questions it did not learn from.
 */
import { describe, expect, it } from 'vitest';
import type { CoreBackend } from '../../server/core/types';
import { backends, haveRealAnswers, readJsonl, zeroEvalText, type ZeroEvalRow } from './support';

/** Plurality over the dataset's normalised answers; ties go to the answer given first. */
function pluralityIsRight(row: ZeroEvalRow): boolean {
  const counts = new Map<string, number>();
  for (const r of Object.values(row.responses)) counts.set(r.answer_normalized, (counts.get(r.answer_normalized) ?? 0) + 1);
  let best = '';
  let bestCount = -1;
  for (const [answer, count] of counts) {
    if (count > bestCount) {
      best = answer;
      bestCount = count;
    }
  }
  return best === row.gold_normalized;
}

function learnWeights(core: CoreBackend, train: readonly ZeroEvalRow[], models: readonly string[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const model of models) {
    let posterior = { alpha: 1, beta: 1 };
    let mean = 0.5;
    for (const row of train) {
      const update = core.updateWeight(posterior, row.responses[model]?.correct ? 1 : 0);
      posterior = { alpha: update.alpha, beta: update.beta };
      mean = update.mean;
    }
    weights.set(model, mean);
  }
  return weights;
}

function evaluate(core: CoreBackend, file: string): { circle: number; plurality: number } {
  const rows = readJsonl<ZeroEvalRow>(file);
  const models = Object.keys(rows[0]?.responses ?? {});
  const even = rows.filter((_, i) => i % 2 === 0);
  const odd = rows.filter((_, i) => i % 2 === 1);
  let circleRight = 0;
  let pluralityRight = 0;
  for (const [train, test] of [[even, odd], [odd, even]] as const) {
    const weights = learnWeights(core, train, models);
    for (const row of test) {
      const result = core.calculateConsensus(
        models.map((model) => ({ expertId: model, text: zeroEvalText(row.responses[model]!), weight: weights.get(model) })),
      );
      // Every member of the leading cluster holds the same final answer.
      if (row.responses[result.majority[0]!]?.correct) circleRight++;
      if (pluralityIsRight(row)) pluralityRight++;
    }
  }
  return { circle: circleRight / rows.length, plurality: pluralityRight / rows.length };
}

describe.skipIf(!haveRealAnswers).each(backends)('weighted circle vs plurality on real answers (%s)', { timeout: 120_000 }, (name, core) => {
  for (const [label, file] of [
    ['GSM8K', 'zeroeval_gsm_8models_sample200.jsonl'],
    ['CRUXEval', 'zeroeval_crux_8models_sample200.jsonl'],
  ] as const) {
    it(`${label}: the weighted majority is right at least as often as plurality`, () => {
      const { circle, plurality } = evaluate(core, file);
      console.log(`[${name}] ${label}: weighted circle ${circle.toFixed(3)}, plurality ${plurality.toFixed(3)}`);
      expect(circle).toBeGreaterThanOrEqual(plurality);
      expect(plurality).toBeGreaterThan(0.8); // the data and the answer extraction are what we think they are
    });
  }
});

/**
 * The development set (../shared/data/consensus-panels): both backends are scored on it
 * and the figures are printed. Three of issue 8's targets are asserted as they stand
 * (majority >= 90%, pair F1 >= 0.85, precision >= 0.80); the other two are not reached yet
 * (camps merged <= 2, recall >= 0.70), so they are held at today's figures, which a change
 * that makes the engine worse fails (docs/consensus.md, "Where it stands").
 */
import { describe, expect, it } from 'vitest';
import { backends } from './support';
import { formatScores, haveDevSet, scoreDevSet } from './dev-set';

describe.each(backends)('development set (%s)', (name, core) => {
  it('holds the engine at or above its measured scores', () => {
    expect(haveDevSet, 'the shared development set is missing (../shared/data/consensus-panels)').toBe(true);
    const s = scoreDevSet(core);
    console.log(formatScores(name, s));
    for (const miss of s.misses) console.log(`  ${miss}`);
    expect(s.majority).toBeGreaterThanOrEqual(0.9); // issue 8's target
    expect(s.pairF1).toBeGreaterThanOrEqual(0.85); // issue 8's target
    expect(s.recommendationPrecision).toBeGreaterThanOrEqual(0.8); // issue 8's target
    expect(s.campsMerged).toBeLessThanOrEqual(3); // target 2: not reached
    expect(s.recommendationRecall).toBeGreaterThanOrEqual(0.66); // target 0.70: not reached
  });
});

/**
 * Parity: the native addon and the TypeScript fallback must give the same
 * clusters, majority, dissenters, recommendations and texts, with numbers equal
 * within 1e-6, on a large generated corpus and on real multi-paragraph answers.
 */
import { describe, expect, it } from 'vitest';
import { fallbackBackend } from '../../server/core/index';
import type { CoreBackend, ExpertResponse } from '../../server/core/types';
import {
  alpacaPanels,
  differences,
  generatedAnswer,
  generatedPanel,
  haveRealAnswers,
  mmluPanels,
  native,
  seededRandom,
  zeroEvalPanels,
} from './support';

function expectSamePanels(nativeCore: CoreBackend, panels: ExpertResponse[][]): void {
  const found: string[] = [];
  panels.forEach((panel, i) => {
    const diff = differences(fallbackBackend.calculateConsensus(panel), nativeCore.calculateConsensus(panel));
    if (diff.length > 0) found.push(`panel ${i}: ${diff.slice(0, 3).join('; ')}`);
  });
  expect(found).toEqual([]);
}

function expectSameTexts(nativeCore: CoreBackend, texts: string[]): void {
  const found: string[] = [];
  for (const text of texts) {
    const a = fallbackBackend.tokenize(text);
    const b = nativeCore.tokenize(text);
    if (differences(a, b).length > 0) found.push(`${text.slice(0, 60)}: ${differences(a, b).slice(0, 2).join('; ')}`);
  }
  expect(found).toEqual([]);
  for (let i = 0; i < texts.length; i += 100) {
    const chunk = texts.slice(i, i + 100);
    expect(differences(fallbackBackend.analyzeSimilarity(chunk), nativeCore.analyzeSimilarity(chunk))).toEqual([]);
  }
}

// Generous deadlines: the fallback runs the whole corpus, and CI shares two cores.
describe.skipIf(native === null)('native and fallback agree', { timeout: 180_000 }, () => {
  const core = native as CoreBackend;

  it('on 400 generated panels of 1 to 12 markdown answers', () => {
    const random = seededRandom(20240611);
    const panels = Array.from({ length: 400 }, () => generatedPanel(random, 1 + Math.floor(random() * 12), 14));
    expectSamePanels(core, panels);
    expectSameTexts(core, panels.slice(0, 60).flat().map((r) => r.text));
  });

  it('on large generated answers (50 experts x ~3,000 words)', () => {
    const random = seededRandom(7);
    const panel = Array.from({ length: 50 }, (_, i) => ({ expertId: `e${i}`, text: generatedAnswer(random, 220) }));
    expectSamePanels(core, [panel]);
  });

  it.skipIf(!haveRealAnswers)('on the AlpacaEval answers (150 panels of 8 long answers)', () => {
    const panels = alpacaPanels();
    expectSamePanels(core, panels);
    expectSameTexts(core, panels.flat().map((r) => r.text));
  });

  it.skipIf(!haveRealAnswers)('on the GSM8K, CRUXEval and MMLU-Pro answers', () => {
    expectSamePanels(core, zeroEvalPanels('zeroeval_gsm_8models_sample200.jsonl'));
    expectSamePanels(core, zeroEvalPanels('zeroeval_crux_8models_sample200.jsonl'));
    expectSamePanels(core, mmluPanels());
  });

  it('on tricky text: markdown edge cases, unicode, negation, final answers', () => {
    const texts = [
      '',
      '   \n\n  ',
      '# Only a heading',
      '```\nunclosed fence\nwith code',
      '- a\n- b\n  continued\n\n1) one\n2. two',
      'Use `a.b` not `c`. ``double `tick` span`` ok. Unmatched ` tick.',
      "Don't use X. Avoid Y, use Z instead of W. Not only A but also B. Rather than P, pick Q.",
      'e.g. this. i.e. that. Dr. Who. U.S. Army. 3.14 is pi. Version 1.2.3 shipped!',
      'ΟΔΟΣ Straße İstanbul ǅemal café naïve 東京都 カタカナ ひらがな 한국어 עברית العربية',
      'Emoji 👩‍👩‍👧 and flags 🇫🇷, combining e\u0301 and a\u0308.',
      'Links [here](https://a.b/c?d=e) and https://x.y/z?q=1 and www.example.com.',
      '| a | b |\n|---|---|\n| c | d |',
      'The answer is $1,000.50.',
      '#### 42',
      'so \\boxed{\\frac{1}{2}}',
      '**Final answer: (c)**',
      'Answer: [1, 2, 3]',
      "Answer: 'hello'",
      'snake_case __dunder__ _lead trail_ 1,000,000 3,2,1',
      'a\u2028b\u2029c\u00a0d\ufeffe\u0085f',
    ];
    expectSameTexts(core, texts);
    expectSamePanels(core, [texts.map((text, i) => ({ expertId: `t${i}`, text }))]);
  });
});

import { describe, expect, it } from 'vitest';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { evidenceByExpert, markedSentence, selectionExists } from '../../app/_lib/evidence-selection';
import { rehypeMarkEvidence, type EvidenceMark } from '../../app/_lib/rehype-mark-evidence';
import { ANSWERS, MAP, oldConsensus, verifiedConsensus } from '../runs/analysis-fixture';

interface HNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HNode[];
}

/** The marks in an answer rendered as the cards render it. */
function marks(markdown: string, sentences: EvidenceMark[]): { tag: string; className: string; title: unknown; text: string }[] {
  const processor = unified().use(remarkParse).use(remarkRehype);
  const tree = processor.runSync(processor.parse(markdown)) as HNode;
  rehypeMarkEvidence({ sentences })(tree);
  const out: { tag: string; className: string; title: unknown; text: string }[] = [];
  const text = (n: HNode): string => n.value ?? (n.children ?? []).map(text).join('');
  const visit = (n: HNode) => {
    const classes = (n.properties?.className as string[] | undefined) ?? [];
    const cls = classes.find((c) => c.startsWith('evidence'));
    if (cls) out.push({ tag: n.tagName ?? '', className: cls, title: n.properties?.title, text: text(n) });
    (n.children ?? []).forEach(visit);
  };
  visit(tree);
  return out;
}

describe('selecting a claim of the verified map', () => {
  it('marks each supporter’s quote as support and each opponent’s as opposition, with the claim as title', () => {
    const byExpert = evidenceByExpert(verifiedConsensus, { kind: 'claim', index: 0 });
    expect([...byExpert.keys()]).toEqual(['Atlas', 'Sage', 'Nova']);
    expect(byExpert.get('Nova')).toEqual([{ text: 'Choose MongoDB.', stance: 'oppose', title: 'Contradicts: Use PostgreSQL for the orders service' }]);

    expect(marks(ANSWERS.Nova, byExpert.get('Nova')!)).toEqual([
      { tag: 'mark', className: 'evidence-oppose', title: 'Contradicts: Use PostgreSQL for the orders service', text: 'Choose MongoDB.' },
    ]);
    expect(marks(ANSWERS.Sage, byExpert.get('Sage')!)).toEqual([
      { tag: 'mark', className: 'evidence', title: 'Supports: Use PostgreSQL for the orders service', text: 'I would choose PostgreSQL as well.' },
    ]);
    // Split by formatting (**PostgreSQL**): each piece is marked, the rest of the paragraph is not.
    const title = 'Supports: Use PostgreSQL for the orders service';
    expect(marks(ANSWERS.Atlas, byExpert.get('Atlas')!)).toEqual([
      { tag: 'mark', className: 'evidence', title, text: 'Start with ' },
      { tag: 'mark', className: 'evidence', title, text: 'PostgreSQL' },
      { tag: 'mark', className: 'evidence', title, text: '.' },
    ]);
  });

  it('marks only the quoted words where a link, code or emphasis splits them, starting or ending inside one', () => {
    const md = 'Intro sentence. Run `VACUUM` on [the big table](https://example.com/t) *nightly at two*, then check.';
    const found = marks(md, [{ text: 'Run `VACUUM` on [the big table](https://example.com/t) *nightly', stance: 'oppose', title: 'Contradicts: x' }]);
    expect(found.map((m) => [m.tag, m.className, m.text])).toEqual([
      ['mark', 'evidence-oppose', 'Run '],
      ['mark', 'evidence-oppose', 'VACUUM'],
      ['mark', 'evidence-oppose', ' on '],
      ['mark', 'evidence-oppose', 'the big table'],
      ['mark', 'evidence-oppose', ' '],
      ['mark', 'evidence-oppose', 'nightly'],
    ]);
    expect(found.every((m) => m.title === 'Contradicts: x')).toBe(true);
  });

  it('a quote inside a fenced code block is marked too', () => {
    expect(marks('Try:\n\n```\npg_dump --format=custom orders\n```', ['pg_dump --format=custom orders']).map((m) => m.text)).toEqual(['pg_dump --format=custom orders']);
  });

  it('a quote across paragraphs is marked in each', () => {
    const found = marks(ANSWERS.Sage, [{ text: 'I would choose PostgreSQL as well.\n\nForeign keys and transactions', stance: 'support' }]);
    expect(found.map((m) => m.text)).toEqual(['I would choose PostgreSQL as well.', 'Foreign keys and transactions']);
  });

  it('plain sentences (a common recommendation) are marked as before', () => {
    expect(marks('Use PostgreSQL. Measure first.', ['Measure first.'])).toEqual([{ tag: 'mark', className: 'evidence', title: undefined, text: 'Measure first.' }]);
  });

  it('a selection that no longer exists marks nothing', () => {
    expect(selectionExists(verifiedConsensus, { kind: 'claim', index: MAP.claims.length })).toBe(false);
    expect(selectionExists(oldConsensus, { kind: 'claim', index: 0 })).toBe(false);
    expect(evidenceByExpert(oldConsensus, { kind: 'claim', index: 0 }).size).toBe(0);
    const estimated = { ...oldConsensus, commonRecommendations: MAP.commonRecommendations };
    expect(selectionExists(estimated, { kind: 'recommendation', index: 0 })).toBe(true);
    expect(selectionExists(estimated, { kind: 'recommendation', index: 1 })).toBe(false);
    // Once the map is verified the region shows its claims: a recommendation picked before is gone.
    expect(selectionExists(verifiedConsensus, { kind: 'recommendation', index: 0 })).toBe(false);
  });
});

describe('the live sentence after a selection', () => {
  it('says in whose cards the quotes are marked, by stance', () => {
    expect(markedSentence(evidenceByExpert(verifiedConsensus, { kind: 'claim', index: 0 }))).toBe(
      'Quotes marked in the cards: supporting in Atlas and Sage; contradicting in Nova.',
    );
    expect(markedSentence(evidenceByExpert(verifiedConsensus, { kind: 'claim', index: 2 }))).toBe('Quotes marked in the cards: supporting in Nova.');
    expect(markedSentence(new Map([['A', ['x']], ['B', ['y']], ['C', ['z']]]))).toBe('Quotes marked in the cards: supporting in A, B and C.');
    expect(markedSentence(evidenceByExpert(verifiedConsensus, null))).toBe('');
  });
});

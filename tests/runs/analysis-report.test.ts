import { describe, expect, it } from 'vitest';
import { renderDriveReportHtml } from '../../server/drive/report-html';
import { renderReportMarkdown } from '../../server/reports/markdown';
import { buildReport } from '../../server/reports/model';
import { analysisNote, analystPendingNote, droppedLine, groundingNote, normalizeAnalysis, normalizeConsensus, quoteText } from '../../server/runs/consensus';
import { BIAS_CONTROLS, MAP, failedConsensus, oldConsensus, runWith, verifiedConsensus } from './analysis-fixture';

const METHOD = 'Verified by sim-analyst, 8 of 9 attributions grounded';
const exportedAt = new Date('2026-12-01T11:00:00.000Z');

describe('the method line', () => {
  it('names the analyst and the grounding figures, or says there was none', () => {
    expect(analysisNote(verifiedConsensus)).toBe(METHOD);
    expect(analysisNote(oldConsensus)).toBe('Estimated without an analyst');
    expect(analysisNote(failedConsensus)).toBe('Estimated without an analyst: sim-analyst did not finish within its deadline of 90 s');
    expect(analystPendingNote('sim-analyst')).toBe('Estimated without an analyst so far: sim-analyst checks the answers once they are in');
    expect(groundingNote(MAP.grounding)).toBe('8 of 9 attributions grounded (89%)');
    expect(droppedLine(MAP.dropped[0]!)).toBe('Nova — quote not found: “transactions matter most for orders”');
  });
});

describe('a quote as plain text', () => {
  it.each([
    ['Start with **PostgreSQL**.', 'Start with PostgreSQL.'],
    ['Run `VACUUM` on [the big table](https://example.com/t) _nightly_', 'Run VACUUM on the big table nightly'],
    ['- first item\n- second   item', 'first item second item'],
    ['## Heading\n\nBody with snake_case kept', 'Heading Body with snake_case kept'],
    ['**unbalanced emphasis', 'unbalanced emphasis'],
  ])('%j reads %j', (matched, plain) => {
    expect(quoteText({ matched })).toBe(plain);
  });
});

describe('a verified analysis in the exports', () => {
  const run = runWith(verifiedConsensus, '{"answers":[],"claims":[],"note":"<b>not html</b>"}');
  const report = buildReport(run);

  it('keeps the analyst out of the panel and reports it on its own', () => {
    expect(report.experts.map((e) => e.name)).toEqual(['Atlas', 'Sage', 'Nova']);
    expect(report.analyst?.name).toBe('Analyst');
    expect(report.analyst?.costUsd).toBe(0.0012);
  });

  it('JSON: the map, the method, the grounding, the bias controls and the standings', () => {
    const json = JSON.parse(JSON.stringify(report));
    expect(json.analysis.method).toBe(METHOD);
    expect(json.analysis.state).toBe('verified');
    expect(json.analysis.grounding).toMatchObject({ attributions: 9, grounded: 8, dropped: 1, note: '8 of 9 attributions grounded (89%)' });
    expect(json.analysis.claims).toHaveLength(3);
    expect(json.analysis.claims[0]).toMatchObject({ kind: 'contradiction', supporters: ['Atlas', 'Sage'], opponents: ['Nova'] });
    expect(json.analysis.dropped[0]).toMatchObject({ expertId: 'Nova', reason: 'quote_not_found' });
    expect(json.analysis.biasControls).toEqual(BIAS_CONTROLS);
    expect(json.analysis.standings.map((s: { expertId: string; words: number }) => [s.expertId, s.words])).toEqual([
      ['Atlas', 15],
      ['Sage', 16],
      ['Nova', 11],
    ]);
    expect(json.consensus.analysis.map.claims).toHaveLength(3);
  });

  it('Markdown: method, contradictions with both sides and quotes, grounding, dropped, controls, lengths', () => {
    const md = renderReportMarkdown(report);
    expect(md).toContain(`- **Method:** ${METHOD}`);
    expect(md).toContain('### Contradictions');
    expect(md).toContain('- **Use PostgreSQL for the orders service**');
    // Quotes as plain text: the answer's Markdown left out (the cards mark `matched` itself).
    expect(md).toContain('  - Asserted by **Atlas**: “Start with PostgreSQL.”');
    expect(md).toContain('  - Asserted by **Sage**: “I would choose PostgreSQL as well.”');
    expect(md).toContain('  - Contradicted by **Nova**: “Choose MongoDB.”');
    expect(md).toContain('| Built-in sharding scales writes | Unique | Nova | — | 33% | 0% |');
    expect(md).toContain('8 of 9 attributions grounded (89%); 1 dropped, 3 of 3 claims kept.');
    expect(md).toContain('- Nova — quote not found: “transactions matter most for orders”');
    expect(md).toContain('### Bias controls');
    for (const control of BIAS_CONTROLS) expect(md).toContain(`- ${control}`);
    expect(md).toContain('| Sage | 16 | 2 | 0 | yes |');
    expect(md).toContain('| Nova | 11 | 1 | 1 | no |');
    // The raw output is a code block, not Markdown.
    expect(md).toContain('```text\n{"answers":[],"claims":[],"note":"<b>not html</b>"}\n```');
    // The analyst is no panel answer.
    expect(md).not.toContain('### Analyst (');
  });

  it('Drive HTML: the same, escaped', () => {
    const html = renderDriveReportHtml(report, { exportedAt });
    expect(html).toContain(`<td style="border:1px solid #cbd5e1;padding:4px 8px;">${METHOD}</td>`);
    expect(html).toContain('<h3>Contradictions</h3>');
    expect(html).toContain('<li>Asserted by <b>Atlas</b>: “Start with PostgreSQL.”</li>');
    expect(html).toContain('<li>Contradicted by <b>Nova</b>: “Choose MongoDB.”</li>');
    expect(html).toContain('8 of 9 attributions grounded (89%); 1 dropped, 3 of 3 claims kept.');
    expect(html).toContain('Nova — quote not found: “transactions matter most for orders”');
    expect(html).toContain('<h3>Bias controls</h3>');
    for (const control of BIAS_CONTROLS) expect(html).toContain(`<li>${control}</li>`);
    expect(html).toContain('<h3>Answer length vs. support</h3>');
    expect(html).toContain('<pre>{&quot;answers&quot;:[],&quot;claims&quot;:[],&quot;note&quot;:&quot;&lt;b&gt;not html&lt;/b&gt;&quot;}</pre>');
    expect(html).not.toContain('<b>not html</b>');
    expect(html.match(/<h3>Analyst<\/h3>/g)).toBeNull();
  });
});

describe('the raw output in Markdown', () => {
  it('is fenced longer than any backtick run inside it', () => {
    const md = renderReportMarkdown(buildReport(runWith(verifiedConsensus, 'see ```json\n{}\n``` and ````')));
    expect(md).toContain('`````text\nsee ```json\n{}\n``` and ````\n`````');
  });
});

describe('without a verified analysis', () => {
  it('a failed analysis states its reason everywhere and keeps the estimate', () => {
    const report = buildReport(runWith(failedConsensus, 'They mostly agree.'));
    const reason = 'Estimated without an analyst: sim-analyst did not finish within its deadline of 90 s';
    expect(report.analysis).toMatchObject({ state: 'failed', method: reason, reason: 'did not finish within its deadline of 90 s', claims: [] });
    expect(renderReportMarkdown(report)).toContain(`- **Method:** ${reason}`);
    expect(renderReportMarkdown(report)).not.toContain('### Contradictions');
    expect(renderDriveReportHtml(report, { exportedAt })).toContain(reason);
  });

  it('an old consensus without analysis says it was estimated without an analyst', () => {
    const run = runWith(oldConsensus);
    run.answers = run.answers.filter((a) => a.role !== 'analyst');
    const report = buildReport(run);
    expect(report.analysis?.method).toBe('Estimated without an analyst');
    expect(report.analyst).toBeNull();
    const md = renderReportMarkdown(report);
    expect(md).toContain('- **Method:** Estimated without an analyst');
    expect(md).not.toContain('## Analyst');
    expect(renderDriveReportHtml(report, { exportedAt })).toContain('Estimated without an analyst');
  });
});

describe('normalizeConsensus and the analysis', () => {
  const stored = (analysis: unknown) => JSON.parse(JSON.stringify({ ...verifiedConsensus, analysis }));

  it('keeps a well-formed analysis of each state', () => {
    const verified = normalizeConsensus(JSON.parse(JSON.stringify(verifiedConsensus)), 3);
    expect(verified?.analysis).toEqual(verifiedConsensus.analysis);
    expect(normalizeConsensus(JSON.parse(JSON.stringify(failedConsensus)), 3)?.analysis).toEqual(failedConsensus.analysis);
    const running = { state: 'running', analyst: { expertName: 'Analyst', provider: 'openai', model: 'm' } };
    expect(normalizeConsensus(stored(running), 3)?.analysis).toEqual(running);
  });

  it('an old consensus gets none', () => {
    expect(normalizeConsensus(JSON.parse(JSON.stringify(oldConsensus)), 3)?.analysis).toBeNull();
  });

  it.each([
    ['a string', 'verified'],
    ['an unknown state', { ...verifiedConsensus.analysis, state: 'guessed' }],
    ['no analyst', { ...verifiedConsensus.analysis, analyst: null }],
    ['an analyst of an unknown provider', { ...verifiedConsensus.analysis, analyst: { expertName: 'X', provider: 'acme', model: 'm' } }],
    ['a failure without a reason', { state: 'failed', analyst: { expertName: 'X', provider: 'openai', model: 'm' } }],
    ['a verified state without a map', { ...verifiedConsensus.analysis, map: undefined }],
    ['claims that are not a list', { ...verifiedConsensus.analysis, map: { ...MAP, claims: { 0: MAP.claims[0] } } }],
    ['a claim of an unknown kind', { ...verifiedConsensus.analysis, map: { ...MAP, claims: [{ ...MAP.claims[0], kind: 'maybe' }] } }],
    ['a quote without its match', { ...verifiedConsensus.analysis, map: { ...MAP, claims: [{ ...MAP.claims[0], supportQuotes: [{ expertId: 'Atlas', quote: 'x' }] }] } }],
    ['grounding figures that are not numbers', { ...verifiedConsensus.analysis, map: { ...MAP, grounding: { attributions: '9', grounded: 8 } } }],
    ['a dropped attribution with an unknown reason', { ...verifiedConsensus.analysis, map: { ...MAP, dropped: [{ ...MAP.dropped[0], reason: 'bored' }] } }],
    ['bias controls that are not text', { ...verifiedConsensus.analysis, biasControls: [1, 2] }],
  ])('drops a malformed analysis: %s', (_, analysis) => {
    const c = normalizeConsensus(stored(analysis), 3);
    expect(c).not.toBeNull();
    expect(c?.analysis).toBeNull();
    expect(analysisNote(c!)).toBe('Estimated without an analyst');
    // The rest of the consensus stands.
    expect(c?.majority).toEqual(['Atlas', 'Sage']);
  });

  it('normalizeAnalysis clamps grounded to the attributions', () => {
    const a = normalizeAnalysis({ ...verifiedConsensus.analysis, map: { ...MAP, grounding: { attributions: 2, grounded: 5 } } });
    expect(a?.state === 'verified' && a.map.grounding).toMatchObject({ attributions: 2, grounded: 2, dropped: 0 });
  });
});

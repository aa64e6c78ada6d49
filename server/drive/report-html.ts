import { splitSynthesisHeading } from '../reports/markdown';
import type { ReportAnalysis, ReportExpert, RunReport } from '../reports/model';
import { answeredNote, claimKindLabel, contextPrefix, droppedLine, groundingDetails, hasComparison, methodNote, noComparisonNote, quoteText } from '../runs/consensus';
import { markdownToSafeHtml } from './markdown';

/**
 * The report as the HTML that Drive converts into a Google Doc. Drive's
 * importer keeps headings, paragraphs, lists, tables, cell background colours
 * and text colour, and little else (no CSS layout, no SVG), so the figures are
 * tables: the similarity matrix is a heat map made of coloured cells, and the
 * time and token charts are bars drawn with coloured block characters. Every
 * piece of text from the run is escaped; model Markdown goes through
 * markdownToSafeHtml.
 */

/** The same report the share page and downloads render (server/reports/model.ts). */
export type DriveReport = RunReport;

export interface DriveReportContext {
  /** Link back to the run in the app, when the request's origin is known. */
  runUrl?: string;
  exportedAt: Date;
}

const BAR_WIDTH = 20;
const CELL = 'border:1px solid #cbd5e1;padding:4px 8px;';
const HEAD = `${CELL}background-color:#f1f5f9;font-weight:bold;`;

export function renderDriveReportHtml(report: DriveReport, context: DriveReportContext): string {
  const body = [
    `<h1>${escapeHtml(documentTitle(report))}</h1>`,
    `<p><i>Circle of Experts report, asked ${formatDate(report.createdAt)}${report.status === 'done' ? '' : ` (run ${escapeHtml(report.status)})`}.</i></p>`,
    '<h2>Question</h2>',
    paragraphs(report.question),
    synthesisSection(report.synthesis),
    consensusSection(report),
    panelSection(report.experts),
    analystSection(report.analyst),
    answersSection(report.experts),
    '<hr>',
    `<p><i>Exported ${formatDate(context.exportedAt.toISOString())}${context.runUrl ? ` from <a href="${escapeHtml(context.runUrl)}">${escapeHtml(context.runUrl)}</a>` : ''}.</i></p>`,
  ];
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(documentTitle(report))}</title></head>
<body style="font-family:Arial,sans-serif;">
${body.join('\n')}
</body></html>
`;
}

/** The document's name in Drive and its first heading: the question's first line, kept short. */
export function documentTitle(report: Pick<DriveReport, 'question'>): string {
  const firstLine = report.question.trim().split('\n')[0]?.trim() || 'Untitled question';
  return firstLine.length > 90 ? `${firstLine.slice(0, 89)}…` : firstLine;
}

function synthesisSection(synthesis: ReportExpert | null): string {
  if (!synthesis) return '<h2>Synthesis</h2>\n<p><i>No chair was set for this run, so there is no synthesis.</i></p>';
  // The chair's own leading "## Synthesis" would repeat the section's heading (server/reports/markdown.ts).
  const { subtitle, body } = splitSynthesisHeading(synthesis.text);
  const text = body.trim() ? markdownToSafeHtml(body, 2) : `<p><i>No synthesis was written${synthesis.error ? `: ${escapeHtml(synthesis.error)}` : '.'}</i></p>`;
  return `<h2>Synthesis${subtitle ? `: ${escapeHtml(subtitle)}` : ''}</h2>\n<p><i>Written by the chair, ${escapeHtml(synthesis.name)} (${escapeHtml(synthesis.model)}).</i></p>\n${text}`;
}

function consensusSection(report: DriveReport): string {
  const c = report.consensus;
  if (!c) return '<h2>Consensus</h2>\n<p><i>No consensus: no answer finished.</i></p>';
  const running = report.status === 'running';
  const answered = answeredNote(c, running);
  const parts = [
    '<h2>Consensus</h2>',
    table(
      ['Measure', 'Value'],
      [
        hasComparison(c)
          ? ['Consensus confidence', `${percent(c.consensusConfidence)} (${c.reached ? 'reached' : 'not reached'})`]
          : ['Consensus confidence', noComparisonNote(c, running) ?? ''],
        ['Majority', names(c.majority)],
        ['Dissenters', c.dissenters.length ? names(c.dissenters) : 'none'],
        ['Experts answered', answered ?? `all ${c.expertCount}`],
        ...(report.analysis ? [['Method', report.analysis.method]] : []),
        ['Compared', methodNote(c)],
      ].map((row) => row.map(escapeHtml)),
    ),
  ];
  if (c.bottomLines.length) {
    parts.push('<h3>Bottom lines</h3>', table(['Expert', 'Bottom line'], c.bottomLines.map((b) => [escapeHtml(b.expertId), escapeHtml(b.text)])));
  }
  if (c.commonRecommendations.length) {
    parts.push(
      '<h3>Common recommendations</h3>',
      table(
        ['Recommendation', 'Supported by', 'Support'],
        c.commonRecommendations.map((r) => [escapeHtml(r.text), escapeHtml(names(r.supporters)), percent(r.support)]),
      ),
    );
  }
  if (c.uniqueInsights.length) {
    const insight = (u: (typeof c.uniqueInsights)[number]) =>
      [u.kind === 'caveat' ? '<b>Caveat:</b>' : null, contextPrefix(u) ? `<i>${escapeHtml(contextPrefix(u) ?? '')}</i>` : null, escapeHtml(u.text)].filter(Boolean).join(' ');
    parts.push('<h3>Unique insights</h3>', table(['Expert', 'Insight'], c.uniqueInsights.map((u) => [escapeHtml(u.expertId), insight(u)])));
  }
  if (report.analysis?.state === 'verified') parts.push(analysisHtml(report.analysis));
  const order = Array.isArray(c.expertOrder) ? c.expertOrder : [];
  if (order.length > 1 && c.similarity.length === order.length) parts.push('<h3>Similarity between answers</h3>', heatMap(order, c.similarity));
  return parts.join('\n');
}

/** The verified map: contradictions with both sides and their quotes, every claim, grounding, bias controls, lengths. */
function analysisHtml(a: ReportAnalysis): string {
  const parts: string[] = ['<h3>Contradictions</h3>'];
  const contradictions = a.claims.filter((claim) => claim.kind === 'contradiction');
  if (contradictions.length === 0) parts.push('<p><i>No claim is asserted by some experts and contradicted by others.</i></p>');
  else {
    const side = (verb: string, quotes: typeof a.claims[number]['supportQuotes']) =>
      quotes.map((q) => `<li>${verb} <b>${escapeHtml(q.expertId)}</b>: “${escapeHtml(quoteText(q))}”</li>`).join('');
    const items = contradictions.map((claim) => `<li><b>${escapeHtml(claim.text)}</b><ul>${side('Asserted by', claim.supportQuotes)}${side('Contradicted by', claim.opposeQuotes)}</ul></li>`);
    parts.push(`<ul>${items.join('')}</ul>`);
  }
  if (a.claims.length) {
    parts.push(
      '<h3>Claims</h3>',
      table(
        ['Claim', 'Kind', 'Asserted by', 'Contradicted by', 'Support', 'Opposition'],
        a.claims.map((claim) => [
          escapeHtml(claim.text),
          claimKindLabel(claim.kind),
          escapeHtml(names(claim.supporters)),
          escapeHtml(names(claim.opponents)),
          percent(claim.support),
          percent(claim.opposition),
        ]),
      ),
    );
  }
  if (a.grounding) {
    parts.push('<h3>Grounding</h3>', `<p>${escapeHtml(`${a.grounding.note}; ${groundingDetails(a.grounding)}.`)}</p>`);
    if (a.dropped.length) parts.push('<p>Not counted:</p>', `<ul>${a.dropped.map((d) => `<li>${escapeHtml(droppedLine(d))} (claim: “${escapeHtml(d.claim)}”)</li>`).join('')}</ul>`);
  }
  if (a.biasControls.length) parts.push('<h3>Bias controls</h3>', `<ul>${a.biasControls.map((b) => `<li>${escapeHtml(b)}</li>`).join('')}</ul>`);
  if (a.standings.length) {
    parts.push(
      '<h3>Answer length vs. support</h3>',
      table(
        ['Expert', 'Words', 'Claims supported', 'Claims contradicted', 'In majority'],
        a.standings.map((s) => [escapeHtml(s.expertId), String(s.words), String(s.claimsSupported), String(s.claimsOpposed), s.inMajority ? 'yes' : 'no']),
      ),
    );
  }
  return parts.join('\n');
}

/** The analyst's answer: who, how it went, and its raw output as preformatted text (never rendered). */
function analystSection(analyst: ReportExpert | null): string {
  if (!analyst) return '';
  const status = analyst.error && analyst.status !== 'done' ? `${analyst.status}: ${analyst.error}` : analyst.status;
  return [
    '<h2>Analyst</h2>',
    table(
      ['Analyst', 'Model', 'Status', 'Total', 'Tokens in / out', 'Cost'],
      [[escapeHtml(analyst.name), escapeHtml(analyst.model), escapeHtml(status), duration(analyst.timings.totalMs), `${count(analyst.tokens.input)} / ${count(analyst.tokens.output)}`, analyst.costUsd === null ? '—' : `$${analyst.costUsd.toFixed(4)}`]],
    ),
    "<p><i>The analyst's raw output:</i></p>",
    `<pre>${escapeHtml(analyst.text || '(no output)')}</pre>`,
  ].join('\n');
}

/** The similarity matrix as a table whose cells are shaded from white (0%) to dark blue (100%). */
function heatMap(order: string[], matrix: number[][]): string {
  const header = `<tr><th style="${HEAD}"></th>${order.map((n) => `<th style="${HEAD}">${escapeHtml(n)}</th>`).join('')}</tr>`;
  const rows = matrix.map((row, i) => {
    const cells = row.map((value) => {
      const shade = heatColour(value);
      return `<td style="${CELL}background-color:${shade.background};color:${shade.text};text-align:center;" bgcolor="${shade.background}">${percent(value)}</td>`;
    });
    return `<tr><th style="${HEAD}">${escapeHtml(order[i] ?? '')}</th>${cells.join('')}</tr>`;
  });
  return `<table style="border-collapse:collapse;">${header}${rows.join('')}</table>\n<p><i>Shading: white = 0% similar, dark blue = 100%.</i></p>`;
}

function heatColour(value: number): { background: string; text: string } {
  const t = Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
  const from = [248, 250, 252];
  const to = [30, 64, 175];
  const rgb = from.map((f, i) => Math.round(f + ((to[i] ?? f) - f) * t));
  return { background: `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`, text: t > 0.55 ? '#ffffff' : '#0f172a' };
}

function panelSection(experts: ReportExpert[]): string {
  if (experts.length === 0) return '<h2>Panel</h2>\n<p><i>No experts answered.</i></p>';
  const maxTime = Math.max(0, ...experts.map((e) => e.timings.totalMs ?? 0));
  const maxTokens = Math.max(0, ...experts.map((e) => e.tokens.output ?? 0));
  return [
    '<h2>Panel</h2>',
    table(
      ['Expert', 'Model', 'Status', 'Weight'],
      experts.map((e) => [escapeHtml(e.name), escapeHtml(e.model), escapeHtml(e.status), e.weightAtRun.toFixed(2)]),
    ),
    '<h3>Time per expert</h3>',
    table(
      ['Expert', 'First token', 'Total', ''],
      experts.map((e) => [escapeHtml(e.name), duration(e.timings.ttftMs), duration(e.timings.totalMs), bar(e.timings.totalMs, maxTime, '#2563eb')]),
    ),
    '<h3>Tokens per expert</h3>',
    table(
      ['Expert', 'Input', 'Output', ''],
      experts.map((e) => [escapeHtml(e.name), count(e.tokens.input), count(e.tokens.output), bar(e.tokens.output, maxTokens, '#059669')]),
    ),
  ].join('\n');
}

function answersSection(experts: ReportExpert[]): string {
  const parts = ['<h2>Answers</h2>'];
  for (const e of experts) {
    const tags = [e.model, e.simulated ? 'simulated' : null, e.status === 'done' ? null : e.status, e.best ? 'best answer' : null].filter((t): t is string => t !== null);
    parts.push(`<h3>${escapeHtml(e.name)}</h3>`, `<p><i>${escapeHtml(tags.join(' · '))}</i></p>`);
    if (e.error && e.status !== 'done') parts.push(`<p><b>Error:</b> ${escapeHtml(e.error)}</p>`);
    parts.push(e.text.trim() ? markdownToSafeHtml(e.text, 3) : '<p><i>No text.</i></p>');
  }
  return parts.join('\n');
}

/** Cells are given as HTML: callers escape text and may add markup. */
function table(headers: string[], rows: string[][]): string {
  const head = `<tr>${headers.map((h) => `<th style="${HEAD}">${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td style="${CELL}">${c}</td>`).join('')}</tr>`).join('');
  return `<table style="border-collapse:collapse;">${head}${body}</table>`;
}

function bar(value: number | null, max: number, colour: string): string {
  if (value === null || max <= 0) return '';
  const blocks = Math.max(value > 0 ? 1 : 0, Math.round((value / max) * BAR_WIDTH));
  return `<span style="color:${colour};">${'█'.repeat(blocks)}</span>`;
}

function paragraphs(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

const names = (list: string[]) => (list.length ? list.join(', ') : '—');
const percent = (x: number) => `${Math.round(x * 100)}%`;
const count = (x: number | null) => (x === null ? '—' : String(x));
const duration = (x: number | null) => (x === null ? '—' : x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${x} ms`);

/** "2025-05-01 14:03 UTC": the same in every time zone the server may run in. */
function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

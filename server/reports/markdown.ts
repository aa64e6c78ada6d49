import { injectionNote, statusLabel } from '../runs/status';
import { answeredNote, claimKindLabel, contextPrefix, droppedLine, groundingDetails, hasComparison, methodNote, noComparisonNote, quoteText } from '../runs/consensus';
import type { ReportAnalysis, ReportExpert, RunReport } from './model';

/** The report as a Markdown document: readable as-is and faithful to the run's figures. */

const percent = (x: number) => `${Math.round(x * 100)}%`;
const ms = (x: number | null) => (x === null ? '—' : x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${x} ms`);
const num = (x: number | null) => (x === null ? '—' : String(x));
/** Table cells cannot hold pipes or newlines. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function expertHeading(e: ReportExpert): string {
  const tags = [e.model, e.simulated ? 'simulated' : null, e.status !== 'done' ? e.status : null, e.best ? 'best answer' : null].filter(Boolean);
  return `### ${e.name} (${tags.join(', ')})`;
}

export function renderReportMarkdown(report: RunReport): string {
  const lines: string[] = [];
  lines.push(`# ${cell(report.question.split('\n')[0] ?? 'Report')}`, '');
  lines.push(`*Circle of Experts report, ${report.status === 'running' ? 'run in progress' : `run ${statusLabel(report.status)}`}, asked ${report.createdAt}.*`, '');
  lines.push('## Question', '', report.question, '');
  if (report.injections.length) lines.push(`> ${cell(injectionNote(report.injections))}`, '');

  if (report.synthesis) {
    const { subtitle, body } = splitSynthesisHeading(report.synthesis.text);
    lines.push(`## Synthesis${subtitle ? `: ${cell(subtitle)}` : ''} (chair: ${report.synthesis.name})`, '', body || '_No synthesis was written._', '');
  }

  const c = report.consensus;
  lines.push('## Consensus', '');
  if (!c) {
    lines.push('_No consensus: no answer finished._', '');
  } else {
    const running = report.status === 'running';
    const answered = answeredNote(c, running);
    if (hasComparison(c)) lines.push(`- **Consensus confidence:** ${percent(c.consensusConfidence)} (${c.reached ? 'reached' : 'not reached'})`);
    else lines.push(`- **${noComparisonNote(c, running)}.**`);
    if (answered) lines.push(`- **${answered}.**`);
    if (report.analysis) lines.push(`- **Method:** ${report.analysis.method}`);
    lines.push(`- **Compared:** ${methodNote(c)}`);
    lines.push(`- **Majority:** ${c.majority.join(', ') || '—'}`);
    lines.push(`- **Dissenters:** ${c.dissenters.join(', ') || 'none'}`, '');
    if (c.bottomLines.length) {
      lines.push('### Bottom lines', '');
      for (const b of c.bottomLines) lines.push(`- **${cell(b.expertId)}:** ${cell(b.text)}`);
      lines.push('');
    }
    if (c.commonRecommendations.length) {
      lines.push('### Common recommendations', '', '| Recommendation | Supporters | Support |', '|---|---|---|');
      for (const r of c.commonRecommendations) lines.push(`| ${cell(r.text)} | ${cell(r.supporters.join(', '))} | ${percent(r.support)} |`);
      lines.push('');
    }
    if (c.uniqueInsights.length) {
      lines.push('### Unique insights', '');
      for (const u of c.uniqueInsights) {
        const framing = [u.kind === 'caveat' ? '*Caveat:*' : null, contextPrefix(u) ? `*${contextPrefix(u)}*` : null].filter(Boolean).join(' ');
        lines.push(`- **${cell(u.expertId)}:** ${framing ? `${framing} ` : ''}${cell(u.text)}`);
      }
      lines.push('');
    }
    if (report.analysis?.state === 'verified') lines.push(...analysisMarkdown(report.analysis));
    if (c.expertOrder.length > 1) {
      lines.push('### Similarity', '', `| | ${c.expertOrder.map(cell).join(' | ')} |`, `|---|${c.expertOrder.map(() => '---').join('|')}|`);
      c.similarity.forEach((row, i) => lines.push(`| **${cell(c.expertOrder[i] ?? '')}** | ${row.map((v) => v.toFixed(2)).join(' | ')} |`));
      lines.push('');
    }
  }

  lines.push('## Experts', '', `**Total cost:** ${report.totalCost.label}${costNote(report)}`, '', '| Expert | Model | Status | Weight | First token | Total | Tokens in/out | Cost |', '|---|---|---|---|---|---|---|---|');
  for (const e of report.experts) {
    const cost = e.costUsd === null ? '—' : `$${e.costUsd.toFixed(4)}`;
    lines.push(`| ${cell(e.name)} | ${cell(e.model)} | ${e.status} | ${e.weightAtRun.toFixed(2)} | ${ms(e.timings.ttftMs)} | ${ms(e.timings.totalMs)} | ${num(e.tokens.input)}/${num(e.tokens.output)} | ${cost} |`);
  }
  if (report.analyst) {
    const a = report.analyst;
    const cost = a.costUsd === null ? '—' : `$${a.costUsd.toFixed(4)}`;
    lines.push('', `## Analyst (${cell(a.name)}, ${cell(a.model)})`, '');
    lines.push(`- **Status:** ${a.status}${a.error && a.status !== 'done' ? ` (${cell(a.error)})` : ''}`);
    lines.push(`- **Total time:** ${ms(a.timings.totalMs)} · **Tokens in/out:** ${num(a.tokens.input)}/${num(a.tokens.output)} · **Cost:** ${cost}`, '');
    lines.push("The analyst's raw output:", '', ...fenced(a.text || '(no output)'));
  }
  lines.push('', '## Answers', '');
  for (const e of report.experts) {
    lines.push(expertHeading(e), '');
    if (e.error && e.status !== 'done') lines.push(`> ${e.error}`, '');
    lines.push(e.text || '_No text._', '');
  }
  return lines.join('\n');
}

/**
 * Chairs tend to open with their own "## Synthesis" (the simulator's do, some as
 * "## Synthesis: PostgreSQL or MongoDB?"). The report's section already is that heading,
 * so a leading one is taken out of the text and its subtitle, if any, joins the section's.
 */
export function splitSynthesisHeading(text: string): { subtitle: string | null; body: string } {
  const match = /^\s*#{1,6}[ \t]+synthesis\b[ \t]*(?:[:\u2013\u2014-][ \t]*(.*?))?[ \t#]*(?:\r?\n|$)/i.exec(text);
  if (!match) return { subtitle: null, body: text };
  return { subtitle: match[1]?.trim() || null, body: text.slice(match[0].length).trimStart() };
}

/** Why the total is what it is: what it covers, and which answers it leaves out. */
function costNote(report: RunReport): string {
  const parts = ['the panel', report.analyst ? 'the analyst' : null, report.synthesis ? 'the chair' : null].filter(Boolean);
  const covers = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  const unknown = report.totalCost.unknownAnswers;
  return ` (${covers}${unknown ? `; ${unknown} answer${unknown === 1 ? "'s" : "s'"} cost unknown` : ''})`;
}

/** Quoted words of an answer on one line, as plain text: “…”. */
const quoted = (q: Parameters<typeof quoteText>[0]) => `“${cell(quoteText(q))}”`;

/** The verified map: contradictions with both sides, every claim, the grounding, the controls, lengths beside support. */
function analysisMarkdown(a: ReportAnalysis): string[] {
  const lines: string[] = [];
  const contradictions = a.claims.filter((claim) => claim.kind === 'contradiction');
  lines.push('### Contradictions', '');
  if (contradictions.length === 0) lines.push('_No claim is asserted by some experts and contradicted by others._', '');
  for (const claim of contradictions) {
    lines.push(`- **${cell(claim.text)}**`);
    for (const q of claim.supportQuotes) lines.push(`  - Asserted by **${cell(q.expertId)}**: ${quoted(q)}`);
    for (const q of claim.opposeQuotes) lines.push(`  - Contradicted by **${cell(q.expertId)}**: ${quoted(q)}`);
  }
  if (contradictions.length) lines.push('');
  if (a.claims.length) {
    lines.push('### Claims', '', '| Claim | Kind | Asserted by | Contradicted by | Support | Opposition |', '|---|---|---|---|---|---|');
    for (const claim of a.claims) {
      lines.push(
        `| ${cell(claim.text)} | ${claimKindLabel(claim.kind)} | ${cell(claim.supporters.join(', ') || '—')} | ${cell(claim.opponents.join(', ') || '—')} | ${percent(claim.support)} | ${percent(claim.opposition)} |`,
      );
    }
    lines.push('');
  }
  if (a.grounding) {
    lines.push('### Grounding', '', `${a.grounding.note}; ${groundingDetails(a.grounding)}.`, '');
    if (a.dropped.length) {
      lines.push('Not counted:', '');
      for (const d of a.dropped) lines.push(`- ${cell(droppedLine(d))} (${d.stance === 'oppose' ? 'contradicting' : d.stance === 'bottom_line' ? 'bottom line' : 'supporting'} “${cell(d.claim)}”)`);
      lines.push('');
    }
  }
  if (a.biasControls.length) {
    lines.push('### Bias controls', '');
    for (const control of a.biasControls) lines.push(`- ${cell(control)}`);
    lines.push('');
  }
  if (a.standings.length) {
    lines.push('### Answer length vs. support', '', '| Expert | Words | Claims supported | Claims contradicted | In majority |', '|---|---|---|---|---|');
    for (const s of a.standings) lines.push(`| ${cell(s.expertId)} | ${s.words} | ${s.claimsSupported} | ${s.claimsOpposed} | ${s.inMajority ? 'yes' : 'no'} |`);
    lines.push('');
  }
  return lines;
}

/** Text as a fenced code block, the fence longer than any run of backticks inside it: shown, never rendered. */
function fenced(text: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}text`, text, fence];
}

import { answeredNote, contextPrefix, hasComparison, methodNote, noComparisonNote } from '../runs/consensus';
import type { ReportExpert, RunReport } from './model';

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
  lines.push(`*Circle of Experts report, ${report.status === 'running' ? 'run in progress' : `run ${report.status}`}, asked ${report.createdAt}.*`, '');
  lines.push('## Question', '', report.question, '');

  if (report.synthesis) {
    lines.push(`## Synthesis (chair: ${report.synthesis.name})`, '', report.synthesis.text || '_No synthesis was written._', '');
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
    if (c.expertOrder.length > 1) {
      lines.push('### Similarity', '', `| | ${c.expertOrder.map(cell).join(' | ')} |`, `|---|${c.expertOrder.map(() => '---').join('|')}|`);
      c.similarity.forEach((row, i) => lines.push(`| **${cell(c.expertOrder[i] ?? '')}** | ${row.map((v) => v.toFixed(2)).join(' | ')} |`));
      lines.push('');
    }
  }

  lines.push('## Experts', '', '| Expert | Model | Status | Weight | First token | Total | Tokens in/out | Cost |', '|---|---|---|---|---|---|---|---|');
  for (const e of report.experts) {
    const cost = e.costUsd === null ? '—' : `$${e.costUsd.toFixed(4)}`;
    lines.push(`| ${cell(e.name)} | ${cell(e.model)} | ${e.status} | ${e.weightAtRun.toFixed(2)} | ${ms(e.timings.ttftMs)} | ${ms(e.timings.totalMs)} | ${num(e.tokens.input)}/${num(e.tokens.output)} | ${cost} |`);
  }
  lines.push('', '## Answers', '');
  for (const e of report.experts) {
    lines.push(expertHeading(e), '');
    if (e.error && e.status !== 'done') lines.push(`> ${e.error}`, '');
    lines.push(e.text || '_No text._', '');
  }
  return lines.join('\n');
}

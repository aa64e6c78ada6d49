import { findRunView } from '../db/repositories/runs';
import type { RunView } from '../runs/types';
import { buildReport } from './model';
import { renderReportMarkdown } from './markdown';

/** The owner's download of a run (the route has checked the session and the ownership). */
export async function runReportDownload(runId: string, format: string | null): Promise<Response> {
  return reportDownload(await findRunView(runId), format);
}

/** A report download (Markdown or JSON) as an HTTP response; 404 for an unknown run. */
export async function reportDownload(run: RunView | null, format: string | null): Promise<Response> {
  if (!run) return new Response('Report not found.', { status: 404 });
  const report = buildReport(run);
  const base = `circle-report-${run.id}`;
  if (format === 'json') {
    return new Response(JSON.stringify(report, null, 2), {
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${base}.json"` },
    });
  }
  if (format === 'markdown' || format === null) {
    return new Response(renderReportMarkdown(report), {
      headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `attachment; filename="${base}.md"` },
    });
  }
  return new Response('Unknown format: use markdown or json.', { status: 400 });
}

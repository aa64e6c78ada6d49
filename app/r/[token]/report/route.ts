import { reportDownload } from '@/server/reports/download';
import { loadSharedReport } from '@/server/reports/shared';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /r/<token>/report?format=markdown|json: the shared report's downloads (no ids inside), 404 once revoked. */
export async function GET(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  const shared = await loadSharedReport(token);
  return reportDownload(shared?.run ?? null, new URL(req.url).searchParams.get('format'));
}

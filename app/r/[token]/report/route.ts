import { reportDownload } from '@/server/reports/download';
import { runIdForToken } from '@/server/reports/shares';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /r/<token>/report?format=markdown|json: the shared report's downloads, 404 once revoked. */
export async function GET(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  return reportDownload(await runIdForToken(token), new URL(req.url).searchParams.get('format'));
}

import { reportDownload } from '@/server/reports/download';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/runs/<id>/report?format=markdown|json */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return reportDownload(/^[a-z0-9]{20,32}$/.test(id) ? id : null, new URL(req.url).searchParams.get('format'));
}

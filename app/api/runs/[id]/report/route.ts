import { sessionUser } from '@/server/auth/session';
import { DomainError } from '@/server/errors';
import { runReportDownload } from '@/server/reports/download';
import { assertOwnsRun } from '@/server/runs/access';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/runs/<id>/report?format=markdown|json: the owner's download (proxy.ts has required a session). */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const user = await sessionUser(req.headers);
  if (!user) return new Response('Sign in to download this report.', { status: 401 });
  try {
    if (!/^[a-z0-9]{20,32}$/.test(id)) throw new DomainError('NOT_FOUND', 'Report not found.');
    await assertOwnsRun(user.id, id);
  } catch {
    return new Response('Report not found.', { status: 404 });
  }
  return runReportDownload(id, new URL(req.url).searchParams.get('format'));
}

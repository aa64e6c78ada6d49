import { beginConnect } from '@/server/drive/connect-flow';

/** GET /api/google/connect?returnTo=/runs/<id>: off to Google's consent page. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  return beginConnect(request);
}

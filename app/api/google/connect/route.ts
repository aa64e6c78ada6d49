import { beginConnect } from '@/server/drive/connect-flow';

/** GET /api/google/connect?returnTo=/runs/<id>: off to Google's consent page, for the signed-in user (401 without a session). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return beginConnect(request);
}

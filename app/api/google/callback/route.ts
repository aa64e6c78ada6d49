import { completeConnect } from '@/server/drive/connect-flow';

/** GET /api/google/callback: Google's redirect after consent; saved for the signed-in user who started it, back to the page that started it. */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return completeConnect(request);
}

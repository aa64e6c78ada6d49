import { toNextJsHandler } from 'better-auth/next-js';
import { getAuth } from '@/server/auth/auth';

// better-auth's endpoints: sign-in, sign-up (when open), sign-out, sessions, OIDC callbacks, admin API.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const handle = (req: Request) => getAuth().handler(req);
export const { GET, POST } = toNextJsHandler(handle);

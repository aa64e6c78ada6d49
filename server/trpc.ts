import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ZodError } from 'zod';
import { DomainError, type DomainErrorCode } from './errors';
import { CoreError } from './core/errors';
import type { SessionUser } from './auth/session';

/**
 * What every procedure knows about its request: the signed-in person (null only on the few
 * public procedures, since proxy.ts answers 401 to any other request without a session).
 */
export interface Context {
  user: SessionUser | null;
}

export const SSE_PING_INTERVAL_MS = 15_000;

/** The one tRPC instance. Routers live in server/routers, one per feature. */
const t = initTRPC.context<Context>().create({
  sse: {
    // A comment line every 15 s keeps idle proxies (nginx' 60 s read timeout, load balancers)
    // from cutting a long run's stream while experts think; the client reconnects, resuming
    // after its last event id, if nothing at all arrives for 40 s.
    ping: { enabled: true, intervalMs: SSE_PING_INTERVAL_MS },
    client: { reconnectAfterInactivityMs: 40_000 },
  },
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) : null;
    // Never leak stacks to the browser.
    return { ...shape, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, validation: zod } };
  },
});

const trpcCodeFor: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: 'NOT_FOUND',
  INVALID_INPUT: 'BAD_REQUEST',
  CONFLICT: 'CONFLICT',
  NOT_CONFIGURED: 'PRECONDITION_FAILED',
  UNAUTHORIZED: 'UNAUTHORIZED',
  UPSTREAM: 'BAD_GATEWAY',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  FORBIDDEN: 'FORBIDDEN',
};

/** Maps domain and core errors to TRPCError; the only place this happens. */
export function toTRPCError(error: unknown): TRPCError | null {
  if (error instanceof DomainError) return new TRPCError({ code: trpcCodeFor[error.code], message: error.message, cause: error });
  if (error instanceof CoreError) return new TRPCError({ code: error.code === 'INTERNAL' ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST', message: error.message, cause: error });
  return null;
}

const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

/**
 * The session itself is checked once, in proxy.ts, for every HTTP request; this keeps a
 * procedure from running without one all the same (a direct caller, a route left public by
 * mistake) and gives it a non-null `ctx.user`.
 */
const requireUser = t.middleware(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to do this.' });
  return next({ ctx: { user: ctx.user } });
});

const requireAdmin = t.middleware(({ ctx, next }) => {
  if (ctx.user?.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'Only the administrator can do this.' });
  return next({ ctx: { user: ctx.user } });
});

export const router = t.router;
/** For the setup page, the sign-in page's options and shared reports: no session needed. */
export const publicProcedure = t.procedure.use(mapDomainErrors);
/** Everything a signed-in person does with their own runs, ratings, shares and Drive. */
export const userProcedure = publicProcedure.use(requireUser);
/** Providers, keys, experts, endpoints, deployment settings and accounts. */
export const adminProcedure = userProcedure.use(requireAdmin);
export const createCallerFactory = t.createCallerFactory;

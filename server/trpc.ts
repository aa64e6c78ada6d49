import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ZodError } from 'zod';
import { DomainError, type DomainErrorCode } from './errors';
import { CoreError } from './core/errors';

export const SSE_PING_INTERVAL_MS = 15_000;

/** The one tRPC instance. Routers live in server/routers, one per feature. */
const t = initTRPC.create({
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

export const router = t.router;
export const publicProcedure = t.procedure.use(mapDomainErrors);
export const createCallerFactory = t.createCallerFactory;

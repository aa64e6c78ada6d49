import { z } from 'zod';

/**
 * Every environment variable the app reads, validated once. Imported by
 * next.config.ts so a bad value fails the build, not the first request.
 * README.md and .env.example list the same variables.
 */
const optionalUrl = z.string().url().optional();
const optionalString = z.string().optional();
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: positiveInt(3000),
  /** The interface `npm start` listens on: loopback unless the operator opens it (0.0.0.0, a LAN address…). */
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  /**
   * The address people reach the app at (https://circle.example.com). Requests for any other
   * Host are refused (DNS rebinding), links and the OAuth redirect are built from it, and
   * cookies are Secure when it is https. Unset: local use, only localhost/127.0.0.1/[::1].
   */
  CIRCLE_PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'CIRCLE_PUBLIC_URL must be an http(s) URL')
    .refine((u) => {
      const url = new URL(u);
      return !url.username && !url.password && (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash;
    }, 'CIRCLE_PUBLIC_URL must be an origin only, e.g. https://circle.example.com (no path, query or credentials)')
    .optional(),
  // Accounts (server/auth). The first visit creates the administrator; later accounts are
  // created by the administrator, or by anyone when sign-up is open.
  CIRCLE_ALLOW_SIGNUP: z.enum(['0', '1']).default('0'),
  /** Signs session cookies. Unset: derived from the secret key (CIRCLE_SECRET_KEY or CIRCLE_DATA_DIR/secret.key). */
  BETTER_AUTH_SECRET: z.string().min(32, 'BETTER_AUTH_SECRET must be at least 32 characters').optional(),
  /** OpenID Connect sign-in: the issuer's discovery document, client id and secret enable it. */
  CIRCLE_OIDC_DISCOVERY_URL: optionalUrl,
  CIRCLE_OIDC_CLIENT_ID: optionalString,
  CIRCLE_OIDC_CLIENT_SECRET: optionalString,
  /** The button says "Sign in with <name>". */
  CIRCLE_OIDC_NAME: z.string().trim().min(1).max(40).default('single sign-on'),
  CIRCLE_OIDC_SCOPES: z.string().default('openid email profile'),

  // Quotas per user (denial of wallet; server/quotas). The administrator can override the
  // first and the last per account on the settings page.
  /** Runs one user may start in any rolling 60 seconds. */
  CIRCLE_RUNS_PER_MINUTE: positiveInt(10),
  /** Runs one user may have going at once. */
  CIRCLE_MAX_CONCURRENT_RUNS_PER_USER: positiveInt(3),
  /** Runs the whole server may have going at once. */
  CIRCLE_MAX_CONCURRENT_RUNS: positiveInt(20),
  /** Worst-case USD one user may spend per UTC day; 0 means no budget. */
  CIRCLE_DAILY_BUDGET_USD: z.coerce.number().nonnegative().default(5),

  /** Most experts one run may ask (the chair not counted). */
  CIRCLE_MAX_PANEL: positiveInt(12),
  /** Upper bound on an expert's max tokens, for every provider (each also has its own cap, see server/http/limits.ts). */
  CIRCLE_MAX_TOKENS: z.coerce.number().int().positive().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'DATABASE_URL must start with file: or postgres://')
    .default('file:./data/circle.db'),

  // Simulator: forced by CIRCLE_SIMULATOR=1, otherwise used when no provider is configured.
  CIRCLE_SIMULATOR: z.enum(['0', '1']).optional(),
  CIRCLE_SIMULATOR_SCRIPT: optionalString,
  /** Set by scripts/start.ts for the Next server: where the simulator listens. */
  CIRCLE_SIMULATOR_URL: optionalUrl,

  /** 32 bytes, base64. When absent a key is generated into CIRCLE_DATA_DIR/secret.key. */
  CIRCLE_SECRET_KEY: optionalString,
  CIRCLE_DATA_DIR: z.string().default('./data'),
  CIRCLE_NATIVE: z.enum(['on', 'off']).optional(),

  // Deadlines and retries of provider calls (see server/providers/policy.ts).
  CIRCLE_TTFT_TIMEOUT_MS: positiveInt(45_000),
  CIRCLE_STALL_TIMEOUT_MS: positiveInt(30_000),
  CIRCLE_MAX_ATTEMPTS: positiveInt(3),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalUrl,
  GEMINI_API_KEY: optionalString,
  GEMINI_BASE_URL: optionalUrl,
  /** Any OpenAI-compatible endpoint: Ollama, vLLM, LM Studio, OpenRouter… */
  OPENAI_COMPATIBLE_BASE_URL: optionalUrl,
  OPENAI_COMPATIBLE_API_KEY: optionalString,
  /** Comma-separated model ids to create experts for on that endpoint. */
  OPENAI_COMPATIBLE_MODELS: optionalString,

  // Google Drive export.
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  GOOGLE_REDIRECT_URI: optionalUrl,
  GOOGLE_OAUTH_AUTH_URL: z.string().url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_OAUTH_TOKEN_URL: z.string().url().default('https://oauth2.googleapis.com/token'),
  GOOGLE_API_ROOT_URL: z.string().url().default('https://www.googleapis.com/'),
});

export type Env = z.infer<typeof envSchema>;

/** Parses an environment (process.env by default); throws a readable summary on bad values. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty value (`KEY=` in .env) means "not set", as in .env.example.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return result.data;
}

let cached: { key: string; env: Env } | undefined;

/**
 * The validated environment. Hot paths call this per request, so the parse is
 * memoised on the raw values it reads; a change to process.env (tests, the
 * start script) is still seen on the next call.
 */
export function env(): Env {
  const key = envKeys.map((k) => process.env[k] ?? '').join('\u0000');
  if (cached?.key !== key) cached = { key, env: parseEnv(process.env) };
  return cached.env;
}

const envKeys = Object.keys(envSchema.shape);

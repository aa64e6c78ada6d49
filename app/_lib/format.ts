/** Display formatting shared by the pages. Em dash means "not known". */

const dash = '—';

export function formatMs(ms: number | null | undefined): string {
  if (ms == null) return dash;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m ${Math.round((ms % 60_000) / 1000)}s`;
}

export function formatTokens(inputTokens: number | null, outputTokens: number | null): string {
  if (inputTokens == null && outputTokens == null) return dash;
  const n = (v: number | null) => (v == null ? '?' : v.toLocaleString('en-US'));
  return `${n(inputTokens)} / ${n(outputTokens)}`;
}

export function formatCost(usd: number | null): string {
  if (usd == null) return dash;
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export function formatPercent(fraction: number | null | undefined): string {
  if (fraction == null) return dash;
  return `${Math.round(fraction * 100)}%`;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** "3 minutes ago" for the last day, a date after that. */
export function formatWhen(iso: string, now: number = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return dash;
  const seconds = Math.round((then - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  if (Math.abs(seconds) < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  return absolute.format(then);
}

export function formatDateTime(iso: string): string {
  const then = Date.parse(iso);
  return Number.isNaN(then) ? dash : absolute.format(then);
}

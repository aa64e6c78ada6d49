/**
 * Read-through cache of the small configuration tables (experts, provider
 * keys, settings) that every run.create reads before its experts can start.
 * Each read is a Prisma query (about a millisecond of CPU), and they sit on the
 * path to the first token; configuration changes rarely and only through the
 * repositories, which call `invalidateConfig()` on every write.
 *
 * One process owns its cache. Several app servers on one database would need
 * a shared invalidation signal (the same place a Redis event hub would go).
 */
const globalForCache = globalThis as unknown as { circleConfigCache?: Map<string, Promise<unknown>> };
const entries = (globalForCache.circleConfigCache ??= new Map());

export function cachedConfig<T>(key: string, load: () => Promise<T>): Promise<T> {
  let entry = entries.get(key) as Promise<T> | undefined;
  if (!entry) {
    entry = load();
    entries.set(key, entry);
    // A failed read must not be remembered.
    entry.catch(() => entries.delete(key));
  }
  return entry;
}

export function invalidateConfig(): void {
  entries.clear();
}

type Entry<V> = {
  value: Promise<V>;
  expiresAt: number;
  meta: { tag: string | undefined; settled: boolean };
};

/**
 * An in-process cache of promises for a few seconds, per process (another API process keeps its own copy, so an
 * edit shows there within the TTL). Concurrent misses of one key share one load; a failed load is not kept. Entries
 * carry a tag (the status page they came from), learnt when their load settles, so every entry of a page can be
 * dropped at once; dropping a tag also drops loads still in flight, which may have read the old state.
 */
export function createTtlCache<V>({
  ttlMs,
  maxEntries,
  now = Date.now,
}: {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}) {
  const entries = new Map<string, Entry<V>>();

  function makeRoom(): void {
    const at = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
    // Still full (say, a flood of distinct Host headers): drop the oldest, which a Map keeps first.
    for (const key of entries.keys()) {
      if (entries.size < maxEntries) break;
      entries.delete(key);
    }
  }

  return {
    /** The cached value of `key`, else `load()`'s; `load` returns the value and the tag to file it under. */
    get(key: string, load: () => Promise<{ value: V; tag?: string }>): Promise<V> {
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now()) return hit.value;
      if (entries.size >= maxEntries) makeRoom();
      const meta: Entry<V>["meta"] = { tag: undefined, settled: false };
      const value: Promise<V> = load().then(
        (loaded) => {
          meta.tag = loaded.tag;
          meta.settled = true;
          return loaded.value;
        },
        (err: unknown) => {
          if (entries.get(key)?.value === value) entries.delete(key);
          throw err;
        },
      );
      const entry: Entry<V> = { value, expiresAt: now() + ttlMs, meta };
      entries.set(key, entry);
      return entry.value;
    },

    /** Drops the entries filed under `tag`, and every load still in flight. */
    dropTag(tag: string): void {
      for (const [key, entry] of entries)
        if (entry.meta.tag === tag || !entry.meta.settled) entries.delete(key);
    },

    clear: () => entries.clear(),
  };
}

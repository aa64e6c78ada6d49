'use client';

import { useCallback, useEffect, useState } from 'react';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again; the previous data stays visible meanwhile. */
  reload: () => void;
}

/**
 * Runs `load` on mount and whenever `key` changes, ignoring answers that
 * arrive after a newer request started (typing in a search box).
 * Small on purpose: the app has a handful of queries and no cache to share.
 */
export function useQuery<T>(load: () => Promise<T>, key: string): QueryState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure every render; `key` says when its inputs changed.
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}

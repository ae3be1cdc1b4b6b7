import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { ApiProblem } from './api';

export interface QueryState<T> {
  /** The latest answer; kept while a newer request is on its way, so tables do not flash empty. */
  data: T | undefined;
  problem: ApiProblem | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `fetcher` when `deps` change, aborting the request it replaces. A small
 * hook rather than a caching library: each screen asks for what it shows.
 */
export function useQuery<T>(fetcher: (signal: AbortSignal) => Promise<T>, deps: DependencyList): QueryState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to fetch again; `generation` is reload().
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setProblem(undefined);
    fetcherRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setLoading(false);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, { title: String(error) }));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, problem, loading, reload };
}

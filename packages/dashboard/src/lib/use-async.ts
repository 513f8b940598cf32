import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: Error | undefined;
  /** True while a request is in flight (the previous data stays visible meanwhile). */
  loading: boolean;
  reload: () => void;
}

/** Runs `fn` whenever `key` changes; aborts the previous run; keeps the last data while reloading. */
export function useAsync<T>(fn: (signal: AbortSignal) => Promise<T>, key: string): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: Error | undefined; loading: boolean; key: string | null }>({ data: undefined, error: undefined, loading: true, key: null });
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    fnRef.current(ctrl.signal).then(
      (data) => {
        if (!ctrl.signal.aborted) setState({ data, error: undefined, loading: false, key });
      },
      (error: Error) => {
        if (!ctrl.signal.aborted && error.name !== 'AbortError') setState((s) => ({ data: s.key === key ? s.data : undefined, error, loading: false, key }));
      },
    );
    return () => ctrl.abort();
  }, [key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

import { useCallback } from 'react';
import { createSearchParams, type NavigateOptions, type URLSearchParamsInit, useSearchParams } from 'react-router-dom';

type Next = URLSearchParamsInit | ((latest: URLSearchParams) => URLSearchParamsInit);

/**
 * `useSearchParams`, except that an updater function receives the address as it is now.
 * React Router hands the updater the parameters of the last render, so two changes made
 * before the page renders again (clear the filters, then search at once) lose the first.
 * Under `BrowserRouter` a navigation writes the address synchronously, so it is the truth.
 */
export function useAddressParams(): [URLSearchParams, (next: Next, options?: NavigateOptions) => void] {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (next: Next, options?: NavigateOptions) => {
      const value = typeof next === 'function' ? next(new URLSearchParams(window.location.search)) : next;
      setParams(createSearchParams(value), options);
    },
    [setParams],
  );
  return [params, set];
}

import { useCallback, useState } from 'react';

/**
 * Paging by cursor (keyset): the server hands a `nextCursor` with each page,
 * never an offset, so the thousandth page costs what the first does. The
 * cursors of the pages seen are kept to go back; `key` names the list (its
 * filters), and a new key starts at the first page again.
 */
export function useKeysetPages(key: string) {
  const [state, setState] = useState<{ key: string; cursors: (string | undefined)[] }>({ key, cursors: [undefined] });
  const current = state.key === key ? state : { key, cursors: [undefined] };
  if (current !== state) setState(current);

  const index = current.cursors.length - 1;
  const cursor = current.cursors[index];

  const next = useCallback((nextCursor: string) => setState((s) => ({ key: s.key, cursors: [...s.cursors, nextCursor] })), []);
  const previous = useCallback(
    () => setState((s) => ({ key: s.key, cursors: s.cursors.length > 1 ? s.cursors.slice(0, -1) : s.cursors })),
    [],
  );
  const first = useCallback(() => setState((s) => ({ key: s.key, cursors: [undefined] })), []);

  return { cursor, page: index + 1, hasPrevious: index > 0, next, previous, first };
}

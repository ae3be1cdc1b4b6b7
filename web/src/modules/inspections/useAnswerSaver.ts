import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiProblem, isApiProblem } from '../../app/api';

export type SaveState = 'saving' | 'saved' | 'error';

/** How long typing may pause before the answer goes out; taps go at once. */
export const TYPING_DELAY_MS = 600;

/**
 * Saves answers as the inspector goes, so a phone that loses its connection
 * loses at most what is on its way. Changes wait briefly while typing, then
 * go out together in one request, one request at a time, in order; a later
 * change to the same item replaces a waiting one. A failed request keeps its
 * answers for `retry`. `send` is the API call (an inspection's or a
 * questionnaire's), `onSaved` receives its answer.
 */
export function useAnswerSaver<A extends { itemKey: string }, R>(send: (answers: A[]) => Promise<R>, onSaved: (result: R) => void) {
  const [states, setStates] = useState<ReadonlyMap<string, SaveState>>(new Map());
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const waiting = useRef(new Map<string, A>());
  const failed = useRef(new Map<string, A>());
  const busy = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const idle = useRef<(() => void)[]>([]);
  const sendRef = useRef(send);
  const onSavedRef = useRef(onSaved);
  sendRef.current = send;
  onSavedRef.current = onSaved;

  const mark = useCallback((keys: Iterable<string>, state: SaveState) => {
    setStates((previous) => {
      const next = new Map(previous);
      for (const key of keys) next.set(key, state);
      return next;
    });
  }, []);

  const pump = useCallback(async () => {
    if (busy.current) return;
    while (waiting.current.size > 0) {
      busy.current = true;
      const batch = [...waiting.current.values()];
      waiting.current.clear();
      const keys = batch.map((a) => a.itemKey);
      try {
        const result = await sendRef.current(batch);
        // An item changed again while this was on its way stays "saving".
        mark(
          keys.filter((k) => !waiting.current.has(k)),
          'saved',
        );
        for (const k of keys) failed.current.delete(k);
        setProblem(null);
        onSavedRef.current(result);
      } catch (error) {
        for (const answer of batch) if (!waiting.current.has(answer.itemKey)) failed.current.set(answer.itemKey, answer);
        mark(
          keys.filter((k) => !waiting.current.has(k)),
          'error',
        );
        setProblem(isApiProblem(error) ? error : null);
      } finally {
        busy.current = false;
      }
    }
    const resolve = idle.current;
    idle.current = [];
    for (const done of resolve) done();
  }, [mark]);

  const save = useCallback(
    (answer: A, delayMs = 0) => {
      waiting.current.set(answer.itemKey, answer);
      failed.current.delete(answer.itemKey);
      mark([answer.itemKey], 'saving');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        timer.current = null;
        void pump();
      }, delayMs);
    },
    [mark, pump],
  );

  /** Sends what is waiting now and resolves when nothing is on its way (before completing, say). */
  const flush = useCallback((): Promise<void> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    if (!busy.current && waiting.current.size === 0) return Promise.resolve();
    const settled = new Promise<void>((resolve) => idle.current.push(resolve));
    void pump();
    return settled;
  }, [pump]);

  const retry = useCallback(() => {
    for (const [key, answer] of failed.current) waiting.current.set(key, answer);
    mark(failed.current.keys(), 'saving');
    failed.current.clear();
    void pump();
  }, [mark, pump]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const pending = [...states.values()].filter((s) => s !== 'saved');
  return {
    save,
    flush,
    retry,
    states,
    problem,
    /** 'saving' while anything is on its way, 'error' when something failed, else 'saved'. */
    overall: pending.includes('error') ? ('error' as const) : pending.includes('saving') ? ('saving' as const) : ('saved' as const),
  };
}

import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';

export const asApiError = (caught: unknown) =>
  caught instanceof ApiError ? caught : new ApiError({ status: 0, detail: String(caught) });

/** No answer, or the platform failed: the money may have moved all the same. */
const isUnclear = (error: unknown) => !(error instanceof ApiError) || error.status === 0 || error.status >= 500;

/**
 * Runs a sheet's one action at a time, keeping the platform's refusal on show until the person
 * tries again or closes the sheet. `busy` is for the sheet too: while money may be moving, it
 * cannot be closed (see Sheet), so "cancelled" never hides a movement. `unclear` stays true once
 * an action that moves money got no clear answer: closing the sheet then must not say "cancelled".
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const unclear = useRef(false);
  const run = async <T>(work: () => Promise<T>, { movesMoney = false } = {}): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (caught) {
      if (movesMoney) unclear.current ||= isUnclear(caught);
      setError(asApiError(caught));
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, unclear };
}

import { useState } from 'preact/hooks';
import { ApiError } from '../api';

export const asApiError = (caught: unknown) =>
  caught instanceof ApiError ? caught : new ApiError({ status: 0, detail: String(caught) });

/**
 * Runs a sheet's one action at a time, keeping the platform's refusal on show until the person
 * tries again or closes the sheet. `busy` is for the sheet too: while money may be moving, it
 * cannot be closed (see Sheet), so "cancelled" never hides a movement.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async <T>(work: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (caught) {
      setError(asApiError(caught));
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

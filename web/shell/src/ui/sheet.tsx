import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useLayoutEffect, useRef } from 'preact/hooks';

/** Told when a sheet starts (true) and stops (false) waiting on money, so that the page keeps it until then. */
export const SheetBusy = createContext<(busy: boolean) => void>(() => undefined);

/**
 * A modal sheet the shell draws above the mini-app: a native <dialog> (focus moves into it, Escape
 * closes it, the page behind is inert), which no frame can draw over or click through. While
 * `busy` (money on its way), Escape does nothing: the sheet's buttons say the same by being disabled.
 */
export function Sheet({
  title,
  children,
  onClose,
  busy = false,
}: {
  title: string;
  children: ComponentChildren;
  onClose: () => void;
  busy?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const report = useContext(SheetBusy);
  // A layout effect, run as `busy` is drawn: no event of the page (the frame's load) comes in between.
  useLayoutEffect(() => {
    if (!busy) return;
    report(true);
    return () => report(false);
  }, [busy]);
  useEffect(() => {
    const element = dialog.current!;
    if (!element.open) element.showModal();
    return () => element.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="sheet"
      aria-labelledby="sheet-title"
      aria-busy={busy}
      onCancel={(e) => (e.preventDefault(), !busy && onClose())}
    >
      <h2 id="sheet-title">{title}</h2>
      {children}
    </dialog>
  );
}

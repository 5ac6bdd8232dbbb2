import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * A modal sheet the shell draws above the mini-app: a native <dialog> (focus moves into it, Escape
 * closes it, the page behind is inert), which no frame can draw over or click through.
 */
export function Sheet({
  title,
  children,
  onClose,
}: {
  title: string;
  children: ComponentChildren;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current!;
    if (!element.open) element.showModal();
    return () => element.close();
  }, []);
  return (
    <dialog ref={dialog} class="sheet" aria-labelledby="sheet-title" onCancel={(e) => (e.preventDefault(), onClose())}>
      <h2 id="sheet-title">{title}</h2>
      {children}
    </dialog>
  );
}

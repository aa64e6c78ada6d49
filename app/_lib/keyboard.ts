'use client';

import { useEffect, useRef } from 'react';

/** Input types that take typed text, where "?" is a character and Esc may clear or close something. */
const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'range', 'reset', 'submit', 'color', 'file', 'image']);

/** True when a key pressed here belongs to the field (typing, the field's own Esc), not to the page's shortcuts. */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.has(target.type);
}

/** A native <dialog> shown with showModal (app/_components/modal.tsx): Esc is the dialog's, and the page is inert. */
export const modalOpen = () => document.querySelector('dialog[open]') !== null;

/**
 * Calls `onKey` for a page-wide shortcut: not while typing in a field, not while a
 * modal is open, not with Ctrl/Cmd/Alt held (those are the browser's), and not for a
 * key something else already handled.
 */
export function usePageShortcut(key: string, onKey: () => void, enabled = true): void {
  // The latest callback, so the listener is added once rather than on every render.
  const latest = useRef(onKey);
  useEffect(() => {
    latest.current = onKey;
  });
  useEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => {
      if (event.key !== key || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isTextField(event.target) || modalOpen()) return;
      event.preventDefault();
      latest.current();
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [key, enabled]);
}

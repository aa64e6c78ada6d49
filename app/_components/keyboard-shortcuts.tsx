'use client';

import { useState } from 'react';
import { usePageShortcut } from '../_lib/keyboard';
import { Modal } from './modal';
import { Button } from './ui';

/** Every shortcut the app has, in one place, so the list cannot drift from a second copy elsewhere. */
const SHORTCUTS: { keys: string[]; action: string }[] = [
  { keys: ['Ctrl', 'Enter'], action: 'Ask the circle, from the question box (⌘ Enter on a Mac)' },
  { keys: ['Esc'], action: 'Cancel the run, on the page of a run that is still running' },
  { keys: ['?'], action: 'Show this list' },
  { keys: ['Esc'], action: 'Close this list' },
];

const kbd = 'rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-[11.5px] dark:border-zinc-700 dark:bg-zinc-800';

/** The header's "Keyboard shortcuts" button and its list; "?" opens it too (not while typing). */
export function KeyboardShortcuts() {
  const [open, setOpen] = useState(false);
  usePageShortcut('?', () => setOpen(true));
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)} aria-keyshortcuts="?" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" className="px-2 max-sm:hidden">
        <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round">
          <rect x="2.5" y="5" width="15" height="10" rx="1.5" />
          <path d="M5.5 8h1M9.5 8h1M13.5 8h1M7 12h6" strokeLinecap="round" />
        </svg>
      </Button>
      <Modal title="Keyboard shortcuts" open={open} onClose={() => setOpen(false)}>
        <dl className="space-y-2 text-[13px]">
          {SHORTCUTS.map((s) => (
            <div key={s.action} className="flex items-baseline gap-3">
              <dt className="w-28 shrink-0">
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 ? ' + ' : null}
                    <kbd className={kbd}>{k}</kbd>
                  </span>
                ))}
              </dt>
              <dd className="text-zinc-700 dark:text-zinc-300">{s.action}</dd>
            </div>
          ))}
        </dl>
        <div className="mt-4 flex justify-end">
          <Button onClick={() => setOpen(false)}>Close</Button>
        </div>
      </Modal>
    </>
  );
}

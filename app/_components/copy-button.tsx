'use client';

import { useEffect, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'refused';

const message: Record<CopyState, string> = {
  idle: '',
  copied: 'Copied',
  refused: 'The browser refused access to the clipboard. Select the text and copy it by hand.',
};

/**
 * Copies `text` (the Markdown source, not what the page rendered from it). The
 * button's name never changes, so it can be found again; the outcome goes to a
 * polite status region, which screen readers announce without moving focus.
 */
export function CopyButton({ text, label, className = '', statusClassName = '' }: { text: string; label: string; className?: string; statusClassName?: string }) {
  const [state, setState] = useState<CopyState>('idle');

  // "Copied" fades after a moment; a refusal stays until the next try, it needs reading.
  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      // Missing outside secure contexts and in some embedded browsers: the same as a refusal to the person.
      if (!navigator.clipboard?.writeText) throw new Error('No clipboard');
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('refused');
    }
  };

  return (
    <>
      <button
        type="button"
        onClick={copy}
        className={`rounded px-1.5 py-0.5 text-[11.5px] font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 print:hidden ${className}`}
      >
        {label}
      </button>
      <span role="status" className={`text-[11.5px] ${state === 'refused' ? 'text-rose-600 dark:text-rose-400' : 'text-emerald-700 dark:text-emerald-400'} print:hidden ${statusClassName}`}>
        {message[state]}
      </span>
    </>
  );
}

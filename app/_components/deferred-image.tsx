'use client';

/** The host as written in the URL; a relative URL points at this site. */
function hostOf(src: string): string {
  try {
    return new URL(src).host || 'this site';
  } catch {
    return 'this site';
  }
}

/**
 * An image from model output, never loaded with the page: an answer could
 * embed a tracking pixel or smuggle data out in its URL, so a click is
 * consent. The page's Content-Security-Policy only allows images from this
 * origin, so the click opens the image in a new tab, without opener or referrer.
 */
export function DeferredImage({ src, alt }: { src: string; alt: string }) {
  return (
    <button
      type="button"
      onClick={() => window.open(src, '_blank', 'noopener,noreferrer')}
      title={src}
      className="my-1 inline-flex max-w-full items-center gap-2 rounded-md border border-dashed border-zinc-300 px-2.5 py-1.5 text-left text-[12px] text-zinc-600 hover:border-zinc-400 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-400 dark:hover:bg-zinc-800"
    >
      <svg aria-hidden viewBox="0 0 16 16" className="size-3.5 shrink-0 fill-current">
        <path d="M2 3h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1Zm0 1v6.3l3.2-3.2 3 3 2-2L14 11.9V4H2Zm9 2.5a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0Z" />
      </svg>
      <span className="truncate">
        Load image from {hostOf(src)}
        {alt ? <span className="text-zinc-400"> · {alt}</span> : null}
      </span>
    </button>
  );
}

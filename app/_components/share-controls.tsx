'use client';

import { useState } from 'react';
import { errorMessage } from '../_lib/errors';
import { trpc } from '../_lib/trpc';
import { useQuery } from '../_lib/use-query';
import { Button } from './ui';

/** Starts a file download through a temporary link: the server's Content-Disposition names the file. */
function download(runId: string, format: 'markdown' | 'json') {
  const link = document.createElement('a');
  link.href = `/api/runs/${runId}/report?format=${format}`;
  link.download = '';
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * Share a read-only report link, revoke it, or download the report. The
 * token is shown once, right after sharing: the server keeps only its hash.
 */
export function ShareControls({ runId }: { runId: string }) {
  const status = useQuery(() => trpc.report.status.query({ runId }), `share:${runId}`);
  const [link, setLink] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [copied, setCopied] = useState(false);
  const active = link !== null || status.data?.active === true;

  const act = async (work: () => Promise<void>) => {
    setPending(true);
    setError(null);
    try {
      await work();
      status.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  const share = () =>
    act(async () => {
      const { path } = await trpc.report.share.mutate({ runId });
      setLink(new URL(path, window.location.origin).toString());
      setCopied(false);
    });
  const revoke = () =>
    act(async () => {
      await trpc.report.revoke.mutate({ runId });
      setLink(null);
    });
  const copy = async () => {
    if (!link) return;
    await navigator.clipboard.writeText(link);
    setCopied(true);
  };

  return (
    // `contents`: the buttons join the page's action row; the notes take a full line below it.
    <div className="contents">
      <div className="contents">
        <Button onClick={share} disabled={pending}>
          Share
        </Button>
        {active ? (
          <Button variant="danger" onClick={revoke} disabled={pending}>
            Revoke link
          </Button>
        ) : null}
        <Button onClick={() => download(runId, 'markdown')}>Download Markdown</Button>
        <Button onClick={() => download(runId, 'json')}>Download JSON</Button>
      </div>
      {link ? (
        <p className="order-last flex max-w-full basis-full items-center gap-2 rounded-md border sm:basis-auto border-zinc-200 bg-zinc-50 px-2 py-1 text-[12px] dark:border-zinc-800 dark:bg-zinc-900">
          <a href={link} target="_blank" rel="noopener noreferrer" className="truncate font-mono text-indigo-600 hover:underline dark:text-indigo-400">
            {link}
          </a>
          <button type="button" onClick={copy} className="shrink-0 text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100">
            {copied ? 'Copied' : 'Copy'}
          </button>
        </p>
      ) : active ? (
        <p className="order-last basis-full text-[11.5px] text-zinc-500 sm:text-right">A share link is active. Its address was shown when it was made; share again for a new one.</p>
      ) : null}
      {error ? <p className="order-last basis-full text-[12px] text-rose-600 sm:text-right dark:text-rose-400">{errorMessage(error)}</p> : null}
    </div>
  );
}

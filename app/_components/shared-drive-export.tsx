'use client';

import { useState } from 'react';
import { errorMessage } from '../_lib/errors';
import { formatWhen } from '../_lib/format';
import { trpc } from '../_lib/trpc';
import { Button } from './ui';

/**
 * "Export to Google Drive" on a shared report: exports with the owner's
 * connection, by the report's token. It never sends the visitor to Google's
 * consent page (that would connect their account to this app).
 */
export function SharedDriveExport({ token }: { token: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ webViewLink: string; exportedAt: string } | null>(null);

  const exportNow = async () => {
    setPending(true);
    setError(null);
    try {
      setDone(await trpc.drive.exportShared.mutate({ token }));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="contents">
      <Button onClick={() => void exportNow()} disabled={pending}>
        {pending ? 'Exporting…' : 'Export to Google Drive'}
      </Button>
      {done ? (
        <p className="order-last basis-full text-[11.5px] text-zinc-500 sm:text-right">
          <a href={done.webViewLink} target="_blank" rel="noopener noreferrer" className="text-indigo-600 hover:underline dark:text-indigo-400">
            Open the Google Doc
          </a>{' '}
          · exported {formatWhen(done.exportedAt)}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="order-last basis-full text-[12px] text-rose-600 sm:text-right dark:text-rose-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

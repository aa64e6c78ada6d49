'use client';

import { useState } from 'react';
import { errorMessage } from '../../_lib/errors';
import { trpc } from '../../_lib/trpc';
import { useQuery } from '../../_lib/use-query';
import { connectUrl, describeConnectFailure, DriveNotConfigured, useDriveReturn } from '../drive-export';
import { Button, buttonClass, ErrorNote, Panel, Spinner } from '../ui';

/** The Google account runs are exported to: connect, see which one, disconnect (revoking the grant). */
export function DriveSection() {
  const status = useQuery(() => trpc.drive.status.query(), 'settings.drive');
  const back = useDriveReturn();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const disconnect = async () => {
    setPending(true);
    setError(null);
    try {
      const { revokedAtGoogle } = await trpc.drive.disconnect.mutate();
      setNotice(
        revokedAtGoogle
          ? 'Disconnected: the app no longer has access to your Google Drive.'
          : 'Disconnected here, but Google could not be told. Remove the app under your Google account’s third-party access.',
      );
      status.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  const data = status.data;
  return (
    <section aria-labelledby="drive-title" className="space-y-2">
      <div>
        <h2 id="drive-title" className="text-[14px] font-semibold">
          Google Drive
        </h2>
        <p className="text-[12px] text-zinc-500">Runs exported as Google Docs go to a “Circle of Experts” folder. The app can only see files it created.</p>
      </div>
      <Panel className="space-y-2 px-4 py-3 text-[13px]">
        {!data ? (
          status.error ? <ErrorNote>{errorMessage(status.error)}</ErrorNote> : <Spinner label="Loading…" />
        ) : !data.configured ? (
          <DriveNotConfigured missing={data.missing} className="text-[13px] text-zinc-600 dark:text-zinc-400" />
        ) : data.connected ? (
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p>
              Connected as <span className="font-medium">{data.email ?? 'an unknown account'}</span>
            </p>
            <Button variant="danger" onClick={disconnect} disabled={pending}>
              {pending ? 'Disconnecting…' : 'Disconnect Google Drive'}
            </Button>
          </div>
        ) : (
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-zinc-600 dark:text-zinc-400">Not connected.</p>
            <a href={connectUrl('/settings')} className={buttonClass('secondary')}>
              Connect Google Drive
            </a>
          </div>
        )}
        {back.outcome === 'connected' && data?.connected ? <p className="text-emerald-700 dark:text-emerald-400">Google Drive is connected.</p> : null}
        {back.outcome === 'error' ? <ErrorNote>{describeConnectFailure(back.reason)}</ErrorNote> : null}
        {notice ? <p className="text-zinc-600 dark:text-zinc-400">{notice}</p> : null}
        {error ? <ErrorNote>{errorMessage(error)}</ErrorNote> : null}
      </Panel>
    </section>
  );
}

'use client';

import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../_lib/errors';
import { formatWhen } from '../_lib/format';
import { trpc } from '../_lib/trpc';
import { useQuery } from '../_lib/use-query';
import { Button } from './ui';

/**
 * Remembers, across the trip to Google's consent page, that the person asked
 * to export this run, so coming back connected finishes what they started.
 */
const PENDING_KEY = 'circle.drive.pendingExport';

/** Why the consent round trip failed, as GET /api/google/callback reports it in `reason`. */
const connectFailure: Record<string, string> = {
  consent_refused: 'Access to Google Drive was not granted.',
  state_mismatch: 'The Google sign-in could not be verified (it may have expired or come from another tab).',
  exchange_failed: 'Google did not complete the sign-in.',
  scope_missing: 'Google Drive access was unticked on the consent page.',
  no_refresh_token: 'Google did not grant lasting access.',
  not_configured: 'Google Drive export is not configured on this server.',
  google_error: 'Google reported an error during sign-in.',
  missing_code: 'Google did not complete the sign-in.',
};

export function connectUrl(returnTo: string): string {
  return `/api/google/connect?returnTo=${encodeURIComponent(returnTo)}`;
}

/** The `drive` and `reason` query parameters the OAuth callback adds on its way back. */
export function useDriveReturn(): { outcome: 'connected' | 'error' | null; reason: string | null } {
  const [state, setState] = useState<{ outcome: 'connected' | 'error' | null; reason: string | null }>({ outcome: null, reason: null });
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const drive = params.get('drive');
    setState({ outcome: drive === 'connected' || drive === 'error' ? drive : null, reason: params.get('reason') });
  }, []);
  return state;
}

export function describeConnectFailure(reason: string | null): string {
  return (reason && connectFailure[reason]) ?? 'Connecting Google Drive failed.';
}

/** Takes `drive`/`reason` out of the address once handled, so a reload does not repeat the notice. */
function forgetDriveReturn() {
  const url = new URL(window.location.href);
  url.searchParams.delete('drive');
  url.searchParams.delete('reason');
  window.history.replaceState(window.history.state, '', url);
}

/**
 * In place of the export button on a server without a Google OAuth client: no one but the
 * administrator can change that, so it says what they must set rather than offering a button
 * that can only fail.
 */
export function DriveNotConfigured({ missing, className = 'text-[11.5px] text-zinc-500' }: { missing: string[]; className?: string }) {
  return (
    <p className={className}>
      Export to Google Drive is not set up on this server: the administrator has to set{' '}
      {missing.map((name, i) => (
        <span key={name}>
          {i > 0 ? ' and ' : null}
          <code className="font-mono text-[11px]">{name}</code>
        </span>
      ))}{' '}
      (the README’s “Google Drive” section explains how).
    </p>
  );
}

/** "Export to Google Drive": connects first when needed, then uploads and links the document. */
export function DriveExport({ runId }: { runId: string }) {
  const status = useQuery(() => trpc.drive.status.query(), 'drive.status');
  const last = useQuery(() => trpc.drive.exportStatus.query({ runId }), `drive.export:${runId}`);
  const back = useDriveReturn();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [needsConnect, setNeedsConnect] = useState(false);
  const resumed = useRef(false);
  const returnTo = `/runs/${runId}`;

  const connect = () => {
    sessionStorage.setItem(PENDING_KEY, runId);
    window.location.assign(connectUrl(returnTo));
  };

  const exportNow = async () => {
    setPending(true);
    setError(null);
    setNeedsConnect(false);
    try {
      await trpc.drive.exportRun.mutate({ runId });
      last.reload();
    } catch (failure) {
      const code = (failure as { data?: { code?: string } }).data?.code;
      // The server's message ends with the connect address; the button below is the way there.
      setError(errorMessage(failure).replace(/:\s*\/api\/google\/connect\S*$/, '.'));
      setNeedsConnect(code === 'UNAUTHORIZED');
    } finally {
      setPending(false);
    }
  };

  const onClick = () => {
    if (!status.data?.configured) return;
    if (!status.data.connected) connect();
    else void exportNow();
  };

  // Back from the consent page: finish the export this run asked for, or say what went wrong.
  useEffect(() => {
    if (resumed.current || !back.outcome) return;
    resumed.current = true;
    const wanted = sessionStorage.getItem(PENDING_KEY) === runId;
    sessionStorage.removeItem(PENDING_KEY);
    if (back.outcome === 'error') {
      setError(describeConnectFailure(back.reason));
      setNeedsConnect(back.reason !== 'not_configured');
      forgetDriveReturn();
    } else if (wanted) {
      status.reload();
      void exportNow().finally(forgetDriveReturn);
    } else {
      forgetDriveReturn();
    }
    // Runs once, when the return parameters have been read.
  }, [back.outcome]);

  if (status.data && !status.data.configured) {
    return (
      <div className="contents">
        <DriveNotConfigured missing={status.data.missing} className="order-last basis-full text-[11.5px] text-zinc-500 sm:text-right" />
      </div>
    );
  }

  return (
    // `contents`: the button joins the page's action row; the notes take a full line below it.
    <div className="contents">
      <Button onClick={onClick} disabled={pending || !status.data}>
        {pending ? 'Exporting…' : 'Export to Google Drive'}
      </Button>
      {last.data ? (
        <p className="order-last basis-full text-[11.5px] text-zinc-500 sm:text-right">
          <a href={last.data.webViewLink} target="_blank" rel="noopener noreferrer" className="text-indigo-600 hover:underline dark:text-indigo-400">
            Open the Google Doc
          </a>{' '}
          · last exported {formatWhen(last.data.exportedAt)}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="order-last basis-full text-[12px] text-rose-600 sm:text-right dark:text-rose-400">
          {error}{' '}
          {needsConnect ? (
            <button type="button" onClick={connect} className="font-medium underline">
              Connect Google Drive
            </button>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

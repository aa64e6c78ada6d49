'use client';

import { useState } from 'react';
import { authClient } from '../_lib/auth-client';
import { trpc } from '../_lib/trpc';
import { useQuery } from '../_lib/use-query';
import { Button } from './ui';

/** Who is signed in, and the way out. Nothing shows until the server has said who it is. */
export function AccountMenu() {
  const { data } = useQuery(() => trpc.account.me.query(), 'account.me');
  const [pending, setPending] = useState(false);

  const signOut = async () => {
    setPending(true);
    // Leave even if the call failed: the sign-in page is where a stale session gets sorted out.
    await authClient.signOut().catch(() => undefined);
    window.location.assign('/sign-in');
  };

  if (!data) return null;
  const who = data.name || data.email;
  return (
    <div className="flex items-center gap-2 text-[13px]">
      <span className="hidden max-w-[14rem] truncate text-zinc-600 sm:inline dark:text-zinc-400" title={data.email}>
        {who}
        {data.role === 'admin' ? <span className="ml-1.5 text-[11px] text-zinc-500">(admin)</span> : null}
      </span>
      {/* On a phone the header has no room for the words: an icon, with the same accessible name. */}
      <Button variant="ghost" onClick={signOut} disabled={pending} aria-label="Sign out" title="Sign out" className="px-2 sm:px-3">
        <svg aria-hidden viewBox="0 0 20 20" className="size-4 sm:hidden" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
          <path d="M8 4H5a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h3M12 14l4-4-4-4M16 10H8" />
        </svg>
        <span className="hidden sm:inline">{pending ? 'Signing out…' : 'Sign out'}</span>
      </Button>
    </div>
  );
}

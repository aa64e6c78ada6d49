'use client';

import { trpc } from '../../_lib/trpc';
import { useQuery } from '../../_lib/use-query';
import { Panel } from '../ui';
import { CredentialsSection } from './credentials-section';
import { DriveSection } from './drive-section';
import { ExpertsSection } from './experts-section';
import { SynthesisSection } from './synthesis-section';
import { UsageSection } from './usage-section';
import { UsersSection } from './users-section';

/**
 * Everyone sees their usage and their Drive; the panel, its keys and endpoints and the accounts
 * are the administrator's (the server refuses those calls to anyone else), so they show only
 * once account.me says the person is one.
 */
export function SettingsScreen() {
  const info = useQuery(() => trpc.system.info.query(), 'system.info');
  const me = useQuery(() => trpc.account.me.query(), 'account.me');
  const role = me.data?.role;
  return (
    <div className="space-y-8">
      <UsageSection quota={me.data?.quota} error={me.error} />
      {me.data && role === 'admin' ? (
        <>
          <UsersSection currentUserId={me.data.id} />
          <ExpertsSection simulatorMode={info.data?.simulatorMode ?? false} />
          <SynthesisSection />
          <CredentialsSection />
        </>
      ) : role === 'user' ? (
        <Panel className="px-4 py-3 text-[13px] text-zinc-600 dark:text-zinc-400">
          <p>Experts, keys and endpoints are managed by the administrator.</p>
        </Panel>
      ) : null}
      <DriveSection />
      {info.data ? (
        <p className="text-[11.5px] text-zinc-500">
          Consensus core: {info.data.core.backend === 'native' ? 'native (Rust)' : 'TypeScript fallback'} {info.data.core.version}
          {info.data.core.reason ? ` · ${info.data.core.reason}` : ''}
        </p>
      ) : null}
    </div>
  );
}

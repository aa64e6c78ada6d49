'use client';

import { trpc } from '../../_lib/trpc';
import { useQuery } from '../../_lib/use-query';
import { CredentialsSection } from './credentials-section';
import { DriveSection } from './drive-section';
import { ExpertsSection } from './experts-section';
import { SynthesisSection } from './synthesis-section';

export function SettingsScreen() {
  const info = useQuery(() => trpc.system.info.query(), 'system.info');
  return (
    <div className="space-y-8">
      <ExpertsSection simulatorMode={info.data?.simulatorMode ?? false} />
      <SynthesisSection />
      <CredentialsSection />
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

import type { Metadata } from 'next';
import { SettingsScreen } from '@/app/_components/settings/settings-screen';
import { PageTitle } from '@/app/_components/ui';

export const metadata: Metadata = { title: 'Settings' };

export default function SettingsPage() {
  return (
    <>
      <PageTitle title="Settings" description="The panel, its parameters and the provider keys." />
      <SettingsScreen />
    </>
  );
}

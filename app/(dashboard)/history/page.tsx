import type { Metadata } from 'next';
import { HistoryScreen } from '@/app/_components/history-screen';
import { PageTitle } from '@/app/_components/ui';

export const metadata: Metadata = { title: 'History' };

export default function HistoryPage() {
  return (
    <>
      <PageTitle title="History" description="Every run, newest first." />
      <HistoryScreen />
    </>
  );
}

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ReportView } from '@/app/_components/report-view';
import { readDriveSetup } from '@/server/drive/config';
import { loadSharedReport } from '@/server/reports/shared';

// Every request checks the token: a revoked link must answer 404 at once.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Shared report',
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

export default async function SharedReportPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // The page's HTML carries aliases, never the run's or answers' ids (server/reports/shared.ts).
  const shared = await loadSharedReport(token);
  if (!shared) notFound();
  // A visitor cannot set Drive up: on a server without it the export is simply not offered.
  return <ReportView run={shared.run} weightHistory={shared.weightHistory} token={token} driveConfigured={readDriveSetup().configured} />;
}

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ReportView } from '@/app/_components/report-view';
import { runIdForToken } from '@/server/reports/shares';
import { createCaller } from '@/server/routers/_app';

// Every request checks the token: a revoked link must answer 404 at once.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Shared report',
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

export default async function SharedReportPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const runId = await runIdForToken(token);
  if (!runId) notFound();

  const caller = createCaller({});
  const run = await caller.run.get({ id: runId });
  const expertIds = [...new Set(run.answers.flatMap((a) => (a.role === 'panel' && a.expertId ? [a.expertId] : [])))];
  const weightHistory = expertIds.length ? await caller.settings.weightHistory({ expertIds }) : [];
  return <ReportView run={run} weightHistory={weightHistory} token={token} />;
}

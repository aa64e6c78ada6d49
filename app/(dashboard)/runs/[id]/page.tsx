import type { Metadata } from 'next';
import { RunScreen } from '@/app/_components/run-screen';

export const metadata: Metadata = { title: 'Run' };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Keyed by id: moving between runs starts a fresh stream and fresh state.
  return <RunScreen key={id} runId={id} />;
}

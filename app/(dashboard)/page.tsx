import { AskForm } from '@/app/_components/ask-form';
import { LatestRuns } from '@/app/_components/latest-runs';
import { Panel } from '@/app/_components/ui';

export default function AskPage() {
  return (
    // grid-cols-1 (minmax(0, 1fr)), not the implicit auto column: a long unbroken question in
    // the latest runs would otherwise widen the page past a phone's screen.
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <section aria-labelledby="ask-title">
        <h1 id="ask-title" className="text-lg font-semibold tracking-tight">
          New question
        </h1>
        <p className="mt-0.5 mb-4 text-[13px] text-zinc-500">One question, every expert at once. Answers stream in side by side.</p>
        <Panel className="p-4">
          <AskForm />
        </Panel>
      </section>
      <LatestRuns />
    </div>
  );
}

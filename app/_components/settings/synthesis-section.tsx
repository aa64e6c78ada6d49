'use client';

import { useState } from 'react';
import { errorMessage } from '../../_lib/errors';
import { trpc } from '../../_lib/trpc';
import { useQuery } from '../../_lib/use-query';
import { ErrorNote, inputClass, labelClass, Panel, Spinner } from '../ui';

/** One option per expert, for the chair and analyst pickers. */
function ExpertOptions({ experts }: { experts: { id: string; name: string; model: string }[] | undefined }) {
  return (experts ?? []).map((expert) => (
    <option key={expert.id} value={`expert:${expert.id}`}>
      {expert.name} ({expert.model})
    </option>
  ));
}

/** Who writes the synthesis, and whether agreement with the consensus nudges weights. */
export function SynthesisSection() {
  const settings = useQuery(() => trpc.settings.get.query(), 'settings.get');
  const experts = useQuery(() => trpc.expert.list.query(), 'settings.chair-experts');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const act = async (work: () => Promise<unknown>) => {
    setPending(true);
    setError(null);
    try {
      await work();
      settings.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  const chair = settings.data?.chair;
  const chairValue = !chair ? 'auto' : chair.mode === 'expert' ? `expert:${chair.expertId}` : chair.mode;
  const setChair = (value: string) =>
    act(() =>
      value.startsWith('expert:')
        ? trpc.settings.setChair.mutate({ mode: 'expert', expertId: value.slice('expert:'.length) })
        : trpc.settings.setChair.mutate({ mode: value === 'off' ? 'off' : 'auto' }),
    );

  const analyst = settings.data?.analyst;
  const analystValue = !analyst ? 'auto' : analyst.mode === 'expert' ? `expert:${analyst.expertId}` : analyst.mode;
  const deadlineMs = analyst?.deadlineMs ?? 90_000;
  const setAnalyst = (value: string, deadline = deadlineMs) =>
    act(() =>
      value.startsWith('expert:')
        ? trpc.settings.setAnalyst.mutate({ mode: 'expert', expertId: value.slice('expert:'.length), deadlineMs: deadline })
        : trpc.settings.setAnalyst.mutate({ mode: value === 'off' ? 'off' : 'auto', deadlineMs: deadline }),
    );

  return (
    <section aria-labelledby="synthesis-title" className="space-y-2">
      <div>
        <h2 id="synthesis-title" className="text-[14px] font-semibold">
          Synthesis and learning
        </h2>
        <p className="text-[12px] text-zinc-500">
          An analyst maps the panel&apos;s claims (every quote checked against the answers); a chair writes the final answer from them; ratings teach the panel&apos;s weights.
        </p>
      </div>
      <Panel className="space-y-4 px-4 py-3">
        {!settings.data ? (
          settings.error ? <ErrorNote>{errorMessage(settings.error)}</ErrorNote> : <Spinner label="Loading settings…" />
        ) : (
          <>
            <div className="max-w-sm space-y-1">
              <label htmlFor="chair" className={labelClass}>
                Chair (writes the synthesis)
              </label>
              <select id="chair" value={chairValue} disabled={pending} onChange={(e) => setChair(e.target.value)} className={inputClass}>
                <option value="off">Off: no synthesis</option>
                <option value="auto">Automatic: the simulator&apos;s chair in simulator mode</option>
                <ExpertOptions experts={experts.data} />
              </select>
            </div>
            <div className="flex max-w-xl flex-wrap items-end gap-3">
              <div className="min-w-0 flex-1 basis-64 space-y-1">
                <label htmlFor="analyst" className={labelClass}>
                  Analyst (maps claims, quotes checked by the core)
                </label>
                <select id="analyst" value={analystValue} disabled={pending} onChange={(e) => setAnalyst(e.target.value)} className={inputClass}>
                  <option value="off">Off: estimate without an analyst</option>
                  <option value="auto">Automatic: the simulator&apos;s analyst, or the chair&apos;s model</option>
                  <ExpertOptions experts={experts.data} />
                </select>
              </div>
              <div className="w-36 space-y-1">
                <label htmlFor="analyst-deadline" className={labelClass}>
                  Analyst deadline (s)
                </label>
                <input
                  id="analyst-deadline"
                  type="number"
                  min={5}
                  max={600}
                  defaultValue={Math.round(deadlineMs / 1000)}
                  key={deadlineMs}
                  disabled={pending}
                  onBlur={(e) => {
                    const seconds = Number(e.target.value);
                    if (Number.isFinite(seconds) && Math.round(seconds * 1000) !== deadlineMs) void setAnalyst(analystValue, Math.round(seconds * 1000));
                  }}
                  className={inputClass}
                />
              </div>
              <p className="basis-full text-[12px] text-zinc-500">
                Bias controls, always on: answers shuffled and labelled with letters only (no names, providers or models), the analyst&apos;s own vendor treated like any other, length recorded beside support.
              </p>
            </div>
            <label className="flex items-start gap-2 text-[13px]">
              <input
                type="checkbox"
                role="switch"
                checked={settings.data.agreementNudge}
                disabled={pending}
                onChange={(e) => act(() => trpc.settings.setAgreementNudge.mutate({ on: e.target.checked }))}
                className="mt-0.5 size-3.5 accent-zinc-900 dark:accent-zinc-100"
              />
              <span>
                Nudge weights by agreement with the final consensus
                <span className="block text-[12px] text-zinc-500">
                  Off by default. When on, each finished run counts as weak evidence: experts in the majority gain a little weight, dissenters lose a little. Ratings count far more.
                </span>
              </span>
            </label>
            {settings.data.agreementNudge ? (
              <p className="rounded-md bg-amber-50 px-2.5 py-1.5 text-[12px] text-amber-800 dark:bg-amber-950/50 dark:text-amber-300">
                Agreement nudging is on: weights change after every run, not only when you rate.
              </p>
            ) : null}
          </>
        )}
        {error ? <ErrorNote>{errorMessage(error)}</ErrorNote> : null}
      </Panel>
    </section>
  );
}

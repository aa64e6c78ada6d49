'use client';

import { useState } from 'react';
import type { ExpertView } from '@/server/experts/types';
import { errorMessage } from '../../_lib/errors';
import { trpc } from '../../_lib/trpc';
import { useQuery } from '../../_lib/use-query';
import { Modal } from '../modal';
import { Button, ErrorNote, Panel, Spinner } from '../ui';
import { ExpertForm } from './expert-form';
import { providerName } from './providers';

type Editing = { expert: ExpertView | null } | null;

function DeleteButton({ expert, onDeleted, onError }: { expert: ExpertView; onDeleted: () => void; onError: (e: unknown) => void }) {
  // Two steps instead of a browser confirm(): the second click lands on the same spot.
  const [armed, setArmed] = useState(false);
  const [pending, setPending] = useState(false);
  const remove = async () => {
    if (!armed) {
      setArmed(true);
      return;
    }
    setPending(true);
    try {
      await trpc.expert.remove.mutate({ id: expert.id });
      onDeleted();
    } catch (failure) {
      onError(failure);
      setPending(false);
      setArmed(false);
    }
  };
  return (
    <Button variant={armed ? 'danger' : 'ghost'} onClick={remove} onBlur={() => setArmed(false)} disabled={pending} aria-label={armed ? `Confirm delete ${expert.name}` : `Delete ${expert.name}`}>
      {armed ? 'Confirm' : 'Delete'}
    </Button>
  );
}

function WeightCell({ expert, onReset, onError }: { expert: ExpertView; onReset: () => void; onError: (e: unknown) => void }) {
  const [pending, setPending] = useState(false);
  const { mean, uncertainty, ratingCount } = expert.weight;
  const reset = async () => {
    setPending(true);
    try {
      await trpc.settings.resetWeight.mutate({ expertId: expert.id });
      onReset();
    } catch (failure) {
      onError(failure);
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="flex items-center gap-2">
      <span className="tabular-nums" title={`Beta(${expert.weight.alpha.toFixed(2)}, ${expert.weight.beta.toFixed(2)})`}>
        {mean.toFixed(2)}
        <span className="text-zinc-500"> ± {uncertainty.toFixed(2)}</span>
      </span>
      <span className="text-[11.5px] text-zinc-500">
        {ratingCount} rating{ratingCount === 1 ? '' : 's'}
      </span>
      {ratingCount > 0 || Math.abs(mean - 0.5) > 1e-9 ? (
        <Button variant="ghost" className="h-6 px-1.5 text-[12px]" onClick={reset} disabled={pending} aria-label={`Reset weight of ${expert.name}`}>
          Reset
        </Button>
      ) : null}
    </div>
  );
}

function EnabledToggle({ expert, onChanged, onError }: { expert: ExpertView; onChanged: () => void; onError: (e: unknown) => void }) {
  const [pending, setPending] = useState(false);
  const toggle = async (enabled: boolean) => {
    setPending(true);
    try {
      await trpc.expert.update.mutate({ id: expert.id, enabled });
      onChanged();
    } catch (failure) {
      onError(failure);
    } finally {
      setPending(false);
    }
  };
  return (
    <input
      type="checkbox"
      role="switch"
      aria-label={`${expert.name} enabled`}
      checked={expert.enabled}
      disabled={pending}
      onChange={(e) => toggle(e.target.checked)}
      className="size-3.5 accent-emerald-600"
    />
  );
}

export function ExpertsSection({ simulatorMode }: { simulatorMode: boolean }) {
  const experts = useQuery(() => trpc.expert.list.query(), 'settings.experts');
  const [editing, setEditing] = useState<Editing>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const saved = () => {
    setEditing(null);
    experts.reload();
  };

  return (
    <section aria-labelledby="experts-title" className="space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 id="experts-title" className="text-[14px] font-semibold">
            Experts
          </h2>
          <p className="text-[12px] text-zinc-500">
            {simulatorMode
              ? 'Simulator mode: the panel comes from the simulator script. Adding an expert of your own or a provider key switches to the real panel (unless CIRCLE_SIMULATOR=1 forces the simulated one).'
              : 'Who sits on the panel. Enabled experts answer every question unless you pick otherwise.'}
          </p>
        </div>
        <Button variant="primary" onClick={() => setEditing({ expert: null })}>
          Add expert
        </Button>
      </div>

      {actionError ? <ErrorNote>{errorMessage(actionError)}</ErrorNote> : null}

      {/* relative: keeps the sr-only header inside the scrolling box (see users-section.tsx). */}
      <Panel className="relative overflow-x-auto">
        {experts.error ? (
          <div className="p-3">
            <ErrorNote>{errorMessage(experts.error)}</ErrorNote>
          </div>
        ) : !experts.data ? (
          <div className="p-4">
            <Spinner label="Loading experts…" />
          </div>
        ) : experts.data.length === 0 ? (
          <p className="px-4 py-6 text-center text-[13px] text-zinc-500">No experts yet. Add one to start asking.</p>
        ) : (
          <table className="w-full text-left text-[13px]">
            <thead className="border-b border-zinc-200 text-[11.5px] text-zinc-500 dark:border-zinc-800">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Name
                </th>
                <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
                  Provider
                </th>
                {/* Below sm the model sits under the name, so Enabled, Edit and Delete stay on a phone's screen. */}
                <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
                  Model
                </th>
                <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                  Temp.
                </th>
                <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                  Max tokens
                </th>
                <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">
                  Weight
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Enabled
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {experts.data.map((expert) => (
                <tr key={expert.id}>
                  <td className="px-3 py-2 wrap-anywhere">
                    <span className="font-medium">{expert.name}</span>
                    {expert.simulated ? <span className="ml-1.5 text-[10.5px] font-medium text-violet-600 uppercase dark:text-violet-400">simulated</span> : null}
                    <p className="font-mono text-[11.5px] text-zinc-500 sm:hidden">{expert.model}</p>
                    {expert.systemPrompt ? <p className="max-w-[10rem] truncate text-[11.5px] text-zinc-500 sm:max-w-xs">{expert.systemPrompt}</p> : null}
                  </td>
                  <td className="hidden px-3 py-2 text-zinc-600 sm:table-cell dark:text-zinc-400">{providerName[expert.provider]}</td>
                  <td className="hidden max-w-[12rem] truncate px-3 py-2 font-mono text-[12px] sm:table-cell">{expert.model}</td>
                  <td className="hidden px-3 py-2 tabular-nums md:table-cell">{expert.temperature}</td>
                  <td className="hidden px-3 py-2 tabular-nums md:table-cell">{expert.maxTokens.toLocaleString('en-US')}</td>
                  <td className="hidden px-3 py-2 whitespace-nowrap lg:table-cell">
                    <WeightCell expert={expert} onReset={experts.reload} onError={setActionError} />
                  </td>
                  <td className="px-3 py-2">
                    <EnabledToggle expert={expert} onChanged={experts.reload} onError={setActionError} />
                  </td>
                  <td className="px-3 py-2 text-right whitespace-nowrap">
                    <Button variant="ghost" onClick={() => setEditing({ expert })} aria-label={`Edit ${expert.name}`}>
                      Edit
                    </Button>
                    <DeleteButton expert={expert} onDeleted={experts.reload} onError={setActionError} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>

      <Modal title={editing?.expert ? `Edit ${editing.expert.name}` : 'Add expert'} open={editing !== null} onClose={() => setEditing(null)}>
        {editing ? <ExpertForm key={editing.expert?.id ?? 'new'} expert={editing.expert} onSaved={saved} onCancel={() => setEditing(null)} /> : null}
      </Modal>
    </section>
  );
}

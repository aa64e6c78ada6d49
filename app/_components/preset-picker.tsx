'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import type { PresetView } from '@/server/routers/preset';
import { errorMessage, fieldErrors } from '../_lib/errors';
import { trpc } from '../_lib/trpc';
import { useQuery } from '../_lib/use-query';
import { Modal } from './modal';
import { Button, describedBy, ErrorNote, Field, inputClass } from './ui';

const reasonText: Record<PresetView['skipped'][number]['reason'], string> = {
  disabled: 'disabled',
  deleted: 'deleted',
  unavailable: 'not on this panel',
};

type Dialog = { kind: 'save' } | { kind: 'rename'; preset: PresetView } | { kind: 'delete'; preset: PresetView } | null;

/**
 * The ask page's named panels (issue 11): pick one to tick its experts, save the ticked panel
 * under a name, make one the default the page opens with, rename or delete them. An expert
 * the administrator has since disabled or deleted is left out, with a note saying so.
 */
export function PresetPicker({
  enabled,
  panelIds,
  touched,
  onApply,
}: {
  /** The enabled experts shown on the page; undefined until they are loaded. */
  enabled: readonly { id: string; name: string }[] | undefined;
  /** The ticked experts. */
  panelIds: readonly string[];
  /** The person has changed the panel by hand: the default no longer replaces it. */
  touched: boolean;
  onApply: (ids: ReadonlySet<string>) => void;
}) {
  const presets = useQuery(() => trpc.preset.list.query(), 'preset.list');
  const [selectedId, setSelectedId] = useState('');
  const [skipped, setSkipped] = useState<{ preset: string; names: string[] } | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const defaultApplied = useRef(false);

  const list = presets.data ?? [];
  const selected = list.find((p) => p.id === selectedId) ?? null;
  const ready = enabled !== undefined;

  const apply = (preset: PresetView) => {
    // Only experts on the page now are ticked; the server already left out the ones no longer available.
    const live = new Set((enabled ?? []).map((e) => e.id));
    const ids = new Set(preset.expertIds.filter((id) => live.has(id)));
    const gone = [
      ...preset.skipped.map((s) => `${s.name} (${reasonText[s.reason]})`),
      ...preset.expertIds.filter((id) => !live.has(id)).map(() => 'an expert no longer available'),
    ];
    setSelectedId(preset.id);
    setSkipped(gone.length > 0 ? { preset: preset.name, names: gone } : null);
    onApply(ids);
  };

  // The default preset ticks its experts once, when both lists are in, unless the person already chose.
  useEffect(() => {
    if (defaultApplied.current || !presets.data || !ready) return;
    defaultApplied.current = true;
    const preferred = presets.data.find((p) => p.isDefault);
    if (preferred && !touched) apply(preferred);
    // apply reads the current props; this runs once per page.
  }, [presets.data, ready, touched]);

  if (!ready || enabled.length === 0) return null;

  const ticked = new Set(panelIds);
  const changed = selected !== null && (selected.expertIds.length !== ticked.size || selected.expertIds.some((id) => !ticked.has(id)));

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setActionError(null);
    try {
      await work();
      presets.reload();
    } catch (failure) {
      setActionError(failure);
    } finally {
      setBusy(false);
    }
  };

  const onSelect = (id: string) => {
    const preset = list.find((p) => p.id === id);
    if (preset) apply(preset);
    else {
      setSelectedId('');
      setSkipped(null);
    }
  };

  return (
    <div className="mb-2 space-y-1.5">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="panel-preset" className="text-[12px] text-zinc-600 dark:text-zinc-400">
          Preset
        </label>
        <select
          id="panel-preset"
          value={selectedId}
          onChange={(e) => onSelect(e.target.value)}
          disabled={presets.loading && !presets.data}
          className={`${inputClass.replace('block w-full', 'w-auto min-w-40 max-w-full')} h-8 py-0`}
        >
          <option value="">{list.length === 0 ? 'No presets yet' : 'Choose a preset…'}</option>
          {list.map((preset) => (
            <option key={preset.id} value={preset.id}>
              {preset.name}
            </option>
          ))}
        </select>
        {selected?.isDefault ? <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">default</span> : null}
        {changed ? <span className="text-[11px] text-zinc-500">(changed)</span> : null}
        <Button onClick={() => setDialog({ kind: 'save' })} disabled={panelIds.length === 0}>
          Save panel
        </Button>
        {selected ? (
          <>
            {selected.isDefault ? (
              <Button variant="ghost" disabled={busy} onClick={() => void run(() => trpc.preset.setDefault.mutate({ id: null }))}>
                Unset default
              </Button>
            ) : (
              <Button variant="ghost" disabled={busy} onClick={() => void run(() => trpc.preset.setDefault.mutate({ id: selected.id }))}>
                Set as default
              </Button>
            )}
            <Button variant="ghost" onClick={() => setDialog({ kind: 'rename', preset: selected })}>
              Rename
            </Button>
            <Button variant="ghost" onClick={() => setDialog({ kind: 'delete', preset: selected })}>
              Delete
            </Button>
          </>
        ) : null}
      </div>
      {skipped ? (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-2.5 py-1.5 text-[12px] text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          Skipped from “{skipped.preset}”, no longer on the panel: {skipped.names.join(', ')}. {skipped.names.length === 1 ? 'It is' : 'They are'} not asked.
        </p>
      ) : null}
      {presets.error ? <ErrorNote>Presets could not be loaded: {errorMessage(presets.error)}</ErrorNote> : null}
      {actionError ? <ErrorNote>{errorMessage(actionError)}</ErrorNote> : null}

      {/* In a portal: the ask page's own <form> must not contain these forms (nor get their submits). */}
      {typeof document === 'undefined'
        ? null
        : createPortal(
            <>
              <Modal title="Save panel as a preset" open={dialog?.kind === 'save'} onClose={() => setDialog(null)}>
                {dialog?.kind === 'save' ? (
                  <NameForm
                    submitLabel="Save"
                    pendingLabel="Saving…"
                    hint={`${panelIds.length} expert${panelIds.length === 1 ? '' : 's'}: ${enabled
                      .filter((e) => ticked.has(e.id))
                      .map((e) => e.name)
                      .join(', ')}`}
                    withDefault
                    onCancel={() => setDialog(null)}
                    onSubmit={async (name, isDefault) => {
                      const created = await trpc.preset.create.mutate({ name, expertIds: [...panelIds], isDefault });
                      setSelectedId(created.id);
                      setSkipped(null);
                      setDialog(null);
                      presets.reload();
                    }}
                  />
                ) : null}
              </Modal>
              <Modal title="Rename preset" open={dialog?.kind === 'rename'} onClose={() => setDialog(null)}>
                {dialog?.kind === 'rename' ? (
                  <NameForm
                    key={dialog.preset.id}
                    initial={dialog.preset.name}
                    submitLabel="Rename"
                    pendingLabel="Renaming…"
                    onCancel={() => setDialog(null)}
                    onSubmit={async (name) => {
                      await trpc.preset.rename.mutate({ id: dialog.preset.id, name });
                      setDialog(null);
                      presets.reload();
                    }}
                  />
                ) : null}
              </Modal>
              <Modal title="Delete preset" open={dialog?.kind === 'delete'} onClose={() => setDialog(null)}>
                {dialog?.kind === 'delete' ? (
                  <ConfirmDelete
                    name={dialog.preset.name}
                    onCancel={() => setDialog(null)}
                    onConfirm={async () => {
                      await trpc.preset.remove.mutate({ id: dialog.preset.id });
                      if (selectedId === dialog.preset.id) {
                        setSelectedId('');
                        setSkipped(null);
                      }
                      setDialog(null);
                      presets.reload();
                    }}
                  />
                ) : null}
              </Modal>
            </>,
            document.body,
          )}
    </div>
  );
}

function NameForm({
  initial = '',
  submitLabel,
  pendingLabel,
  hint,
  withDefault = false,
  onSubmit,
  onCancel,
}: {
  initial?: string;
  submitLabel: string;
  pendingLabel: string;
  hint?: string;
  withDefault?: boolean;
  onSubmit: (name: string, isDefault: boolean) => Promise<void>;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial);
  const [isDefault, setIsDefault] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const id = 'preset-name';
  const fieldError = fieldErrors(error).name;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    // React events bubble through portals: keep this submit from reaching the ask form.
    event.stopPropagation();
    setPending(true);
    setError(null);
    try {
      await onSubmit(name, isDefault);
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  };

  return (
    <form onSubmit={save} noValidate className="space-y-3">
      <Field id={id} label="Preset name" error={fieldError} hint={hint}>
        <input
          id={id}
          autoFocus
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
          className={inputClass}
          {...describedBy(id, fieldError, Boolean(hint))}
        />
      </Field>
      {withDefault ? (
        <label className="flex items-center gap-2 text-[13px]">
          <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} className="size-3.5" />
          Open the ask page with this panel (default)
        </label>
      ) : null}
      {error && !fieldError ? <ErrorNote>{errorMessage(error)}</ErrorNote> : null}
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </Button>
      </div>
    </form>
  );
}

function ConfirmDelete({ name, onConfirm, onCancel }: { name: string; onConfirm: () => Promise<void>; onCancel: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      await onConfirm();
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  };
  return (
    <div className="space-y-3">
      <p className="text-[13px] text-zinc-600 dark:text-zinc-400">Delete “{name}”? Past runs are not affected.</p>
      {error ? <ErrorNote>{errorMessage(error)}</ErrorNote> : null}
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="danger" disabled={pending} onClick={() => void confirm()}>
          {pending ? 'Deleting…' : 'Delete'}
        </Button>
      </div>
    </div>
  );
}

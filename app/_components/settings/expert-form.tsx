'use client';

import { useState, type FormEvent } from 'react';
import type { ExpertView } from '@/server/experts/types';
import type { ProviderKind } from '@/server/runs/types';
import { errorMessage, fieldErrors } from '../../_lib/errors';
import { trpc } from '../../_lib/trpc';
import { Button, describedBy, ErrorNote, Field, inputClass } from '../ui';
import { modelPlaceholder, PROVIDERS, providerName } from './providers';

interface Draft {
  name: string;
  provider: ProviderKind;
  model: string;
  baseUrl: string;
  systemPrompt: string;
  temperature: string;
  maxTokens: string;
  enabled: boolean;
}

function draftOf(expert: ExpertView | null): Draft {
  return {
    name: expert?.name ?? '',
    provider: expert?.provider ?? 'openai',
    model: expert?.model ?? '',
    baseUrl: expert?.baseUrl ?? '',
    systemPrompt: expert?.systemPrompt ?? '',
    temperature: String(expert?.temperature ?? 0.7),
    maxTokens: String(expert?.maxTokens ?? 1024),
    enabled: expert?.enabled ?? true,
  };
}

/**
 * Creates an expert, or edits one. A simulated expert's provider and model
 * follow the simulator script, so those fields are read-only for it.
 */
export function ExpertForm({ expert, onSaved, onCancel }: { expert: ExpertView | null; onSaved: () => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(expert));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fields = fieldErrors(error);
  const locked = expert?.simulated ?? false;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const id = (name: string) => `expert-${expert?.id ?? 'new'}-${name}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    const common = {
      name: draft.name,
      systemPrompt: draft.systemPrompt.trim() === '' ? null : draft.systemPrompt,
      // Number('') is 0, a valid temperature: send NaN instead so the server says the field is wrong.
      temperature: draft.temperature.trim() === '' ? Number.NaN : Number(draft.temperature),
      maxTokens: draft.maxTokens.trim() === '' ? Number.NaN : Number(draft.maxTokens),
      enabled: draft.enabled,
    };
    const connection = {
      provider: draft.provider,
      model: draft.model,
      baseUrl: draft.provider === 'openai_compatible' && draft.baseUrl.trim() !== '' ? draft.baseUrl.trim() : null,
    };
    try {
      if (!expert) await trpc.expert.create.mutate({ ...common, ...connection });
      else await trpc.expert.update.mutate({ id: expert.id, ...common, ...(locked ? {} : connection) });
      onSaved();
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={id('name')} label="Display name" error={fields.name}>
          <input id={id('name')} value={draft.name} onChange={(e) => set('name', e.target.value)} className={inputClass} {...describedBy(id('name'), fields.name)} />
        </Field>
        <Field id={id('provider')} label="Provider" error={fields.provider} hint={locked ? 'Set by the simulator script.' : undefined}>
          <select
            id={id('provider')}
            value={draft.provider}
            disabled={locked}
            onChange={(e) => set('provider', e.target.value as ProviderKind)}
            className={inputClass}
            {...describedBy(id('provider'), fields.provider, locked)}
          >
            {PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {providerName[p]}
              </option>
            ))}
          </select>
        </Field>
        <Field id={id('model')} label="Model id" error={fields.model}>
          <input
            id={id('model')}
            value={draft.model}
            disabled={locked}
            onChange={(e) => set('model', e.target.value)}
            placeholder={modelPlaceholder[draft.provider]}
            className={`${inputClass} font-mono`}
            {...describedBy(id('model'), fields.model)}
          />
        </Field>
        {draft.provider === 'openai_compatible' ? (
          <Field id={id('baseUrl')} label="Base URL" error={fields.baseUrl} hint="Ollama: http://localhost:11434/v1 · LM Studio: http://localhost:1234/v1">
            <input
              id={id('baseUrl')}
              type="url"
              value={draft.baseUrl}
              disabled={locked}
              onChange={(e) => set('baseUrl', e.target.value)}
              placeholder="http://localhost:11434/v1"
              className={`${inputClass} font-mono`}
              {...describedBy(id('baseUrl'), fields.baseUrl, true)}
            />
          </Field>
        ) : null}
        <Field id={id('temperature')} label="Temperature" error={fields.temperature} hint="0 to 2">
          <input
            id={id('temperature')}
            type="number"
            inputMode="decimal"
            min={0}
            max={2}
            step={0.1}
            value={draft.temperature}
            onChange={(e) => set('temperature', e.target.value)}
            className={inputClass}
            {...describedBy(id('temperature'), fields.temperature, true)}
          />
        </Field>
        <Field id={id('maxTokens')} label="Max tokens" error={fields.maxTokens}>
          <input
            id={id('maxTokens')}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={draft.maxTokens}
            onChange={(e) => set('maxTokens', e.target.value)}
            className={inputClass}
            {...describedBy(id('maxTokens'), fields.maxTokens)}
          />
        </Field>
      </div>
      <Field id={id('systemPrompt')} label="System prompt (persona)" error={fields.systemPrompt} hint="Optional. How this expert should think and answer.">
        <textarea
          id={id('systemPrompt')}
          rows={3}
          value={draft.systemPrompt}
          onChange={(e) => set('systemPrompt', e.target.value)}
          placeholder="You are a pragmatic staff engineer. Be concise and name trade-offs."
          className={`${inputClass} resize-y`}
          {...describedBy(id('systemPrompt'), fields.systemPrompt, true)}
        />
      </Field>
      <label className="flex items-center gap-2 text-[13px]">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} className="size-3.5 accent-zinc-900 dark:accent-zinc-100" />
        Enabled (part of the default panel)
      </label>
      {error && Object.keys(fields).length === 0 ? <ErrorNote>{errorMessage(error)}</ErrorNote> : null}
      <div className="flex justify-end gap-2 pt-1">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Saving…' : expert ? 'Save changes' : 'Add expert'}
        </Button>
      </div>
    </form>
  );
}

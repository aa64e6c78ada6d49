'use client';

import { useState, type FormEvent } from 'react';
import type { CredentialView } from '@/server/experts/types';
import type { ProviderKind } from '@/server/runs/types';
import { errorMessage, fieldErrors } from '../../_lib/errors';
import { trpc } from '../../_lib/trpc';
import { useQuery } from '../../_lib/use-query';
import { Button, describedBy, ErrorNote, Field, inputClass, Panel, Spinner } from '../ui';
import { PROVIDERS, providerName } from './providers';

function KeyChip({ credential, onRemoved }: { credential: CredentialView; onRemoved: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const remove = async () => {
    if (!credential.id) return;
    try {
      await trpc.credential.remove.mutate({ id: credential.id });
      onRemoved();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <li className="flex flex-wrap items-center gap-2 text-[12.5px]">
      <span className="font-mono tracking-wider">••••{credential.last4}</span>
      {credential.baseUrl ? <span className="truncate font-mono text-[11.5px] text-zinc-500">{credential.baseUrl}</span> : null}
      {credential.source === 'env' ? (
        <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">from environment</span>
      ) : (
        <>
          <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-[11px] text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300">stored encrypted</span>
          <Button variant="ghost" className="h-6 px-1.5 text-[12px]" onClick={remove} aria-label={`Remove ${providerName[credential.provider]} key ending ${credential.last4}`}>
            Remove
          </Button>
        </>
      )}
      {error ? <span className="text-rose-600">{errorMessage(error)}</span> : null}
    </li>
  );
}

function ProviderKeyForm({ provider, credentials, onChanged }: { provider: ProviderKind; credentials: CredentialView[]; onChanged: () => void }) {
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fields = fieldErrors(error);
  const keyId = `key-${provider}`;
  const urlId = `key-${provider}-url`;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await trpc.credential.save.mutate({ provider, apiKey, ...(provider === 'openai_compatible' && baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}) });
      // The key leaves the page's memory as soon as the server has it.
      setApiKey('');
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="grid gap-3 px-4 py-3 md:grid-cols-[12rem_minmax(0,1fr)]">
      <div>
        <h3 className="text-[13px] font-medium">{providerName[provider]}</h3>
        {credentials.length === 0 ? <p className="text-[12px] text-zinc-500">No key configured.</p> : null}
        <ul className="mt-1 space-y-1">
          {credentials.map((c) => (
            <KeyChip key={c.id ?? `env-${c.baseUrl}`} credential={c} onRemoved={onChanged} />
          ))}
        </ul>
      </div>
      <form onSubmit={save} noValidate className="flex flex-col gap-2 sm:flex-row sm:items-start">
        {provider === 'openai_compatible' ? (
          <Field id={urlId} label="Base URL" error={fields.baseUrl} className="sm:w-64">
            <input
              id={urlId}
              type="url"
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.target.value)}
              placeholder="https://openrouter.ai/api/v1"
              className={`${inputClass} font-mono`}
              {...describedBy(urlId, fields.baseUrl)}
            />
          </Field>
        ) : null}
        <Field id={keyId} label={`${providerName[provider]} API key`} error={fields.apiKey} className="flex-1">
          <input
            id={keyId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            placeholder={credentials.length ? 'Replace the key…' : 'Paste a key…'}
            className={`${inputClass} font-mono`}
            {...describedBy(keyId, fields.apiKey)}
          />
        </Field>
        <Button type="submit" variant="secondary" disabled={pending || apiKey === ''} className="sm:mt-[22px]" aria-label={`Save ${providerName[provider]} key`}>
          {pending ? 'Saving…' : 'Save'}
        </Button>
        {error && Object.keys(fields).length === 0 ? <ErrorNote>{errorMessage(error)}</ErrorNote> : null}
      </form>
    </div>
  );
}

export function CredentialsSection() {
  const credentials = useQuery(() => trpc.credential.list.query(), 'settings.credentials');
  return (
    <section aria-labelledby="credentials-title" className="space-y-2">
      <div>
        <h2 id="credentials-title" className="text-[14px] font-semibold">
          Provider keys
        </h2>
        <p className="text-[12px] text-zinc-500">
          Keys saved here are encrypted at rest (AES-256-GCM) and never sent back to the browser; only their last four characters are shown. A saved key takes
          precedence over the environment.
        </p>
      </div>
      <Panel className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {credentials.error ? (
          <div className="p-3">
            <ErrorNote>{errorMessage(credentials.error)}</ErrorNote>
          </div>
        ) : !credentials.data ? (
          <div className="p-4">
            <Spinner label="Loading keys…" />
          </div>
        ) : (
          PROVIDERS.map((provider) => (
            <ProviderKeyForm
              key={provider}
              provider={provider}
              credentials={credentials.data?.filter((c) => c.provider === provider) ?? []}
              onChanged={credentials.reload}
            />
          ))
        )}
      </Panel>
    </section>
  );
}

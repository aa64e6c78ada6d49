'use client';

import { TRPCClientError } from '@trpc/client';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { authClient, authErrorMessage } from '../../_lib/auth-client';
import { errorMessage, fieldErrors } from '../../_lib/errors';
import { trpc } from '../../_lib/trpc';
import { useQuery } from '../../_lib/use-query';
import { Button, ErrorNote } from '../ui';
import { EmailField, NameField, newAccountErrors, PasswordField } from './auth-fields';

/** Someone else finished setup between this page loading and the form being sent. */
function isConflict(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: unknown } | undefined)?.code === 'CONFLICT';
}

function AlreadySetUp({ because }: { because: string }) {
  return (
    <div role="alert" className="space-y-2 text-[13px]">
      <p>{because}</p>
      <Link href="/sign-in" className="text-indigo-600 hover:underline dark:text-indigo-400">
        Sign in
      </Link>
    </div>
  );
}

/** The first account on a new server: it becomes the administrator, then signs straight in. */
export function SetupForm() {
  const status = useQuery(() => trpc.account.setupStatus.query(), 'account.setupStatus');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<ReturnType<typeof newAccountErrors>>({});
  const [error, setError] = useState<unknown>(null);
  const [signInError, setSignInError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = newAccountErrors({ name, email, password });
    setLocal(problems);
    setError(null);
    setSignInError(null);
    if (Object.keys(problems).length > 0) return;
    setPending(true);
    try {
      await trpc.account.setup.mutate({ name: name.trim(), email: email.trim(), password });
    } catch (failure) {
      setError(failure);
      setPending(false);
      return;
    }
    const signedIn = await authClient.signIn.email({ email: email.trim(), password }).catch((failure: unknown) => ({ error: { message: errorMessage(failure) } }));
    if (signedIn.error) {
      // The account exists now; only the automatic sign-in failed, so send them to do it by hand.
      setSignInError(authErrorMessage(signedIn.error, 'Signing in failed.'));
      setPending(false);
      return;
    }
    window.location.assign('/');
  };

  if (status.data && !status.data.needsSetup) return <AlreadySetUp because="This server already has an administrator." />;
  if (isConflict(error)) return <AlreadySetUp because="Someone else finished setting up this server first. Sign in with an account they give you." />;
  if (signInError) return <AlreadySetUp because={`The administrator account was created, but signing in failed: ${signInError}`} />;

  const fields = { ...fieldErrors(error), ...local };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="setup-title" className="space-y-3">
      <div>
        <h1 id="setup-title" className="text-[15px] font-semibold">
          Create the administrator account
        </h1>
        <p className="mt-0.5 text-[12.5px] text-zinc-500">
          This is the first account on this server. It manages the experts, the provider keys and the other accounts.
        </p>
      </div>
      <NameField idPrefix="setup" value={name} onChange={setName} errors={fields} />
      <EmailField idPrefix="setup" value={email} onChange={setEmail} errors={fields} />
      <PasswordField idPrefix="setup" value={password} onChange={setPassword} errors={fields} isNew />
      {error && Object.keys(fieldErrors(error)).length === 0 ? <ErrorNote>{errorMessage(error)}</ErrorNote> : null}
      <Button type="submit" variant="primary" disabled={pending} className="w-full">
        {pending ? 'Creating account…' : 'Create account'}
      </Button>
    </form>
  );
}

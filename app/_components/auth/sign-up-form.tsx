'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { authClient, authErrorMessage } from '../../_lib/auth-client';
import { errorMessage } from '../../_lib/errors';
import { trpc } from '../../_lib/trpc';
import { useQuery } from '../../_lib/use-query';
import { Button, ErrorNote, Spinner } from '../ui';
import { EmailField, NameField, newAccountErrors, PasswordField } from './auth-fields';

const linkClass = 'text-indigo-600 hover:underline dark:text-indigo-400';

/** Self-service accounts, only where the administrator opened sign-up; better-auth signs the new account in. */
export function SignUpForm() {
  const status = useQuery(() => trpc.account.setupStatus.query(), 'account.setupStatus');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<ReturnType<typeof newAccountErrors>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = newAccountErrors({ name, email, password });
    setLocal(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setPending(true);
    const result = await authClient.signUp
      .email({ name: name.trim(), email: email.trim(), password })
      .catch((failure: unknown) => ({ error: { message: errorMessage(failure) } }));
    if (result.error) {
      setError(authErrorMessage(result.error, 'Creating the account failed.'));
      setPending(false);
      return;
    }
    window.location.assign('/');
  };

  const title = (
    <h1 id="sign-up-title" className="text-[15px] font-semibold">
      Create an account
    </h1>
  );

  // Until the server says whether sign-up is open, a form might be a promise it cannot keep.
  if (!status.data && status.loading) return <Spinner label="Checking whether sign-up is open…" />;
  if (status.data && !status.data.signupOpen) {
    return (
      <div className="space-y-2 text-[13px]">
        {title}
        <p>Sign-up is closed on this server: accounts are created by the administrator.</p>
        <Link href="/sign-in" className={linkClass}>
          Sign in
        </Link>
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="sign-up-title" className="space-y-3">
      {title}
      {status.error ? <ErrorNote>{errorMessage(status.error)}</ErrorNote> : null}
      <NameField idPrefix="sign-up" value={name} onChange={setName} errors={local} />
      <EmailField idPrefix="sign-up" value={email} onChange={setEmail} errors={local} />
      <PasswordField idPrefix="sign-up" value={password} onChange={setPassword} errors={local} isNew />
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      <Button type="submit" variant="primary" disabled={pending} className="w-full">
        {pending ? 'Creating account…' : 'Create account'}
      </Button>
      <p className="text-[12.5px] text-zinc-500">
        Already have an account?{' '}
        <Link href="/sign-in" className={linkClass}>
          Sign in
        </Link>
      </p>
    </form>
  );
}

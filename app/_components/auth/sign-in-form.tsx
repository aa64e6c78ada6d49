'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { authClient, authErrorMessage, safeNextPath, signInWithOidc } from '../../_lib/auth-client';
import { errorMessage } from '../../_lib/errors';
import { trpc } from '../../_lib/trpc';
import { useQuery } from '../../_lib/use-query';
import { Button, ErrorNote } from '../ui';
import { EmailField, PasswordField } from './auth-fields';

/**
 * Email and password, plus single sign-on when the server has an OIDC provider.
 * Afterwards a full page load goes to `next` (only if it is a path on this site), so the
 * server renders that page with the new session cookie.
 */
export function SignInForm({ next: requested, oauthError }: { next?: string | undefined; oauthError?: string | undefined }) {
  const next = safeNextPath(requested);
  const status = useQuery(() => trpc.account.setupStatus.query(), 'account.setupStatus');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const run = async (attempt: () => Promise<{ error: { message?: string | undefined; statusText?: string } | null }>, fallback: string, leave: boolean) => {
    setPending(true);
    setError(null);
    const result = await attempt().catch((failure: unknown) => ({ error: { message: errorMessage(failure) } }));
    if (result.error) {
      setError(authErrorMessage(result.error, fallback));
      setPending(false);
      return;
    }
    // Single sign-on leaves for the provider on its own; stay "pending" until the page goes.
    if (leave) window.location.assign(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (email.trim() === '' || password === '') {
      setError('Enter your email and password.');
      return;
    }
    void run(() => authClient.signIn.email({ email: email.trim(), password }), 'Signing in failed.', true);
  };

  const oidc = status.data?.oidc;
  return (
    <div className="space-y-4">
      <h1 className="text-[15px] font-semibold">Sign in</h1>
      {oauthError ? <ErrorNote>{`Single sign-on did not complete (${oauthError}). Try again, or sign in with your email.`}</ErrorNote> : null}
      <form onSubmit={submit} noValidate aria-label="Sign in with email" className="space-y-3">
        <EmailField idPrefix="sign-in" value={email} onChange={setEmail} errors={{}} />
        <PasswordField idPrefix="sign-in" value={password} onChange={setPassword} errors={{}} />
        {error ? <ErrorNote>{error}</ErrorNote> : null}
        <Button type="submit" variant="primary" disabled={pending} className="w-full">
          Sign in
        </Button>
      </form>
      {oidc?.enabled ? (
        <div className="space-y-3">
          <p className="flex items-center gap-2 text-[11.5px] text-zinc-500 before:h-px before:flex-1 before:bg-zinc-200 after:h-px after:flex-1 after:bg-zinc-200 dark:before:bg-zinc-800 dark:after:bg-zinc-800">
            or
          </p>
          <Button
            variant="secondary"
            disabled={pending}
            className="w-full"
            onClick={() => void run(() => signInWithOidc(next), `Signing in with ${oidc.name} failed.`, false)}
          >
            Sign in with {oidc.name}
          </Button>
        </div>
      ) : null}
      {status.data?.signupOpen ? (
        <p className="text-[12.5px] text-zinc-500">
          No account yet?{' '}
          <Link href="/sign-up" className="text-indigo-600 hover:underline dark:text-indigo-400">
            Create an account
          </Link>
        </p>
      ) : null}
    </div>
  );
}

'use client';

import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../_lib/errors';
import { formatCost, formatDateTime } from '../../_lib/format';
import { trpc, type RouterOutputs } from '../../_lib/trpc';
import { useQuery } from '../../_lib/use-query';
import { EmailField, NameField, newAccountErrors, PASSWORD_MAX, PASSWORD_MIN, PasswordField } from '../auth/auth-fields';
import { Modal } from '../modal';
import { Button, describedBy, ErrorNote, Field, inputClass, Panel, Spinner } from '../ui';

type User = RouterOutputs['user']['list'][number];
type Role = User['role'];

const roleName: Record<Role, string> = { admin: 'Administrator', user: 'User' };

/**
 * A quota override as typed: empty means "the server's default" (null); runs per minute is a
 * whole number from 1, a budget is dollars from 0 (0 = no budget, as the server reads it).
 */
export function parseQuota(text: string, kind: 'runsPerMinute' | 'dailyBudgetUsd'): { value: number | null } | { error: string } {
  const trimmed = text.trim().replace(/^\$/, '');
  if (trimmed === '') return { value: null };
  const value = Number(trimmed);
  if (kind === 'runsPerMinute') {
    return Number.isInteger(value) && value >= 1 ? { value } : { error: 'A whole number from 1, or empty for the default.' };
  }
  return Number.isFinite(value) && value >= 0 ? { value: Math.round(value * 100) / 100 } : { error: 'An amount in dollars, or empty for the default.' };
}

/** The two overrides of one account, saved together. */
function QuotaForm({ user, onSaved }: { user: User; onSaved: () => void }) {
  const [runs, setRuns] = useState(user.runsPerMinute?.toString() ?? '');
  const [budget, setBudget] = useState(user.dailyBudgetUsd?.toString() ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const runsId = `user-${user.id}-runs`;
  const budgetId = `user-${user.id}-budget`;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const runsPerMinute = parseQuota(runs, 'runsPerMinute');
    const dailyBudgetUsd = parseQuota(budget, 'dailyBudgetUsd');
    if ('error' in runsPerMinute || 'error' in dailyBudgetUsd) {
      setProblem('error' in runsPerMinute ? `Runs per minute: ${runsPerMinute.error}` : `Daily budget: ${(dailyBudgetUsd as { error: string }).error}`);
      return;
    }
    setPending(true);
    setProblem(null);
    try {
      await trpc.user.setQuota.mutate({ userId: user.id, runsPerMinute: runsPerMinute.value, dailyBudgetUsd: dailyBudgetUsd.value });
      onSaved();
    } catch (failure) {
      // The server's limits (say, at most 1000 runs a minute) come back as field errors: show the first.
      setProblem(Object.values(fieldErrors(failure))[0] ?? errorMessage(failure));
    } finally {
      setPending(false);
    }
  };

  const small = `${inputClass} w-16 tabular-nums`;
  return (
    <form onSubmit={save} noValidate aria-label={`Quota for ${user.name || user.email}`} className="flex flex-wrap items-center gap-1.5">
      <label htmlFor={runsId} className="sr-only">
        Runs per minute
      </label>
      <input id={runsId} inputMode="numeric" value={runs} onChange={(e) => setRuns(e.target.value)} placeholder="default" className={small} />
      <span aria-hidden className="text-[11.5px] text-zinc-500">
        /min
      </span>
      <label htmlFor={budgetId} className="sr-only">
        Daily budget (USD)
      </label>
      <input id={budgetId} inputMode="decimal" value={budget} onChange={(e) => setBudget(e.target.value)} placeholder="default" className={small} />
      <span aria-hidden className="text-[11.5px] text-zinc-500">
        $/day
      </span>
      <Button type="submit" variant="ghost" className="h-7 px-2" disabled={pending}>
        Save quota
      </Button>
      {problem ? (
        <span role="alert" className="basis-full text-[12px] text-rose-600 dark:text-rose-400">
          {problem}
        </span>
      ) : null}
    </form>
  );
}

/** Disabling signs the account out everywhere on the server; one's own account stays on. */
function DisableButton({ user, isSelf, onChanged, onError }: { user: User; isSelf: boolean; onChanged: () => void; onError: (e: unknown) => void }) {
  const [pending, setPending] = useState(false);
  const toggle = async () => {
    setPending(true);
    try {
      await trpc.user.setDisabled.mutate({ userId: user.id, disabled: !user.disabled });
      onChanged();
    } catch (failure) {
      onError(failure);
    } finally {
      setPending(false);
    }
  };
  return (
    <Button
      variant={user.disabled ? 'secondary' : 'danger'}
      onClick={toggle}
      disabled={pending || isSelf}
      title={isSelf ? 'You cannot disable your own account.' : undefined}
      aria-describedby={`user-${user.id}-name`}
    >
      {user.disabled ? 'Enable' : 'Disable'}
    </Button>
  );
}

function ResetPasswordForm({ user, onDone, onCancel }: { user: User; onDone: () => void; onCancel: () => void }) {
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const id = 'reset-password';
  const fieldError = problem ?? fieldErrors(error).password;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const tooShort = password.length < PASSWORD_MIN;
    if (tooShort || password.length > PASSWORD_MAX) {
      setProblem(tooShort ? `Use at least ${PASSWORD_MIN} characters.` : `Use at most ${PASSWORD_MAX} characters.`);
      return;
    }
    setProblem(null);
    setPending(true);
    try {
      await trpc.user.resetPassword.mutate({ userId: user.id, password });
      onDone();
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  };

  return (
    <form onSubmit={save} noValidate className="space-y-3">
      <p className="text-[13px] text-zinc-600 dark:text-zinc-400">Tell {user.name || user.email} the new password yourself; it is not sent anywhere.</p>
      <Field id={id} label="New password" error={fieldError} hint={`At least ${PASSWORD_MIN} characters.`}>
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className={inputClass}
          {...describedBy(id, fieldError, true)}
        />
      </Field>
      {error && !fieldErrors(error).password ? <ErrorNote>{errorMessage(error)}</ErrorNote> : null}
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Setting…' : 'Set password'}
        </Button>
      </div>
    </form>
  );
}

function AddUserForm({ onAdded }: { onAdded: (name: string) => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [local, setLocal] = useState<ReturnType<typeof newAccountErrors>>({});
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const fields: Record<string, string | undefined> = { ...fieldErrors(error), ...local };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const problems = newAccountErrors({ name, email, password });
    setLocal(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setPending(true);
    try {
      await trpc.user.create.mutate({ name: name.trim(), email: email.trim(), password, role });
      // The password leaves the page's memory once the server has it.
      setName('');
      setEmail('');
      setPassword('');
      setRole('user');
      onAdded(name.trim());
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={add} noValidate aria-labelledby="add-user-title" className="space-y-3 px-4 py-3">
      <h3 id="add-user-title" className="text-[13px] font-medium">
        Add a user
      </h3>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <NameField idPrefix="new-user" value={name} onChange={setName} errors={fields} />
        <EmailField idPrefix="new-user" value={email} onChange={setEmail} errors={fields} />
        <PasswordField idPrefix="new-user" value={password} onChange={setPassword} errors={fields} isNew />
        <Field id="new-user-role" label="Role" error={fields.role}>
          <select id="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)} className={inputClass} {...describedBy('new-user-role', fields.role)}>
            <option value="user">{roleName.user}</option>
            <option value="admin">{roleName.admin}</option>
          </select>
        </Field>
      </div>
      {error && Object.keys(fieldErrors(error)).length === 0 ? <ErrorNote>{errorMessage(error)}</ErrorNote> : null}
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? 'Adding…' : 'Add user'}
      </Button>
    </form>
  );
}

function defaultsNote(user: User): string {
  const runs = user.runsPerMinute === null ? 'default runs per minute' : `${user.runsPerMinute} runs per minute`;
  const budget = user.dailyBudgetUsd === null ? 'default budget' : user.dailyBudgetUsd === 0 ? 'no budget' : `${formatCost(user.dailyBudgetUsd)} a day`;
  return `${runs}, ${budget}`;
}

/** The accounts on this server, for the administrator: add, disable, reset a password, set quotas. */
export function UsersSection({ currentUserId }: { currentUserId: string }) {
  const users = useQuery(() => trpc.user.list.query(), 'settings.users');
  const [resetting, setResetting] = useState<User | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const changed = (message: string | null = null) => {
    setActionError(null);
    setNotice(message);
    users.reload();
  };

  return (
    <section aria-labelledby="users-title" className="space-y-2">
      <div>
        <h2 id="users-title" className="text-[14px] font-semibold">
          Users
        </h2>
        <p className="text-[12px] text-zinc-500">Who can sign in to this server. Quota fields left empty use the server&rsquo;s defaults.</p>
      </div>

      {actionError ? <ErrorNote>{errorMessage(actionError)}</ErrorNote> : null}
      {notice ? (
        <p role="status" className="text-[13px] text-emerald-700 dark:text-emerald-400">
          {notice}
        </p>
      ) : null}

      <Panel className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {/* relative: the sr-only labels (position: absolute) are placed, and clipped, inside the
            scrolling box; otherwise they sit where the wide table puts them and widen the page. */}
        <div className="relative overflow-x-auto">
          {users.error ? (
            <div className="p-3">
              <ErrorNote>{errorMessage(users.error)}</ErrorNote>
            </div>
          ) : !users.data ? (
            <div className="p-4">
              <Spinner label="Loading users…" />
            </div>
          ) : (
            <table className="w-full text-left text-[13px]">
              <thead className="border-b border-zinc-200 text-[11.5px] text-zinc-500 dark:border-zinc-800">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Name
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Email
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Role
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Status
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Quota
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {users.data.map((user) => (
                  <tr key={user.id}>
                    <td className="px-3 py-2">
                      <span id={`user-${user.id}-name`} className="font-medium">
                        {user.name || user.email}
                      </span>
                      {user.id === currentUserId ? <span className="ml-1.5 text-[11.5px] text-zinc-500">(you)</span> : null}
                      <p className="text-[11.5px] text-zinc-500" title={formatDateTime(user.createdAt)}>
                        {defaultsNote(user)}
                      </p>
                    </td>
                    <td className="px-3 py-2 break-all">{user.email}</td>
                    <td className="px-3 py-2">{roleName[user.role]}</td>
                    <td className="px-3 py-2">
                      {user.disabled ? <span className="text-rose-700 dark:text-rose-400">Disabled</span> : <span>Active</span>}
                    </td>
                    <td className="px-3 py-2">
                      {/* Keyed by the saved values so a reload shows what the server now has. */}
                      <QuotaForm key={`${user.runsPerMinute}-${user.dailyBudgetUsd}`} user={user} onSaved={() => changed(`Quota for ${user.name || user.email} saved.`)} />
                    </td>
                    <td className="px-3 py-2 text-right whitespace-nowrap">
                      <div className="flex justify-end gap-1.5">
                        <Button variant="ghost" onClick={() => setResetting(user)} aria-describedby={`user-${user.id}-name`}>
                          Reset password
                        </Button>
                        <DisableButton user={user} isSelf={user.id === currentUserId} onChanged={() => changed()} onError={setActionError} />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <AddUserForm onAdded={(name) => changed(`Added ${name}.`)} />
      </Panel>

      <Modal title={resetting ? `Reset password for ${resetting.name || resetting.email}` : 'Reset password'} open={resetting !== null} onClose={() => setResetting(null)}>
        {resetting ? (
          <ResetPasswordForm
            key={resetting.id}
            user={resetting}
            onCancel={() => setResetting(null)}
            onDone={() => {
              const who = resetting.name || resetting.email;
              setResetting(null);
              changed(`Password for ${who} reset.`);
            }}
          />
        ) : null}
      </Modal>
    </section>
  );
}

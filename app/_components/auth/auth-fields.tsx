'use client';

import { describedBy, Field, inputClass } from '../ui';

/**
 * The name, email and password boxes the three account forms share, with the autocomplete
 * hints password managers need. Labels are exactly "Name", "Email" and "Password".
 */

type Errors = Partial<Record<'name' | 'email' | 'password', string | undefined>>;

interface TextFieldProps {
  idPrefix: string;
  value: string;
  onChange: (value: string) => void;
  errors: Errors;
}

export function NameField({ idPrefix, value, onChange, errors }: TextFieldProps) {
  const id = `${idPrefix}-name`;
  return (
    <Field id={id} label="Name" error={errors.name}>
      <input id={id} autoComplete="name" required value={value} onChange={(e) => onChange(e.target.value)} className={inputClass} {...describedBy(id, errors.name)} />
    </Field>
  );
}

export function EmailField({ idPrefix, value, onChange, errors }: TextFieldProps) {
  const id = `${idPrefix}-email`;
  return (
    <Field id={id} label="Email" error={errors.email}>
      <input
        id={id}
        type="email"
        autoComplete="email"
        spellCheck={false}
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className={inputClass}
        {...describedBy(id, errors.email)}
      />
    </Field>
  );
}

/** `isNew` asks password managers to suggest one and says how long it must be. */
export function PasswordField({ idPrefix, value, onChange, errors, isNew = false }: TextFieldProps & { isNew?: boolean }) {
  const id = `${idPrefix}-password`;
  const hint = isNew ? `At least ${PASSWORD_MIN} characters.` : undefined;
  return (
    <Field id={id} label="Password" error={errors.password} hint={hint}>
      <input
        id={id}
        type="password"
        autoComplete={isNew ? 'new-password' : 'current-password'}
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className={inputClass}
        {...describedBy(id, errors.password, Boolean(hint))}
      />
    </Field>
  );
}

/** The server's password rule (account.setup, user.create): checked here first to save a round trip. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/** What is wrong with a new account's fields before sending them, by field; empty when nothing is. */
export function newAccountErrors(input: { name?: string; email: string; password: string }): Errors {
  const errors: Errors = {};
  if (input.name !== undefined && input.name.trim() === '') errors.name = 'Enter a name.';
  if (!/^[^\s@]+@[^\s@]+$/.test(input.email.trim())) errors.email = 'Enter an email address.';
  if (input.password.length < PASSWORD_MIN) errors.password = `Use at least ${PASSWORD_MIN} characters.`;
  else if (input.password.length > PASSWORD_MAX) errors.password = `Use at most ${PASSWORD_MAX} characters.`;
  return errors;
}

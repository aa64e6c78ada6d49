import { describe, expect, it } from 'vitest';
import { newAccountErrors } from '../../app/_components/auth/auth-fields';
import { parseQuota } from '../../app/_components/settings/users-section';
import { authErrorMessage, safeNextPath } from '../../app/_lib/auth-client';

describe('safeNextPath', () => {
  it('keeps a path on this site, query and hash included', () => {
    expect(safeNextPath('/runs/abc?tab=consensus#top')).toBe('/runs/abc?tab=consensus#top');
    expect(safeNextPath('/settings')).toBe('/settings');
    expect(safeNextPath(['/history', '/settings'])).toBe('/history');
  });

  it('sends anything that could leave the site, or nothing at all, to /', () => {
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', 'settings', '/\t/evil.example', '/\n/evil', '', null, undefined, []]) {
      expect(safeNextPath(next)).toBe('/');
    }
  });
});

describe('authErrorMessage', () => {
  it('prefers the message, then the status text, then the fallback', () => {
    expect(authErrorMessage({ message: 'Invalid email or password', statusText: 'UNAUTHORIZED' }, 'x')).toBe('Invalid email or password');
    expect(authErrorMessage({ message: '', statusText: 'Bad Gateway' }, 'x')).toBe('Bad Gateway');
    expect(authErrorMessage(null, 'Signing in failed.')).toBe('Signing in failed.');
  });
});

describe('newAccountErrors', () => {
  it('accepts a complete account', () => {
    expect(newAccountErrors({ name: 'Ada', email: 'ada@example.com', password: 'a'.repeat(10) })).toEqual({});
  });

  it('names each field that is wrong, by the server’s length rule', () => {
    expect(newAccountErrors({ name: '  ', email: 'ada', password: 'short' })).toEqual({
      name: 'Enter a name.',
      email: 'Enter an email address.',
      password: 'Use at least 10 characters.',
    });
    expect(newAccountErrors({ email: 'ada@example.com', password: 'a'.repeat(129) }).password).toBe('Use at most 128 characters.');
  });
});

describe('parseQuota', () => {
  it('reads empty as the default', () => {
    expect(parseQuota('', 'runsPerMinute')).toEqual({ value: null });
    expect(parseQuota('  ', 'dailyBudgetUsd')).toEqual({ value: null });
  });

  it('takes whole runs per minute from 1', () => {
    expect(parseQuota('6', 'runsPerMinute')).toEqual({ value: 6 });
    for (const text of ['0', '-1', '1.5', 'many']) expect(parseQuota(text, 'runsPerMinute')).toHaveProperty('error');
  });

  it('takes a budget in dollars from 0, to the cent', () => {
    expect(parseQuota('$2.5', 'dailyBudgetUsd')).toEqual({ value: 2.5 });
    expect(parseQuota('0', 'dailyBudgetUsd')).toEqual({ value: 0 });
    expect(parseQuota('1.006', 'dailyBudgetUsd')).toEqual({ value: 1.01 });
    for (const text of ['-1', 'lots', 'Infinity']) expect(parseQuota(text, 'dailyBudgetUsd')).toHaveProperty('error');
  });
});

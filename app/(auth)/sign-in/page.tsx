import type { Metadata } from 'next';
import { SignInForm } from '@/app/_components/auth/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** `next` comes from the server's redirect; `error` from better-auth when single sign-on came back failed. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  return <SignInForm next={first(params.next)} oauthError={first(params.error)} />;
}

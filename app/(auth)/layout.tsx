import Link from 'next/link';
import type { ReactNode } from 'react';
import { LogoMark } from '@/app/_components/site-header';

/** Setting up, signing in and signing up happen before there is anyone to show the header to. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="flex min-h-dvh flex-col items-center justify-center gap-5 px-4 py-10">
      <Link href="/" className="flex items-center gap-2 text-[15px] font-semibold tracking-tight">
        <LogoMark className="size-6" />
        Circle of Experts
      </Link>
      <div className="w-full max-w-sm rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900/60">{children}</div>
    </main>
  );
}

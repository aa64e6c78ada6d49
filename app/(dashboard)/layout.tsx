import type { ReactNode } from 'react';
import { SiteHeader } from '@/app/_components/site-header';

/** The working pages share the header; shared reports (/r/...) stand alone. */
export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-1.5 focus:text-[13px] dark:focus:bg-zinc-900"
      >
        Skip to content
      </a>
      <SiteHeader />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
    </>
  );
}

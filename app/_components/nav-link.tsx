'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** A header link that knows whether it is the current page (aria-current and a highlight). */
export function NavLink({ href, children }: { href: string; children: string }) {
  const pathname = usePathname();
  // The ask page also owns the runs it starts.
  const active = href === '/' ? pathname === '/' || pathname.startsWith('/runs/') : pathname.startsWith(href);
  return (
    <Link
      href={href}
      aria-current={active ? 'page' : undefined}
      className={`rounded-md px-2.5 py-1 text-[13px] font-medium transition-colors ${
        active
          ? 'bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100'
          : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100'
      }`}
    >
      {children}
    </Link>
  );
}

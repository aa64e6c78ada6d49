import Link from 'next/link';
import { AccountMenu } from './account-menu';
import { KeyboardShortcuts } from './keyboard-shortcuts';
import { NavLink } from './nav-link';
import { SystemBadge } from './system-badge';

/** The three experts around one question; the sign-in pages show it too. */
export function LogoMark({ className = 'size-5' }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className={className}>
      <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" strokeWidth="1.5" opacity="0.35" />
      <circle cx="12" cy="4.5" r="2.2" fill="currentColor" />
      <circle cx="5.5" cy="16" r="2.2" fill="currentColor" />
      <circle cx="18.5" cy="16" r="2.2" fill="currentColor" />
    </svg>
  );
}

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/85 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/85 print:hidden">
      <div className="mx-auto flex h-12 max-w-7xl items-center gap-2 px-3 sm:gap-3 sm:px-4">
        <Link href="/" className="flex items-center gap-2 text-[14px] font-semibold tracking-tight">
          <LogoMark />
          <span className="hidden sm:inline">Circle of Experts</span>
        </Link>
        <nav aria-label="Main" className="flex items-center gap-0.5">
          <NavLink href="/">Ask</NavLink>
          <NavLink href="/history">History</NavLink>
          <NavLink href="/settings">Settings</NavLink>
        </nav>
        <div className="ml-auto flex items-center gap-1.5 sm:gap-3">
          <SystemBadge />
          <KeyboardShortcuts />
          <AccountMenu />
        </div>
      </div>
    </header>
  );
}

import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Circle of Experts', template: '%s · Circle of Experts' },
  description: 'Ask one question, get a panel of AI experts answering at once, and see where they agree.',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#09090b' },
  ],
};

/**
 * Every page renders per request: its scripts carry the nonce proxy.ts put in this request's
 * Content-Security-Policy (Next applies it to its own scripts), and a page rendered at build
 * time would have none. Reading the headers is what opts the whole tree into that.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  (await headers()).get('x-nonce');
  return (
    <html lang="en">
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}

'use client';

import { trpc } from '../_lib/trpc';
import { useQuery } from '../_lib/use-query';

/** Tells the person when the panel is simulated, so no one mistakes it for real model output. */
export function SystemBadge() {
  const { data } = useQuery(() => trpc.system.info.query(), 'system.info');
  if (!data?.simulatorMode) return null;
  return (
    <span
      title="Answers come from the built-in provider simulator, not from real models."
      className="whitespace-nowrap rounded-full border border-violet-300 bg-violet-50 px-2 py-0.5 text-[11px] font-medium text-violet-700 dark:border-violet-800 dark:bg-violet-950 dark:text-violet-300"
    >
      <span className="sm:hidden">Simulated</span>
      <span className="hidden sm:inline">Simulator mode</span>
    </span>
  );
}

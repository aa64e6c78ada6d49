import { coreInfo } from '../core';
import { isSimulatorMode, listCredentialViews, providersInEnv } from '../experts/connection';
import { userProcedure, router } from '../trpc';

export const systemRouter = router({
  info: userProcedure.query(async () => ({
    simulatorMode: await isSimulatorMode(),
    providersConfigured: [...new Set([...providersInEnv(), ...(await listCredentialViews()).map((c) => c.provider)])],
    core: coreInfo(),
  })),
});

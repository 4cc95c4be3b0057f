import type { Models } from '../db/models';
import { createTaskInboxActivities } from './human-task/task-inbox.activities';
import { createMarketStrategyActivities } from './market/market-strategy.activities';
import { createProcessAuditActivities } from './process/process-audit.activities';
import { createHubDeliveryActivities } from './tmf701-hub/hub-events.activities';

export interface ActivityDependencies {
  models: Models;
}

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDependencies) {
  return {
    ...createProcessAuditActivities(deps),
    ...createTaskInboxActivities(deps),
    ...createMarketStrategyActivities(deps),
    ...createHubDeliveryActivities(deps),
  };
}
export type Activities = ReturnType<typeof createActivities>;

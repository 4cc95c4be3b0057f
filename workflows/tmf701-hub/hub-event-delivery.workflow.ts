import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { HubEventDeliveryArgs, HubEventDeliveryResult } from './hub-event-delivery.contract';

/**
 * Retried until delivered: backing off to one attempt every 10 minutes, with no limit on
 * attempts, so a listener that is down for a day gets its events when it is back. The pending
 * attempt, its count and the callback's last answer are visible in the Temporal UI
 * (WorkflowType = 'hubEventDeliveryWorkflow' AND ExecutionStatus = 'Running').
 */
const { deliverHubEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' }, // no maximumAttempts: unlimited
});

/** Delivers one TMF701 event to one hub listener. */
export async function hubEventDeliveryWorkflow(args: HubEventDeliveryArgs): Promise<HubEventDeliveryResult> {
  return deliverHubEvent(args);
}

import type { HubEvent } from '../../domain/tmf701-hub';

/** One event for one hub listener. */
export interface HubEventDeliveryArgs {
  subscriptionId: string;
  callback: string;
  event: HubEvent;
}

/** `unsubscribed`: the listener was deleted before the event got through, so it was dropped. */
export interface HubEventDeliveryResult {
  outcome: 'delivered' | 'unsubscribed';
  status?: number;
  deliveredAt?: string;
}

import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Models } from '../../db/models';
import type { HumanTask } from '../../domain/human-task';
import type { ProcessEvent } from '../../domain/process';
import { processDefinitions } from '../../domain/process-definitions';
import { BusinessKeyKey, ProcessOwnerKey, ProcessStageKey, ProcessTypeKey } from '../../domain/search-attributes';
import { toProcessFlow, toTaskFlow } from '../../domain/tmf701';
import {
  executionStatusAfter,
  hubDeliveryId,
  matchesSubscription,
  processFlowEventType,
  taskFlowEventType,
  type HubEvent,
  type HubEventType,
} from '../../domain/tmf701-hub';
import type { HubEventDeliveryArgs, HubEventDeliveryResult } from '../../workflows/tmf701-hub/hub-event-delivery.contract';

const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Publishes engine transitions to the TMF701 hub listeners. Called from the activities that record
 * a transition (so a workflow needs no change): each matching listener gets one delivery workflow
 * per event, whose id is derived from both, so a retried activity starts nothing twice. With no
 * listener registered it costs one read of a small collection.
 */
export function createHubPublisher({ models }: { models: Models }) {
  async function listenersFor(eventType: HubEventType, processType: string) {
    const all = await models.hubSubscriptions.find().lean().exec();
    return all.filter((s) => matchesSubscription(s.filter, eventType, processType));
  }

  async function startDeliveries(listeners: { _id: string; callback: string }[], event: HubEvent): Promise<void> {
    const { client, info } = Context.current();
    await Promise.all(
      listeners.map(async (listener) => {
        const args: HubEventDeliveryArgs = { subscriptionId: listener._id, callback: listener.callback, event };
        try {
          await client.workflow.start('hubEventDeliveryWorkflow', {
            workflowId: hubDeliveryId(listener._id, event.eventId),
            taskQueue: info.taskQueue,
            args: [args],
          });
        } catch (err) {
          // Started by an earlier attempt of this activity: that delivery is under way.
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
      }),
    );
  }

  return {
    async publishTaskTransition(task: HumanTask, action: string, eventId: string, at: string): Promise<void> {
      const eventType = taskFlowEventType(action);
      const listeners = await listenersFor(eventType, task.processType);
      if (listeners.length === 0) return;
      const { formSchema: _schema, ...withoutSchema } = task;
      await startDeliveries(listeners, { eventId, eventTime: at, eventType, correlationId: task.processId, event: { taskFlow: toTaskFlow(withoutSchema) } });
    },

    async publishProcessEvent(event: ProcessEvent, eventId: string): Promise<void> {
      const eventType = processFlowEventType(event.action);
      if (!eventType) return;
      const { client, info } = Context.current();
      const processType = processDefinitions.find((d) => d.workflowType === info.workflowType)?.type ?? info.workflowType ?? 'unknown';
      const listeners = await listenersFor(eventType, processType);
      if (listeners.length === 0) return;
      // Type, owner, business key and start time as the process was started with them.
      const description = await client.workflow.getHandle(event.processId).describe();
      const sa = description.typedSearchAttributes;
      const processFlow = toProcessFlow({
        processId: event.processId,
        processType: sa.get(ProcessTypeKey) ?? processType,
        businessKey: sa.get(BusinessKeyKey),
        owner: sa.get(ProcessOwnerKey),
        stage: event.action.startsWith('stage.') ? event.action.slice('stage.'.length) : sa.get(ProcessStageKey),
        status: /^process\.(completed|rejected|cancelled)$/.test(event.action) ? event.action.slice('process.'.length) : 'running',
        executionStatus: executionStatusAfter(event.action),
        startTime: description.startTime.toISOString(),
        ...(eventType === 'ProcessFlowStateChangeEvent' && { closeTime: event.at }),
      });
      await startDeliveries(listeners, { eventId, eventTime: event.at, eventType, correlationId: event.processId, event: { processFlow } });
    },
  };
}

/** The delivery itself: one POST of the event to the listener's callback; any non-2xx is retried. */
export function createHubDeliveryActivities({ models }: { models: Models }) {
  return {
    async deliverHubEvent({ subscriptionId, callback, event }: HubEventDeliveryArgs): Promise<HubEventDeliveryResult> {
      if (!(await models.hubSubscriptions.exists({ _id: subscriptionId }).exec())) return { outcome: 'unsubscribed' };
      let res: Response;
      try {
        res = await fetch(callback, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-event-id': event.eventId, 'x-event-type': event.eventType },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
          redirect: 'manual',
        });
      } catch (err) {
        throw ApplicationFailure.retryable(`callback ${callback} unreachable: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`, 'HUB_CALLBACK_UNREACHABLE');
      }
      await res.body?.cancel();
      if (res.status < 200 || res.status > 299) {
        throw ApplicationFailure.retryable(`callback ${callback} answered ${res.status}`, 'HUB_CALLBACK_REFUSED');
      }
      return { outcome: 'delivered', status: res.status, deliveredAt: new Date().toISOString() };
    },
  };
}

import type { Activities } from '../../activities';
import type { TaskTransition } from '../../activities/human-task/task-inbox.activities';
import type { HumanTask } from '../../domain/human-task';
import type { MarketStrategyDraft } from '../../domain/market-strategy';
import type { ProcessEvent } from '../../domain/process';

/** In-memory stand-ins for the activities: they record what the workflows asked for. */
export function fakeActivities() {
  const calls = {
    processEvents: [] as ProcessEvent[],
    taskTransitions: [] as { task: HumanTask; transition: TaskTransition }[],
    savedDrafts: [] as { strategyId: string; revision: number; draft: MarketStrategyDraft }[],
    activations: [] as { strategyId: string; draft: MarketStrategyDraft }[],
    closings: [] as { strategyId: string; status: string }[],
  };
  const activities: Activities = {
    recordProcessEvent: (event) => {
      calls.processEvents.push(event);
      return Promise.resolve();
    },
    recordTaskTransition: (task, transition) => {
      calls.taskTransitions.push({ task, transition });
      return Promise.resolve();
    },
    saveMarketStrategyDraft: ({ strategyId, revision, draft }) => {
      calls.savedDrafts.push({ strategyId, revision, draft });
      return Promise.resolve();
    },
    activateMarketStrategy: ({ strategyId, draft }) => {
      calls.activations.push({ strategyId, draft });
      return Promise.resolve({
        segmentSizes: Object.fromEntries(draft.segments.map((s, i) => [s.key, 10 * (i + 1)])),
        linkedOfferings: draft.offeringTargets.map((t) => t.productOfferingId),
        unknownOfferings: [],
      });
    },
    closeMarketStrategy: ({ strategyId, status }) => {
      calls.closings.push({ strategyId, status });
      return Promise.resolve();
    },
    deliverHubEvent: () => Promise.resolve({ outcome: 'delivered' }),
  };
  return { activities, calls };
}

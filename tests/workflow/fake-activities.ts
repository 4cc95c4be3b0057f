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
    /** Most projection writes of one task running at once (1 when the workflow serializes them). */
    maxTaskWritesInFlight: 0,
  };
  /** How long each task projection write takes (0: at once). */
  const options = { taskWriteMs: 0 };
  const writesInFlight = new Map<string, number>();
  const activities: Activities = {
    recordProcessEvent: (event) => {
      calls.processEvents.push(event);
      return Promise.resolve();
    },
    recordTaskTransition: async (task, transition) => {
      calls.taskTransitions.push({ task, transition });
      // A slow projection store, when a test asks for one: shows whether writes overlap.
      const running = (writesInFlight.get(task.taskId) ?? 0) + 1;
      writesInFlight.set(task.taskId, running);
      calls.maxTaskWritesInFlight = Math.max(calls.maxTaskWritesInFlight, running);
      if (options.taskWriteMs > 0) await new Promise((resolve) => setTimeout(resolve, options.taskWriteMs));
      writesInFlight.set(task.taskId, running - 1);
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
  return { activities, calls, options };
}

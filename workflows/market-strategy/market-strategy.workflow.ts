import { CancellationScope, isCancellation, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { Groups } from '../../domain/access-policy';
import { marketStrategySla, type MarketStrategyDraft } from '../../domain/market-strategy';
import type { ProcessView } from '../../domain/process';
import { createProcessRuntime } from '../shared/process-runtime';
import {
  REVIEW_OUTCOMES,
  REVIEW_TASK,
  REVISION_TASK,
  reviewFormSchema,
  revisionFormSchema,
  type MarketStrategyArgs,
  type MarketStrategyData,
} from './market-strategy.contract';

const { saveMarketStrategyDraft, activateMarketStrategy, closeMarketStrategy } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '1 minute' },
});

/**
 * eTOM 1.1.1 Market Strategy & Policy: a drafted strategy is reviewed by the marketing directors
 * (never by its owner); changes requested go back to the owner for revision until approved or
 * rejected; on approval its segments become active with their sizes and offerings link to them.
 */
export async function marketStrategyWorkflow(args: MarketStrategyArgs): Promise<ProcessView<MarketStrategyData>> {
  const data: MarketStrategyData = { draft: args.input, revision: 1, reviewComments: [] };
  const process = createProcessRuntime(args, data);
  const strategyId = args.processId;
  const now = () => new Date().toISOString();
  const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();
  // Instances started before review SLAs existed keep reviewing without them (replay-safe).
  const withSla = patched('market-strategy-review-sla');

  try {
    await process.record('process.started', args.owner, { name: args.input.name });
    for (let round = 1; ; round++) {
      await process.enterStage('review');
      await saveMarketStrategyDraft({ strategyId, owner: args.owner, draft: data.draft, revision: data.revision, at: now() });
      const review = await process.runHumanTask(`review-${round}`, {
        taskType: REVIEW_TASK,
        title: `Review market strategy "${data.draft.name}" (round ${round})`,
        candidateGroups: [Groups.marketingDirector],
        excludedUsers: [args.owner],
        outcomes: [...REVIEW_OUTCOMES],
        formSchema: reviewFormSchema,
        context: { strategyId, revision: data.revision, draft: data.draft },
        ...(withSla && {
          dueAt: inFuture(marketStrategySla.reviewDueInMs),
          expiresAt: inFuture(marketStrategySla.reviewExpiresInMs),
          escalation: [
            { type: 'raisePriority', to: marketStrategySla.reviewEscalationPriority },
            { type: 'addCandidateGroups', groups: [Groups.cmo] },
          ],
        }),
      });
      data.reviewComments.push({ round, by: review.completedBy, outcome: review.outcome, comments: review.data.comments as string | undefined });

      if (review.outcome === 'approve') break;
      if (review.expired) {
        await process.enterStage('rejected');
        await closeMarketStrategy({ strategyId, status: 'rejected', at: now() });
        await process.finish('rejected');
        return process.view;
      }
      if (review.outcome === 'reject') {
        await process.enterStage('rejected', review.completedBy);
        await closeMarketStrategy({ strategyId, status: 'rejected', at: now() });
        await process.finish('rejected', review.completedBy);
        return process.view;
      }

      await process.enterStage('revision', review.completedBy);
      const revision = await process.runHumanTask(`revision-${round}`, {
        taskType: REVISION_TASK,
        title: `Revise market strategy "${data.draft.name}"`,
        candidateGroups: [Groups.marketingManager],
        assignee: args.owner,
        outcomes: ['resubmit', 'withdraw'],
        formSchema: revisionFormSchema,
        context: { strategyId, draft: data.draft, comments: review.data.comments },
        ...(withSla && { dueAt: inFuture(marketStrategySla.revisionDueInMs) }),
      });
      if (revision.outcome === 'withdraw') {
        await process.enterStage('withdrawn', revision.completedBy);
        await closeMarketStrategy({ strategyId, status: 'cancelled', at: now() });
        await process.finish('cancelled', revision.completedBy);
        return process.view;
      }
      data.draft = revision.data.draft as MarketStrategyDraft;
      data.revision += 1;
    }

    await process.enterStage('activation');
    data.activation = await activateMarketStrategy({ strategyId, draft: data.draft, at: now() });
    await process.enterStage('published');
    await process.finish('completed');
    return process.view;
  } catch (err) {
    if (!isCancellation(err)) throw err;
    await CancellationScope.nonCancellable(async () => {
      await closeMarketStrategy({ strategyId, status: 'cancelled', at: now() });
      await process.finishCancelled();
    });
    throw err;
  }
}

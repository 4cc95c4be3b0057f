import { approvalPolicies } from '../../domain/approval-policies';
import {
  approvalLevelsFor,
  expiredApprovalCountsAs,
  quorumApprovers,
  quorumDecision,
  validateApprovalPolicy,
  type AmountApprovalChain,
  type ApprovalPolicy,
  type ApprovalVote,
  type QuorumApproval,
} from '../../domain/approval';
import { domainError } from '../support/domain-error';

const chain: AmountApprovalChain = {
  kind: 'amountChain',
  taskType: 'approve-budget',
  levels: [
    { below: 10_000, groups: ['manager'], title: 'Manager' },
    { below: 100_000, groups: ['director'], title: 'Director' },
    { groups: ['finance'], title: 'Finance' },
  ],
};
const quorum: QuorumApproval = { kind: 'quorum', taskType: 'approve-plan', approvers: ['bob', 'carol', 'dan'], required: 2 };

const fieldErrors = (fn: () => unknown) => {
  const err = domainError(fn);
  expect(err.code).toBe('VALIDATION_FAILED');
  return err.errors;
};
const titles = (amount: number, c: AmountApprovalChain = chain) => approvalLevelsFor(c, amount).map((l) => l.title);

describe('approvalLevelsFor', () => {
  it.each([
    [0, ['Manager']],
    [5_000, ['Manager']],
    [9_999.99, ['Manager']],
    [10_000, ['Manager', 'Director']],
    [50_000, ['Manager', 'Director']],
    [99_999, ['Manager', 'Director']],
    [99_999.99, ['Manager', 'Director']],
    [100_000, ['Manager', 'Director', 'Finance']],
    [Number.MAX_SAFE_INTEGER, ['Manager', 'Director', 'Finance']],
  ])('amount %d needs %j, in that order', (amount, expected) => {
    expect(titles(amount)).toEqual(expected);
  });

  it('a single open-ended level takes every amount', () => {
    expect(titles(1e12, { ...chain, levels: [{ groups: ['manager'], title: 'Manager' }] })).toEqual(['Manager']);
  });

  it.each([[-0.01], [Number.NaN], [Number.POSITIVE_INFINITY], ['5000' as unknown as number], [undefined as unknown as number]])(
    'refuses the amount %p',
    (amount) => {
      expect(fieldErrors(() => approvalLevelsFor(chain, amount))).toEqual([{ path: '/amount', message: 'must be a finite number, zero or more' }]);
    },
  );

  it('refuses a chain that is not valid before looking at the amount', () => {
    expect(fieldErrors(() => approvalLevelsFor({ ...chain, levels: [] }, 5)).map((e) => e.path)).toEqual(['/levels']);
  });
});

describe('quorumDecision', () => {
  const A: ApprovalVote = 'approved';
  const R: ApprovalVote = 'rejected';
  it.each<[string, number, number, ApprovalVote[], string]>([
    ['nobody answered yet', 3, 2, [], 'pending'],
    ['one approval of two needed', 3, 2, [A], 'pending'],
    ['two approvals', 3, 2, [A, A], 'approved'],
    ['approval after a rejection', 3, 2, [R, A, A], 'approved'],
    ['one rejection: two can still approve', 3, 2, [R], 'pending'],
    ['two rejections: only one approver left, early rejection', 3, 2, [R, R], 'rejected'],
    ['one of one rejects', 1, 1, [R], 'rejected'],
    ['unanimity broken by the first rejection', 3, 3, [A, R], 'rejected'],
    ['one of three: first approval decides', 3, 1, [A], 'approved'],
    ['one of three: pending until all reject', 3, 1, [R, R], 'pending'],
    ['one of three: all rejected', 3, 1, [R, R, R], 'rejected'],
  ])('%s (%d approvers, %d required)', (_story, approvers, required, votes, expected) => {
    expect(quorumDecision(approvers, required, votes)).toBe(expected);
  });

  it('refuses an impossible quorum or too many votes', () => {
    expect(fieldErrors(() => quorumDecision(3, 0, [])).map((e) => e.path)).toEqual(['/required']);
    expect(fieldErrors(() => quorumDecision(2, 3, [])).map((e) => e.path)).toEqual(['/required']);
    expect(fieldErrors(() => quorumDecision(3, 1.5, [])).map((e) => e.path)).toEqual(['/required']);
    expect(fieldErrors(() => quorumDecision(1, 1, ['approved', 'approved'])).map((e) => e.path)).toEqual(['/votes']);
  });
});

describe('quorumApprovers (four-eyes)', () => {
  it('never asks the requester', () => {
    expect(quorumApprovers(quorum, 'alice')).toEqual(['bob', 'carol', 'dan']);
    expect(quorumApprovers(quorum, 'carol')).toEqual(['bob', 'dan']);
  });

  it('refuses when the quorum cannot be reached without the requester', () => {
    const err = domainError(() => quorumApprovers({ ...quorum, required: 3 }, 'carol'));
    expect(err.errors).toEqual([{ path: '/approvers', message: '3 approvals needed but only 2 approvers besides carol' }]);
  });
});

describe('expiredApprovalCountsAs', () => {
  it('rejects unless the policy says otherwise', () => {
    expect(expiredApprovalCountsAs(quorum)).toBe('rejected');
    expect(expiredApprovalCountsAs({ ...quorum, onExpiry: 'approve' })).toBe('approved');
    expect(expiredApprovalCountsAs({ kind: 'single', taskType: 't', groups: ['g'], onExpiry: 'reject' })).toBe('rejected');
  });

  it('auto-approves amounts under the limit of an amount chain, and only those', () => {
    const lenient = { ...chain, autoApproveBelow: 1_000 };
    expect(expiredApprovalCountsAs(lenient, 999.99)).toBe('approved');
    expect(expiredApprovalCountsAs(lenient, 1_000)).toBe('rejected');
    expect(expiredApprovalCountsAs(chain, 1)).toBe('rejected');
  });
});

describe('validateApprovalPolicy', () => {
  it('accepts the configured process policies and well-formed ones of each kind', () => {
    for (const policy of [...Object.values(approvalPolicies), chain, quorum, { kind: 'single', taskType: 't', groups: [], users: ['bob'] } as ApprovalPolicy]) {
      expect(() => validateApprovalPolicy(policy)).not.toThrow();
    }
  });

  it('the campaign budget chain: manager under 10 000, director under 100 000, finance above', () => {
    const budget = approvalPolicies.campaignBudget;
    expect(approvalLevelsFor(budget, 9_999.99).map((l) => l.groups)).toEqual([['marketing-manager']]);
    expect(approvalLevelsFor(budget, 10_000).map((l) => l.groups)).toEqual([['marketing-manager'], ['marketing-director']]);
    expect(approvalLevelsFor(budget, 100_000).map((l) => l.groups)).toEqual([['marketing-manager'], ['marketing-director'], ['finance']]);
  });

  it('a quorum needs N between 1 and M distinct approvers', () => {
    expect(fieldErrors(() => validateApprovalPolicy({ ...quorum, required: 0 }))).toEqual([
      { path: '/required', message: 'must be a whole number from 1 to the number of approvers (3)' },
    ]);
    expect(fieldErrors(() => validateApprovalPolicy({ ...quorum, required: 4 })).map((e) => e.path)).toEqual(['/required']);
    expect(fieldErrors(() => validateApprovalPolicy({ ...quorum, required: 1.5 })).map((e) => e.path)).toEqual(['/required']);
    expect(fieldErrors(() => validateApprovalPolicy({ ...quorum, approvers: [] })).map((e) => e.path)).toEqual(['/approvers', '/required']);
    expect(fieldErrors(() => validateApprovalPolicy({ ...quorum, approvers: ['bob', 'bob'] }))).toEqual([{ path: '/approvers', message: 'must not name an approver twice' }]);
  });

  it('an amount chain needs ascending limits and an open-ended last level', () => {
    const levels = chain.levels;
    expect(fieldErrors(() => validateApprovalPolicy({ ...chain, levels: [levels[1], levels[0], levels[2]] }))).toEqual([
      { path: '/levels/1/below', message: "must be greater than the previous level's limit (100000)" },
    ]);
    expect(fieldErrors(() => validateApprovalPolicy({ ...chain, levels: [levels[0], { ...levels[1], below: 10_000 }, levels[2]] })).map((e) => e.path)).toEqual(['/levels/1/below']);
    expect(fieldErrors(() => validateApprovalPolicy({ ...chain, levels: [levels[0], levels[1]] }))).toEqual([
      { path: '/levels/1/below', message: 'the last level must be open-ended (no limit)' },
    ]);
    expect(fieldErrors(() => validateApprovalPolicy({ ...chain, levels: [{ groups: ['manager'] }, levels[2]] }))).toEqual([
      { path: '/levels/0/below', message: 'must be a positive amount (only the last level is open-ended)' },
    ]);
    expect(fieldErrors(() => validateApprovalPolicy({ ...chain, levels: [{ below: 5, groups: [] }, levels[2]] })).map((e) => e.path)).toEqual(['/levels/0/groups']);
    expect(fieldErrors(() => validateApprovalPolicy({ ...chain, levels: [] })).map((e) => e.path)).toEqual(['/levels']);
  });

  it('expiry and deadlines must be coherent', () => {
    expect(fieldErrors(() => validateApprovalPolicy({ ...chain, onExpiry: 'approve', autoApproveBelow: 1_000 })).map((e) => e.path)).toEqual(['/autoApproveBelow']);
    expect(fieldErrors(() => validateApprovalPolicy({ ...chain, autoApproveBelow: -1 })).map((e) => e.path)).toEqual(['/autoApproveBelow']);
    expect(fieldErrors(() => validateApprovalPolicy({ ...quorum, onExpiry: 'ignore' as 'reject' })).map((e) => e.path)).toEqual(['/onExpiry']);
    expect(fieldErrors(() => validateApprovalPolicy({ ...quorum, sla: { dueInMs: 0 } })).map((e) => e.path)).toEqual(['/sla/dueInMs']);
    expect(fieldErrors(() => validateApprovalPolicy({ ...quorum, sla: { dueInMs: 5, expiresInMs: 5 } }))).toEqual([{ path: '/sla/dueInMs', message: 'must be before expiresInMs' }]);
  });

  it('a single approval names someone, and every policy a task type and a known kind', () => {
    expect(fieldErrors(() => validateApprovalPolicy({ kind: 'single', taskType: 't', groups: [] })).map((e) => e.path)).toEqual(['/groups']);
    expect(fieldErrors(() => validateApprovalPolicy({ kind: 'single', taskType: '', groups: ['g'] })).map((e) => e.path)).toEqual(['/taskType']);
    const err = domainError(() => validateApprovalPolicy({ kind: 'vote', taskType: 't' } as unknown as ApprovalPolicy));
    expect(err.message).toBe('invalid vote approval policy');
    expect(err.errors).toEqual([{ path: '/kind', message: 'must be one of single, quorum, amountChain' }]);
  });
});

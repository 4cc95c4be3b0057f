import { ErrorCode } from '../../domain/errors';
import { checkClaim, checkCompletion, isCandidate, validateTaskForm, type HumanTask, type TaskCompletion } from '../../domain/human-task';
import type { Actor } from '../../domain/identity';
import type { JsonSchema } from '../../domain/json-schema';
import { CRITERION_OPERATORS } from '../../domain/segment-criteria';
import { domainError } from '../support/domain-error';

const formSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['score'],
  properties: { score: { type: 'integer', minimum: 1, maximum: 5 }, comments: { type: 'string' } },
};

function task(overrides: Partial<HumanTask> = {}): HumanTask {
  return {
    taskId: 'task-1', processId: 'p-1', processType: 'market-strategy', businessKey: 'bk',
    taskType: 'review', title: 'Review', candidateGroups: ['marketing-director'], outcomes: ['approve', 'reject'],
    formSchema, state: 'open', priority: 50, createdAt: '2026-01-01T00:00:00Z', revision: 1,
    ...overrides,
  };
}

const director: Actor = { userId: 'dora', groups: ['marketing-director'] };
const otherDirector: Actor = { userId: 'dan', groups: ['ops', 'marketing-director'] };
const manager: Actor = { userId: 'mark', groups: ['marketing-manager'] };


describe('isCandidate', () => {
  it('is true for a member of a candidate group or the assignee', () => {
    expect(isCandidate(task(), director)).toBe(true);
    expect(isCandidate(task({ assignee: 'mark' }), manager)).toBe(true);
  });

  it('is false for anyone else', () => {
    expect(isCandidate(task(), manager)).toBe(false);
    expect(isCandidate(task({ assignee: 'someone' }), manager)).toBe(false);
    expect(isCandidate(task(), { userId: 'nobody', groups: [] })).toBe(false);
  });
});

describe('checkClaim', () => {
  it('lets a candidate claim an open task and re-claim their own', () => {
    expect(() => checkClaim(task(), director)).not.toThrow();
    expect(() => checkClaim(task({ state: 'claimed', assignee: 'dora' }), director)).not.toThrow();
  });

  it.each(['completed', 'cancelled'] as const)('refuses a %s task', (state) => {
    const e = domainError(() => checkClaim(task({ state }), director));
    expect(e.code).toBe(ErrorCode.TaskNotOpen);
    expect(e.message).toBe(`task task-1 is ${state}`);
  });

  it('refuses a non-candidate', () => {
    const e = domainError(() => checkClaim(task(), manager));
    expect(e.code).toBe(ErrorCode.NotACandidate);
    expect(e.message).toBe('mark is not a candidate for task task-1');
  });

  it('refuses an excluded user even when in a candidate group or assigned (four eyes)', () => {
    expect(domainError(() => checkClaim(task({ excludedUsers: ['dora'] }), director)).code).toBe(ErrorCode.ExcludedUser);
    expect(domainError(() => checkClaim(task({ state: 'claimed', assignee: 'dora', excludedUsers: ['dora'] }), director)).code).toBe(ErrorCode.ExcludedUser);
    expect(() => checkClaim(task({ excludedUsers: ['dora'] }), otherDirector)).not.toThrow();
  });

  it('refuses a task claimed by someone else', () => {
    const e = domainError(() => checkClaim(task({ state: 'claimed', assignee: 'dan' }), director));
    expect(e.code).toBe(ErrorCode.TaskClaimedByOther);
    expect(e.message).toBe('task task-1 is claimed by dan');
  });

  it('checks the state before anything about the actor', () => {
    expect(domainError(() => checkClaim(task({ state: 'completed', excludedUsers: ['mark'] }), manager)).code).toBe(ErrorCode.TaskNotOpen);
  });
});

describe('checkCompletion', () => {
  const ok: TaskCompletion = { outcome: 'approve', data: { score: 4 } };

  it('accepts a candidate with an allowed outcome and valid data', () => {
    expect(() => checkCompletion(task(), director, ok)).not.toThrow();
    expect(() => checkCompletion(task({ state: 'claimed', assignee: 'dora' }), director, ok)).not.toThrow();
  });

  it('applies the claim rules first', () => {
    expect(domainError(() => checkCompletion(task({ state: 'claimed', assignee: 'dan' }), director, ok)).code).toBe(ErrorCode.TaskClaimedByOther);
    expect(domainError(() => checkCompletion(task(), manager, { outcome: 'nope', data: {} })).code).toBe(ErrorCode.NotACandidate);
    expect(domainError(() => checkCompletion(task({ state: 'cancelled' }), director, ok)).code).toBe(ErrorCode.TaskNotOpen);
  });

  it('refuses an outcome the task does not offer, at /outcome', () => {
    const e = domainError(() => checkCompletion(task(), director, { outcome: 'escalate', data: { score: 4 } }));
    expect(e.code).toBe(ErrorCode.OutcomeNotAllowed);
    expect(e.errors).toEqual([{ path: '/outcome', message: 'must be one of approve, reject' }]);
  });

  it('refuses invalid form data with the field paths under /data', () => {
    const e = domainError(() => checkCompletion(task(), director, { outcome: 'reject', data: { score: 9, note: 'x' } }));
    expect(e.code).toBe(ErrorCode.FormInvalid);
    expect(e.errors).toEqual([
      { path: '/data/score', message: 'must be <= 5' },
      { path: '/data/note', message: 'is not allowed' },
    ]);
  });
});

describe('validateTaskForm', () => {
  it('validates data against the schema with /data paths', () => {
    expect(validateTaskForm(formSchema, { outcome: 'approve', data: { score: 3 } })).toEqual([]);
    expect(validateTaskForm(formSchema, { outcome: 'approve', data: {} })).toEqual([{ path: '/data/score', message: 'is required' }]);
  });

  it('reports an unknown x-rule', () => {
    expect(validateTaskForm({ type: 'object', 'x-rule': 'no-such-rule' }, { outcome: 'approve', data: {} })).toEqual([
      { path: '/', message: 'unknown form rule no-such-rule' },
    ]);
  });

  describe('x-rule review-comments', () => {
    const review: JsonSchema = { type: 'object', additionalProperties: false, 'x-rule': 'review-comments', properties: { comments: { type: 'string', maxLength: 20 } } };

    it('needs no comments to approve', () => {
      expect(validateTaskForm(review, { outcome: 'approve', data: {} })).toEqual([]);
    });

    it.each([{}, { comments: '' }, { comments: '   \n' }])('requires comments for other outcomes: %j', (data) => {
      expect(validateTaskForm(review, { outcome: 'requestChanges', data })).toEqual([
        { path: '/data/comments', message: 'comments are required when the outcome is requestChanges' },
      ]);
    });

    it('accepts comments for other outcomes', () => {
      expect(validateTaskForm(review, { outcome: 'reject', data: { comments: 'too broad' } })).toEqual([]);
    });

    it('reports schema errors only, without running the rule', () => {
      expect(validateTaskForm(review, { outcome: 'reject', data: { comments: 7 } })).toEqual([{ path: '/data/comments', message: 'must be string' }]);
      expect(validateTaskForm(review, { outcome: 'reject', data: { comments: 'x'.repeat(21) } })).toEqual([
        { path: '/data/comments', message: 'must have at most 20 characters' },
      ]);
    });
  });

  describe('x-rule market-strategy-revision', () => {
    const revision: JsonSchema = { type: 'object', additionalProperties: false, 'x-rule': 'market-strategy-revision', properties: { draft: { type: 'object' }, comments: { type: 'string' } } };
    const validDraft = {
      name: 'S', markets: ['ES'], objectives: [], offeringTargets: [{ productOfferingId: 'o', segmentKeys: ['a'] }],
      segments: [{ key: 'a', name: 'A', criteria: { attribute: 'age', operator: 'gte', value: 18 } }],
    };

    it('accepts a valid revised draft on resubmit', () => {
      expect(validateTaskForm(revision, { outcome: 'resubmit', data: { draft: validDraft } })).toEqual([]);
    });

    it('requires a draft to resubmit', () => {
      expect(validateTaskForm(revision, { outcome: 'resubmit', data: {} })).toEqual([{ path: '/data/draft', message: 'must be object' }]);
    });

    it('reports draft problems under /data/draft', () => {
      const bad = { ...validDraft, segments: [{ key: 'a', name: 'A', criteria: { or: [{ attribute: 'age', operator: 'gte', value: 18 }, { attribute: 'region', operator: '$regex', value: '.*' }] } }] };
      expect(validateTaskForm(revision, { outcome: 'resubmit', data: { draft: bad } })).toEqual([
        { path: '/data/draft/segments/0/criteria/or/1/operator', message: `must be one of ${CRITERION_OPERATORS.join(', ')}` },
      ]);
      expect(validateTaskForm(revision, { outcome: 'resubmit', data: { draft: { ...validDraft, offeringTargets: [{ productOfferingId: 'o', segmentKeys: ['b'] }] } } })).toEqual([
        { path: '/data/draft/offeringTargets/0/segmentKeys/0', message: 'no segment with key b' },
      ]);
    });

    it('ignores the draft for other outcomes', () => {
      expect(validateTaskForm(revision, { outcome: 'withdraw', data: {} })).toEqual([]);
      expect(validateTaskForm(revision, { outcome: 'withdraw', data: { draft: { name: '' } } })).toEqual([]);
    });
  });
});

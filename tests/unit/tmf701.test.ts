import type { HumanTask } from '../../domain/human-task';
import {
  characteristicValues,
  executionStatusFor,
  isProcessFlowState,
  processFlowState,
  selectFields,
  taskBelongsToProcess,
  taskFlowState,
  toProcessFlow,
  toTaskFlow,
} from '../../domain/tmf701';

function task(overrides: Partial<HumanTask> = {}): HumanTask {
  return {
    taskId: 'market-strategy-1.task-review-1', processId: 'market-strategy-1', processType: 'market-strategy', businessKey: 'bk',
    taskType: 'review-market-strategy', title: 'Review', candidateGroups: ['marketing-director'], outcomes: ['approve', 'reject'],
    formSchema: { type: 'object' }, state: 'open', priority: 50, createdAt: '2026-01-01T00:00:00Z', revision: 1,
    ...overrides,
  };
}

describe('ProcessFlow state', () => {
  test.each([
    ['running', 'active'],
    ['continuedAsNew', 'active'],
    ['completed', 'completed'],
    ['cancelled', 'cancelled'],
    ['terminated', 'cancelled'],
    ['failed', 'cancelled'],
    ['timedOut', 'cancelled'],
  ])('execution status %s is %s', (status, state) => {
    expect(processFlowState(status)).toBe(state);
  });

  test('the state filter maps back to one execution status; hold matches nothing', () => {
    expect(executionStatusFor('active')).toBe('running');
    expect(executionStatusFor('completed')).toBe('completed');
    expect(executionStatusFor('cancelled')).toBe('cancelled');
    expect(executionStatusFor('hold')).toBeNull();
    expect(isProcessFlowState('hold')).toBe(true);
    expect(isProcessFlowState('running')).toBe(false);
  });
});

describe('TaskFlow state', () => {
  test.each([
    ['open', 'new'],
    ['claimed', 'active'],
    ['completed', 'completed'],
    ['cancelled', 'cancelled'],
    ['expired', 'cancelled'],
  ] as const)('task state %s is %s', (state, flowState) => {
    expect(taskFlowState(state)).toBe(flowState);
  });

  test('a delegated task stays active', () => {
    expect(toTaskFlow(task({ state: 'claimed', assignee: 'ana', delegation: { owner: 'carol', state: 'pending' } })).state).toBe('active');
  });
});

describe('resources', () => {
  test('a process flow: specification, owner, characteristics, open task flow refs', () => {
    const flow = toProcessFlow({
      processId: 'market-strategy-1', processType: 'market-strategy', businessKey: 'Fibre', owner: 'alice', stage: 'review', status: 'running',
      executionStatus: 'running', startTime: '2026-01-01T00:00:00.000Z',
      openTasks: [{ taskId: 'market-strategy-1.task-review-1', taskType: 'review-market-strategy', title: 'Review', state: 'open' }],
      data: { x: 1 },
    });
    expect(flow).toMatchObject({
      '@type': 'ProcessFlow',
      id: 'market-strategy-1',
      href: '/tmf-api/processFlowManagement/v4/processFlow/market-strategy-1',
      processFlowSpecification: 'market-strategy',
      processFlowDate: '2026-01-01T00:00:00.000Z',
      state: 'active',
      relatedParty: [{ id: 'alice', role: 'owner', '@type': 'RelatedParty', '@referredType': 'Individual' }],
      taskFlow: [{ id: 'market-strategy-1.task-review-1', href: '/tmf-api/processFlowManagement/v4/processFlow/market-strategy-1/taskFlow/market-strategy-1.task-review-1', '@type': 'TaskFlowRef' }],
    });
    expect(flow.characteristic.map((c) => [c.name, c.valueType])).toEqual([
      ['businessKey', 'string'], ['stage', 'string'], ['status', 'string'], ['executionStatus', 'string'], ['data', 'object'],
    ]);
  });

  test('a summary (list item) has no taskFlow; a rejected strategy is completed with status rejected', () => {
    const flow = toProcessFlow({ processId: 'p', processType: 'market-strategy', status: 'rejected', executionStatus: 'completed', startTime: 't' });
    expect(flow.taskFlow).toBeUndefined();
    expect(flow.state).toBe('completed');
    expect(flow.relatedParty).toEqual([]);
    expect(flow.characteristic).toContainEqual(expect.objectContaining({ name: 'status', value: 'rejected' }));
  });

  test('a task flow: specification is the task type; parties are assignee, candidates, performer', () => {
    const flow = toTaskFlow(task({ state: 'completed', assignee: 'bob', candidateUsers: ['carol'], completedBy: 'bob', outcome: 'approve', data: { comments: 'ok' } }));
    expect(flow).toMatchObject({
      '@type': 'TaskFlow', taskFlowSpecification: 'review-market-strategy', state: 'completed', priority: 50,
      processFlow: { id: 'market-strategy-1', '@type': 'ProcessFlowRef' },
    });
    expect(flow.relatedParty.map((p) => [p.id, p.role, p['@referredType']])).toEqual([
      ['bob', 'assignee', 'Individual'], ['carol', 'candidate', 'Individual'], ['marketing-director', 'candidateGroup', 'PartyRole'], ['bob', 'performer', 'Individual'],
    ]);
    const values = Object.fromEntries(flow.characteristic.map((c) => [c.name, c.value]));
    expect(values).toMatchObject({ taskState: 'completed', outcome: 'approve', data: { comments: 'ok' }, outcomes: ['approve', 'reject'] });
  });

  test('an expired task is cancelled and says so', () => {
    const flow = toTaskFlow(task({ state: 'expired', expiredAt: '2026-02-01T00:00:00Z' }));
    expect(flow.state).toBe('cancelled');
    expect(flow.characteristic).toContainEqual(expect.objectContaining({ name: 'taskState', value: 'expired' }));
  });
});

describe('helpers', () => {
  test('fields selects top-level fields and always keeps id, href, @type', () => {
    const resource = { id: '1', href: '/x', '@type': 'ProcessFlow', state: 'active', characteristic: [] };
    expect(selectFields(resource, 'state')).toEqual({ id: '1', href: '/x', '@type': 'ProcessFlow', state: 'active' });
    expect(selectFields(resource, undefined)).toBe(resource);
    expect(selectFields(resource, ' ')).toBe(resource);
  });

  test('a task flow belongs to the process flow its id names', () => {
    expect(taskBelongsToProcess('market-strategy-1.task-review-1', 'market-strategy-1')).toBe(true);
    expect(taskBelongsToProcess('market-strategy-12.task-review-1', 'market-strategy-1')).toBe(false);
    expect(taskBelongsToProcess('market-strategy-1.task-', 'market-strategy-1')).toBe(false);
  });

  test('characteristic values report repeated names', () => {
    const { values, duplicates } = characteristicValues([{ name: 'outcome', value: 'a' }, { name: 'outcome', value: 'b' }, { name: 'data', value: {} }]);
    expect(duplicates).toEqual(['outcome']);
    expect(values.get('data')).toEqual({});
  });
});

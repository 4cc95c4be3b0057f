import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes: registered on the server by scripts/servers.sh (and docker-compose),
 * set at start by the API and upserted by workflows, so operations can filter in the Temporal UI.
 */
export const ProcessTypeKey = defineSearchAttributeKey('ProcessType', SearchAttributeType.KEYWORD);
export const BusinessKeyKey = defineSearchAttributeKey('BusinessKey', SearchAttributeType.KEYWORD);
export const ProcessStageKey = defineSearchAttributeKey('ProcessStage', SearchAttributeType.KEYWORD);
export const ProcessOwnerKey = defineSearchAttributeKey('ProcessOwner', SearchAttributeType.KEYWORD);
export const TaskStateKey = defineSearchAttributeKey('TaskState', SearchAttributeType.KEYWORD);
export const TaskTypeKey = defineSearchAttributeKey('TaskType', SearchAttributeType.KEYWORD);
export const TaskAssigneeKey = defineSearchAttributeKey('TaskAssignee', SearchAttributeType.KEYWORD);
export const TaskCandidateGroupsKey = defineSearchAttributeKey('TaskCandidateGroups', SearchAttributeType.KEYWORD_LIST);
export const TaskDueAtKey = defineSearchAttributeKey('TaskDueAt', SearchAttributeType.DATETIME);
export const TaskPriorityKey = defineSearchAttributeKey('TaskPriority', SearchAttributeType.INT);
export const TaskProcessIdKey = defineSearchAttributeKey('TaskProcessId', SearchAttributeType.KEYWORD);

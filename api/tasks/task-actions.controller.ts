import { Body, Controller, Headers, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TaskAttributesChange, TaskCompletion } from '../../domain/human-task';
import type { Actor } from '../../domain/identity';
import type { JsonSchema } from '../../domain/json-schema';
import { CurrentActor } from '../auth/auth.guard';
import { requireValid } from '../common/guards';
import { TaskActionsService } from './task-actions.service';

const REASON: JsonSchema = { type: 'string', maxLength: 1000 };
const USER_ID: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };
const reasonSchema: JsonSchema = { type: 'object', additionalProperties: false, properties: { reason: REASON } };
const toUserSchema: JsonSchema = { type: 'object', additionalProperties: false, required: ['userId'], properties: { userId: USER_ID, reason: REASON } };
const completionSchema: JsonSchema = {
  type: 'object', additionalProperties: false, required: ['outcome'],
  properties: { outcome: { type: 'string', minLength: 1, maxLength: 100 }, data: { type: 'object' } },
};
const attributesSchema: JsonSchema = {
  type: 'object', additionalProperties: false,
  properties: { priority: { type: 'integer', minimum: 0, maximum: 100 }, dueAt: { type: 'string', format: 'date-time' }, followUpAt: { type: 'string', format: 'date-time' }, reason: REASON },
};

/** Operations on one task. Each answers with the task as it now is, or a problem with a stable code. */
@ApiTags('tasks')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'becomes the Update id: a retried request is applied once' })
@Controller('api/tasks/:id')
export class TaskActionsController {
  constructor(private readonly actions: TaskActionsService) {}

  @Post('claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim the task for the caller (a candidate)' })
  claim(@CurrentActor() actor: Actor, @Param('id') id: string, @Headers('idempotency-key') key?: string) {
    return this.actions.claim(actor, id, key);
  }

  @Post('unclaim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the task back to its candidates (the assignee, or a manager)' })
  @ApiBody({ schema: reasonSchema as object, required: false })
  unclaim(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown, @Headers('idempotency-key') key?: string) {
    const { reason } = requireValid<{ reason?: string }>(reasonSchema, body ?? {});
    return this.actions.unclaim(actor, id, reason, key);
  }

  @Post('assign')
  @HttpCode(200)
  @ApiOperation({ summary: "Assign the task to a user (the task type's manager groups, ops)" })
  @ApiBody({ schema: toUserSchema as object })
  assign(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown, @Headers('idempotency-key') key?: string) {
    const { userId, reason } = requireValid<{ userId: string; reason?: string }>(toUserSchema, body);
    return this.actions.assign(actor, id, userId, reason, key);
  }

  @Post('delegate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand the work to another user; it comes back to the assignee to approve' })
  @ApiBody({ schema: toUserSchema as object })
  delegate(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown, @Headers('idempotency-key') key?: string) {
    const { userId, reason } = requireValid<{ userId: string; reason?: string }>(toUserSchema, body);
    return this.actions.delegate(actor, id, userId, reason, key);
  }

  @Patch()
  @ApiOperation({ summary: 'Change priority, due date or follow-up date (managers, ops)' })
  @ApiBody({ schema: attributesSchema as object })
  change(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown, @Headers('idempotency-key') key?: string) {
    const change = requireValid<TaskAttributesChange & { reason?: string }>(attributesSchema, body);
    return this.actions.changeAttributes(actor, id, change, key);
  }

  @Post('complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete the task with an outcome and form data; a delegate resolves it back to its owner' })
  @ApiBody({ schema: completionSchema as object })
  complete(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown, @Headers('idempotency-key') key?: string) {
    const completion = requireValid<TaskCompletion>(completionSchema, body);
    return this.actions.complete(actor, id, { outcome: completion.outcome, data: completion.data ?? {} }, key);
  }
}

import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { JsonSchema } from '../../domain/json-schema';
import type { Actor } from '../../domain/identity';
import type { TaskCompletion } from '../../domain/human-task';
import { CurrentActor } from '../auth/auth.guard';
import { pageSize, requireValid } from '../common/guards';
import { TasksService } from './tasks.service';

const completionSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['outcome'],
  properties: { outcome: { type: 'string', minLength: 1, maxLength: 100 }, data: { type: 'object' } },
};

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: "The caller's inbox: tasks assigned to them or offered to their groups, newest first" })
  @ApiQuery({ name: 'state', required: false, description: 'comma-separated: open, claimed, completed, cancelled (default open,claimed)' })
  @ApiQuery({ name: 'processId', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, string | undefined>) {
    return this.tasks.list(actor, {
      states: this.tasks.parseStates(query.state),
      processId: query.processId,
      limit: pageSize(query.limit),
      cursor: query.cursor,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task with its form schema and allowed outcomes' })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.tasks.get(actor, id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim the task for the caller' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  claim(@CurrentActor() actor: Actor, @Param('id') id: string, @Headers('idempotency-key') key?: string) {
    return this.tasks.claim(actor, id, key);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete the task with an outcome and form data; returns the completed task' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ schema: completionSchema as object })
  complete(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown, @Headers('idempotency-key') key?: string) {
    const completion = requireValid<TaskCompletion>(completionSchema, body);
    return this.tasks.complete(actor, id, { outcome: completion.outcome, data: completion.data ?? {} }, key);
  }
}

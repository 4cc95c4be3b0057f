import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../domain/identity';
import { CurrentActor } from '../auth/auth.guard';
import { TASK_STATES } from '../../domain/human-task';
import { INBOX_SORTS } from './task-cursor';
import { DEFAULT_STATES, parseInboxQuery } from './task-inbox.query';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({
    summary: "The caller's inbox: tasks assigned to them or offered to them or their groups (ops: all tasks), filtered and sorted, with counts per state",
  })
  @ApiQuery({ name: 'state', required: false, description: `comma-separated: ${TASK_STATES.join(', ')} (default ${DEFAULT_STATES.join(',')})` })
  @ApiQuery({ name: 'assignee', required: false, description: 'a user id, or `me`' })
  @ApiQuery({ name: 'candidateGroup', required: false })
  @ApiQuery({ name: 'processId', required: false })
  @ApiQuery({ name: 'processType', required: false })
  @ApiQuery({ name: 'taskType', required: false })
  @ApiQuery({ name: 'priorityMin', required: false, type: Number })
  @ApiQuery({ name: 'priorityMax', required: false, type: Number })
  @ApiQuery({ name: 'dueAfter', required: false, description: 'ISO 8601 date-time: due at or after' })
  @ApiQuery({ name: 'dueBefore', required: false, description: 'ISO 8601 date-time: due strictly before' })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true'], description: 'open or claimed and past its due date' })
  @ApiQuery({ name: 'sort', required: false, enum: [...INBOX_SORTS], description: 'default -createdAt; tasks without due date come last in either dueAt order' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page, with the same sort' })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.tasks.list(actor, parseInboxQuery(query, actor));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task with its form schema and allowed outcomes' })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.tasks.get(actor, id);
  }
}

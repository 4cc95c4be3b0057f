import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../domain/identity';
import { CurrentActor } from '../auth/auth.guard';
import { pageSize } from '../common/guards';
import { TasksService } from './tasks.service';

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
}

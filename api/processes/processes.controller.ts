import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../domain/identity';
import { CurrentActor } from '../auth/auth.guard';
import { pageSize, requireValid } from '../common/guards';
import { ProcessesService } from './processes.service';

const cancelBodySchema = { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 1000 } } } as const;

@ApiTags('processes')
@ApiBearerAuth()
@Controller('api')
export class ProcessesController {
  constructor(private readonly processes: ProcessesService) {}

  @Get('process-definitions')
  @ApiOperation({ summary: 'Process types, their input schema and who may start them' })
  definitions(@CurrentActor() actor: Actor) {
    return this.processes.listDefinitions(actor);
  }

  @Post('processes/:type')
  @ApiOperation({ summary: 'Start a process; the same Idempotency-Key returns the same instance' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ description: 'The input of the process type (see its inputSchema)', schema: { type: 'object' } })
  async start(
    @CurrentActor() actor: Actor,
    @Param('type') type: string,
    @Body() input: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, process } = await this.processes.start(actor, type, input, idempotencyKey);
    res.status(created ? 201 : 200).location(`/api/processes/${process.processId}`);
    return process;
  }

  @Get('processes')
  @ApiOperation({ summary: 'Process instances from Temporal visibility, newest first' })
  @ApiQuery({ name: 'type', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ['running', 'completed', 'failed', 'cancelled', 'terminated', 'timedOut'] })
  @ApiQuery({ name: 'businessKey', required: false })
  @ApiQuery({ name: 'owner', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, string | undefined>) {
    const { type, status, businessKey, owner, cursor } = query;
    return this.processes.list(actor, { type, status, businessKey, owner: owner === 'me' ? actor.userId : owner }, pageSize(query.limit), cursor);
  }

  @Get('processes/:id')
  @ApiOperation({ summary: 'Status, stage, open tasks and business data of one process' })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.processes.get(actor, id);
  }

  @Get('processes/:id/history')
  @ApiOperation({ summary: 'Business audit trail: who did what, when' })
  history(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.processes.history(actor, id);
  }

  @Post('processes/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a running process (its owner or ops); its open tasks are cancelled too' })
  @ApiBody({ schema: cancelBodySchema as object, required: false })
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown) {
    const { reason } = requireValid<{ reason?: string }>(cancelBodySchema, body ?? {});
    return this.processes.cancel(actor, id, reason ?? 'cancelled by request');
  }
}

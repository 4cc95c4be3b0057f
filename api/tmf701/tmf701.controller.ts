import { applyDecorators, Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, ErrorCode } from '../../domain/errors';
import type { Actor } from '../../domain/identity';
import { PROCESS_FLOW_STATES, processFlowHref, selectFields, TMF701_BASE_PATH } from '../../domain/tmf701';
import { CurrentActor } from '../auth/auth.guard';
import { pageSize } from '../common/guards';
import { processFlowCreateSchema, taskFlowPatchSchema, Tmf701Service } from './tmf701.service';

type Q = Record<string, string | undefined>;

/**
 * Paging: TMF `limit` (1-100, default 20) and, instead of `offset`, the opaque `cursor` of Temporal
 * visibility / the task projection. The body is the array (TMF style); `X-Result-Count` is its
 * length, `X-Next-Cursor` and a `Link: rel="next"` header point at the next page. `offset` other
 * than 0 is a 400 (there is no total to page through by number).
 */
function paging(q: Q): { limit: number; cursor?: string } {
  if (q.offset !== undefined && q.offset !== '' && q.offset !== '0') {
    throw new DomainError(ErrorCode.ValidationFailed, 'offset paging is not supported: follow the cursor of X-Next-Cursor', [{ path: '/offset', message: 'use cursor' }]);
  }
  return { limit: pageSize(q.limit), cursor: q.cursor || undefined };
}

function sendPage<T extends object>(res: Response, path: string, q: Q, page: { items: T[]; nextCursor?: string }) {
  res.setHeader('X-Result-Count', String(page.items.length));
  if (page.nextCursor) {
    const next = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'cursor'));
    next.set('cursor', page.nextCursor);
    res.setHeader('X-Next-Cursor', page.nextCursor);
    res.setHeader('Link', `<${path}?${next.toString()}>; rel="next"`);
  }
  return page.items.map((item) => selectFields(item, q.fields));
}

const ListQueries = () =>
  applyDecorators(
    ApiQuery({ name: 'fields', required: false, description: 'comma-separated top-level fields to return (id, href and @type always)' }),
    ApiQuery({ name: 'limit', required: false, description: '1-100, default 20' }),
    ApiQuery({ name: 'cursor', required: false, description: 'X-Next-Cursor of the previous page (offset is not supported)' }),
  );

/** TM Forum TMF701 Process Flow Management v4 beside the engine's own API (same services, same rules). */
@ApiTags('TMF701')
@ApiBearerAuth()
@Controller(TMF701_BASE_PATH.slice(1))
export class Tmf701Controller {
  constructor(
    private readonly tmf: Tmf701Service,
  ) {}

  @Get('processFlow')
  @ApiOperation({ summary: 'List process flows (engine processes), newest first' })
  @ApiQuery({ name: 'processFlowSpecification', required: false, description: 'process type, e.g. market-strategy' })
  @ApiQuery({ name: 'state', required: false, enum: PROCESS_FLOW_STATES })
  @ListQueries()
  async listProcessFlows(@CurrentActor() actor: Actor, @Query() q: Q, @Res({ passthrough: true }) res: Response) {
    const page = await this.tmf.listProcessFlows(actor, { processFlowSpecification: q.processFlowSpecification, state: q.state, ...paging(q) });
    return sendPage(res, `${TMF701_BASE_PATH}/processFlow`, q, page);
  }

  @Get('processFlow/:id')
  @ApiOperation({ summary: 'One process flow with its open task flows' })
  @ApiQuery({ name: 'fields', required: false })
  async getProcessFlow(@CurrentActor() actor: Actor, @Param('id') id: string, @Query('fields') fields?: string) {
    return selectFields(await this.tmf.getProcessFlow(actor, id), fields);
  }

  @Post('processFlow')
  @ApiOperation({ summary: 'Create a process flow = start a process: processFlowSpecification is its type, characteristic "input" its input' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'the same key and input return the same process flow (200)' })
  @ApiBody({ schema: processFlowCreateSchema as object })
  @ApiResponse({ status: 201, description: 'ProcessFlow' })
  async createProcessFlow(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, flow } = await this.tmf.createProcessFlow(actor, body, key);
    res.status(created ? 201 : 200).location(processFlowHref(flow.id));
    return flow;
  }

  @Delete('processFlow/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel a running process flow (its owner or ops); it stays readable as cancelled' })
  async deleteProcessFlow(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.tmf.cancelProcessFlow(actor, id);
  }

  @Get('processFlow/:id/taskFlow')
  @ApiOperation({ summary: "The process flow's task flows the caller may see (offered to them or theirs), newest first" })
  @ListQueries()
  async listTaskFlows(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() q: Q, @Res({ passthrough: true }) res: Response) {
    const { limit, cursor } = paging(q);
    const page = await this.tmf.listTaskFlows(actor, id, limit, cursor);
    return sendPage(res, `${processFlowHref(id)}/taskFlow`, q, page);
  }

  @Get('processFlow/:id/taskFlow/:taskFlowId')
  @ApiOperation({ summary: 'One task flow with its form schema, outcomes and data' })
  @ApiQuery({ name: 'fields', required: false })
  async getTaskFlow(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('taskFlowId') taskFlowId: string, @Query('fields') fields?: string) {
    return selectFields(await this.tmf.getTaskFlow(actor, id, taskFlowId), fields);
  }

  @Patch('processFlow/:id/taskFlow/:taskFlowId')
  @ApiOperation({ summary: 'Complete a task flow: state "completed" with characteristics outcome and data (other states: 400)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'becomes the Update id: a retried request is applied once' })
  @ApiBody({ schema: taskFlowPatchSchema as object })
  patchTaskFlow(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('taskFlowId') taskFlowId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.tmf.patchTaskFlow(actor, id, taskFlowId, body, key);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../domain/identity';
import { HUB_EVENT_TYPES } from '../../domain/tmf701-hub';
import { TMF701_BASE_PATH } from '../../domain/tmf701';
import { CurrentActor } from '../auth/auth.guard';
import { hubCreateSchema, HubService } from './hub.service';

/** TMF701 notifications: listeners register a callback and receive process and task flow events. */
@ApiTags('TMF701')
@ApiBearerAuth()
@Controller(`${TMF701_BASE_PATH.slice(1)}/hub`)
export class HubController {
  constructor(private readonly hub: HubService) {}

  @Post()
  @ApiOperation({
    summary: `Register a listener (groups integration, ops). Each matching event (${HUB_EVENT_TYPES.join(', ')}) is POSTed to the callback, retried until it answers 2xx`,
  })
  @ApiBody({ schema: hubCreateSchema as object })
  @ApiResponse({ status: 201, description: 'EventSubscription' })
  async register(@CurrentActor() actor: Actor, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const hub = await this.hub.register(actor, body);
    res.status(201).location(hub.href);
    return hub;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One listener' })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.hub.get(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a listener; events not yet delivered to it are dropped' })
  async unregister(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.hub.unregister(actor, id);
  }
}

import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import type { Connection } from 'mongoose';
import { Public } from '../auth/auth.guard';
import { DB_CONNECTION } from '../common/tokens';

type Check = { status: 'up' } | { status: 'down'; error: string };

async function check(probe: () => Promise<unknown>): Promise<Check> {
  try {
    await probe();
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', error: (err as Error).message };
  }
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly temporal: Client,
    @Inject(DB_CONNECTION) private readonly db: Connection,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Temporal and MongoDB reachability; 503 when either is down' })
  async health(@Res({ passthrough: true }) res: Response) {
    const [temporal, mongodb] = await Promise.all([
      check(() => this.temporal.workflowService.getSystemInfo({})),
      check(() => this.db.db?.admin().ping() ?? Promise.reject(new Error('not connected'))),
    ]);
    const up = temporal.status === 'up' && mongodb.status === 'up';
    res.status(up ? 200 : 503);
    return { status: up ? 'up' : 'down', checks: { temporal, mongodb } };
  }
}

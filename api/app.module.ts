import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../db/models';
import type { Config } from '../platform/config';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { CatalogController } from './catalog/catalog.controller';
import { MarketSegmentsService } from './catalog/market-segments.service';
import { ProductOfferingsService } from './catalog/product-offerings.service';
import { CONFIG, DB_CONNECTION, MODELS } from './common/tokens';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { ProcessesController } from './processes/processes.controller';
import { ProcessReferences } from './processes/process-references';
import { ProcessesService } from './processes/processes.service';
import { TaskActionsController } from './tasks/task-actions.controller';
import { TaskActionsService } from './tasks/task-actions.service';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';
import { HubController } from './tmf701/hub.controller';
import { HubService } from './tmf701/hub.service';
import { Tmf701Controller } from './tmf701/tmf701.controller';
import { Tmf701Service } from './tmf701/tmf701.service';

/** Closes the Temporal and MongoDB connections when Nest shuts down. */
class ConnectionsCloser implements OnApplicationShutdown {
  constructor(
    private readonly temporal: Client,
    @Inject(DB_CONNECTION) private readonly db: Connection,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.connection.close();
    await this.db.close();
  }
}

@Module({})
export class AppModule {
  static async forConfig(config: Config): Promise<DynamicModule> {
    const { connection, models } = await connectDatabase(config.mongodbUri);
    const temporalConnection = await TemporalConnection.connect({ address: config.temporal.address });
    const temporal = new Client({ connection: temporalConnection, namespace: config.temporal.namespace });
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController, ProcessesController, TasksController, TaskActionsController, CatalogController, Tmf701Controller, HubController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: MODELS, useValue: models },
        { provide: DB_CONNECTION, useValue: connection },
        { provide: Client, useValue: temporal },
        { provide: APP_GUARD, useClass: AuthGuard },
        ConnectionsCloser,
        TokenVerifier,
        ProcessesService,
        ProcessReferences,
        TasksService,
        TaskActionsService,
        ProductOfferingsService,
        MarketSegmentsService,
        Tmf701Service,
        HubService,
      ],
    };
  }
}

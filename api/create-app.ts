import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { AppModule } from './app.module';
import { ProblemFilter } from './common/problem.filter';
import { httpMetrics } from './metrics/metrics';

/** Builds the HTTP application: logs with request ids, metrics, problem+json errors, OpenAPI docs. */
export async function createApp(config: Config, log: Logger): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(await AppModule.forConfig(config), { logger: ['error', 'warn'], bodyParser: false });
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
    }),
  );
  app.use(httpMetrics);
  const problems = new ProblemFilter(log);
  app.use(json({ limit: '1mb' }));
  // Our own parser so its errors (malformed JSON, too large) get problem+json with a precise code.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    problems.catch(err, { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as never);
  });
  app.useGlobalFilters(problems);
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('etom-flow')
      .setDescription('TM Forum eTOM Market/Sales processes on Temporal: start processes, follow them, complete human tasks.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await app.init();
  return app;
}

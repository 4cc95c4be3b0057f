import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus registry of the API process: Node defaults plus HTTP request counts and latencies. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const requests = new Counter({
  name: 'etomflow_http_requests_total',
  help: 'HTTP requests by method, route and status',
  labelNames: ['method', 'route', 'status'],
  registers: [metricsRegistry],
});
const duration = new Histogram({
  name: 'etomflow_http_request_duration_seconds',
  help: 'HTTP request latency by method and route',
  labelNames: ['method', 'route'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** Labels use the route pattern, never the raw URL, so ids do not explode the series count. */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const end = duration.startTimer();
  res.on('finish', () => {
    const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
    requests.inc({ method: req.method, route, status: String(res.statusCode) });
    end({ method: req.method, route });
  });
  next();
}

import mongoose, { type Connection } from 'mongoose';
import { auditEntryModel } from './models/audit-entry.model';
import { customerModel } from './models/customer.model';
import { hubSubscriptionModel } from './models/hub-subscription.model';
import { marketSegmentModel } from './models/market-segment.model';
import { marketStrategyModel } from './models/market-strategy.model';
import { productOfferingModel } from './models/product-offering.model';
import { taskModel } from './models/task.model';

/** All models on one connection; passed to activity factories and API services. */
export function createModels(connection: Connection) {
  return {
    tasks: taskModel(connection),
    auditEntries: auditEntryModel(connection),
    customers: customerModel(connection),
    productOfferings: productOfferingModel(connection),
    marketSegments: marketSegmentModel(connection),
    marketStrategies: marketStrategyModel(connection),
    hubSubscriptions: hubSubscriptionModel(connection),
  };
}
export type Models = ReturnType<typeof createModels>;

/** Connects, creates the indexes the queries rely on, and returns the models. */
export async function connectDatabase(uri: string): Promise<{ connection: Connection; models: Models }> {
  const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  const models = createModels(connection);
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
  return { connection, models };
}

import { demoCustomers, demoProductOfferings, demoSegments } from '../demo/demo-data';
import { connectDatabase, type Models } from '../db/models';
import { criteriaToFilter } from '../domain/segment-criteria';
import { marketSegmentId } from '../domain/market-strategy';
import { loadConfig } from '../platform/config';

const BASELINE = { id: 'demo-baseline', name: 'Baseline segmentation (demo)' };

/** Loads the demo catalog, customers and baseline segments; keyed upserts, so running it twice changes nothing. */
export async function seedDemo(models: Models): Promise<{ offerings: number; customers: number; segments: number }> {
  for (const o of demoProductOfferings) {
    await models.productOfferings.updateOne({ _id: o._id }, { $setOnInsert: o }, { upsert: true }).exec();
  }
  const customers = demoCustomers();
  await models.customers.bulkWrite(customers.map((c) => ({ updateOne: { filter: { _id: c._id }, update: { $setOnInsert: c }, upsert: true } })));
  const now = new Date().toISOString();
  for (const s of demoSegments) {
    const id = marketSegmentId(BASELINE.id, s.key);
    const size = await models.customers.countDocuments(criteriaToFilter(s.criteria)).exec();
    const productOffering = s.offerings.map((o) => ({ id: o, href: `/api/product-offerings/${o}` }));
    await models.marketSegments
      .updateOne(
        { _id: id },
        { $setOnInsert: { _id: id, name: s.name, description: s.description, characteristic: s.criteria, lifecycleStatus: 'active', marketStrategy: BASELINE, productOffering, size, sizeComputedAt: now, lastUpdate: now } },
        { upsert: true },
      )
      .exec();
    for (const o of s.offerings) {
      await models.productOfferings
        .updateOne({ _id: o, 'marketSegment.id': { $ne: id } }, { $push: { marketSegment: { id, href: `/api/market-segments/${id}`, name: s.name } } })
        .exec();
    }
  }
  return { offerings: demoProductOfferings.length, customers: customers.length, segments: demoSegments.length };
}

if (require.main === module) {
  const uri = process.env.MONGODB_URI ?? loadConfig({ ...process.env, AUTH_DEV_SECRET: 'x'.repeat(32) }).mongodbUri;
  connectDatabase(uri)
    .then(async ({ connection, models }) => {
      const counts = await seedDemo(models);
      process.stdout.write(`demo data: ${counts.offerings} product offerings, ${counts.customers} customers and prospects, ${counts.segments} market segments\n`);
      await connection.close();
    })
    .catch((err: unknown) => {
      process.stderr.write(`seeding demo data failed: ${(err as Error).message}\n`);
      process.exit(1);
    });
}

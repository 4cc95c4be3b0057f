import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Models } from '../../db/models';
import type { HubSubscriptionRecord } from '../../db/models/hub-subscription.model';
import { mayManageEventListeners } from '../../domain/access-policy';
import { DomainError, ErrorCode } from '../../domain/errors';
import type { Actor } from '../../domain/identity';
import type { JsonSchema } from '../../domain/json-schema';
import { TMF701_BASE_PATH } from '../../domain/tmf701';
import { parseHubQuery, validateCallback } from '../../domain/tmf701-hub';
import { requireAllowed, requireValid } from '../common/guards';
import type { Config } from '../../platform/config';
import { CONFIG, MODELS } from '../common/tokens';

/** POST hub: where to send the events, and which (TMF630: `{callback, query}`). */
export const hubCreateSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['callback'],
  properties: {
    callback: { type: 'string', minLength: 1, maxLength: 2000, description: 'absolute http(s) URL that receives each event as a POST' },
    query: { type: 'string', maxLength: 1000, description: 'e.g. eventType=TaskFlowStateChangeEvent&processFlowSpecification=market-strategy' },
  },
};

export const hubHref = (id: string) => `${TMF701_BASE_PATH}/hub/${encodeURIComponent(id)}`;

function toHub(record: HubSubscriptionRecord) {
  return { id: record._id, href: hubHref(record._id), callback: record.callback, query: record.query, '@type': 'EventSubscription' };
}

/** TMF701 hub listeners; the worker delivers the events (activities/tmf701-hub/). */
@Injectable()
export class HubService {
  constructor(
    @Inject(MODELS) private readonly models: Models,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async register(actor: Actor, body: unknown) {
    requireAllowed(mayManageEventListeners(actor), 'register event listeners');
    const { callback, query = '' } = requireValid<{ callback: string; query?: string }>(hubCreateSchema, body);
    const errors = validateCallback(callback, this.config.hubCallbackOrigins);
    if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'callback is invalid', errors);
    const filter = parseHubQuery(query);
    const record: HubSubscriptionRecord = { _id: randomUUID(), callback, query, filter, createdBy: actor.userId, createdAt: new Date().toISOString() };
    await this.models.hubSubscriptions.create(record);
    return toHub(record);
  }

  async get(actor: Actor, id: string) {
    requireAllowed(mayManageEventListeners(actor), 'view event listeners');
    const record = await this.models.hubSubscriptions.findById(String(id)).lean().exec();
    if (!record) throw new DomainError(ErrorCode.NotFound, `no hub listener ${id}`);
    return toHub(record);
  }

  /** Events not yet delivered to it are dropped at their next attempt. */
  async unregister(actor: Actor, id: string): Promise<void> {
    requireAllowed(mayManageEventListeners(actor), 'remove event listeners');
    const { deletedCount } = await this.models.hubSubscriptions.deleteOne({ _id: String(id) }).exec();
    if (deletedCount === 0) throw new DomainError(ErrorCode.NotFound, `no hub listener ${id}`);
  }
}

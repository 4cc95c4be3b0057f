import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { DomainError, ErrorCode } from '../../domain/errors';
import type { Actor } from '../../domain/identity';
import type { Config } from '../../platform/config';
import { CONFIG } from '../common/tokens';

/** Bearer JWT -> Actor: a JWKS URL in production, an HS256 dev secret locally. */
@Injectable()
export class TokenVerifier {
  private readonly key: JWTVerifyGetKey | Uint8Array;

  constructor(@Inject(CONFIG) private readonly config: Config) {
    const { jwksUrl, devSecret } = config.auth;
    this.key = jwksUrl ? createRemoteJWKSet(new URL(jwksUrl)) : new TextEncoder().encode(devSecret);
  }

  async verify(authorization: string | undefined): Promise<Actor> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new DomainError(ErrorCode.Unauthenticated, 'missing Bearer token');
    try {
      const options = {
        issuer: this.config.auth.issuer,
        audience: this.config.auth.audience,
        algorithms: this.config.auth.jwksUrl ? ['RS256', 'ES256', 'PS256', 'EdDSA'] : ['HS256'],
      };
      const { payload } = this.key instanceof Uint8Array
        ? await jwtVerify(match[1], this.key, options)
        : await jwtVerify(match[1], this.key, options);
      const groups = payload.groups;
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new Error('token has no subject');
      if (groups !== undefined && !(Array.isArray(groups) && groups.every((g) => typeof g === 'string'))) {
        throw new Error('groups claim must be a list of strings');
      }
      return { userId: payload.sub, groups: (groups) ?? [] };
    } catch (err) {
      throw new DomainError(ErrorCode.Unauthenticated, `invalid token: ${(err as Error).message}`);
    }
  }
}

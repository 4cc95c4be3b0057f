import { Injectable, SetMetadata, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Actor } from '../../domain/identity';
import { TokenVerifier } from './token-verifier';

const PUBLIC = 'etom:public';
/** Marks an endpoint that needs no identity (health, metrics, docs). Everything else does. */
export const Public = () => SetMetadata(PUBLIC, true);

type AuthenticatedRequest = Request & { actor?: Actor };

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    req.actor = await this.verifier.verify(req.headers.authorization);
    return true;
  }
}

/** The verified caller of this request. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a public endpoint');
  return actor;
});

import { SignJWT } from 'jose';

/** An HS256 token as the API accepts locally (`sub` and `groups`), for `npm run token` and tests. */
export function signDevToken(secret: string, user: string, groups: string[], expiresIn: string | number = '8h'): Promise<string> {
  return new SignJWT({ groups })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/** JWT verification with jose: HS256 secret or RS256/ES256 keys from a JWKS URL; exp/nbf/iss/aud checked. */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { TENANT_ID_PATTERN } from '@llmobserve/shared';
import type { JwtConfig } from './config.js';
import type { Principal } from './principal.js';

const TENANT_RE = new RegExp(TENANT_ID_PATTERN);

export class JwtError extends Error {}
/** The token could not be checked for a reason of ours (the JWKS endpoint is down or slow): not the client's failure. */
export class JwtUnavailableError extends Error {}

export class JwtVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly config: JwtConfig) {
    if (config.secret) {
      this.key = new TextEncoder().encode(config.secret);
      this.algorithms = ['HS256'];
    } else {
      this.key = createRemoteJWKSet(new URL(config.jwksUrl!), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
      this.algorithms = ['RS256', 'ES256'];
    }
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      // A token must expire: one without `exp` would be valid for ever once leaked.
      const options = { algorithms: this.algorithms, issuer: this.config.issuer, audience: this.config.audience, clockTolerance: 5, requiredClaims: ['exp'] };
      payload = (typeof this.key === 'function'
        ? await jwtVerify(token, this.key, options)
        : await jwtVerify(token, this.key, options)).payload;
    } catch (err) {
      const jwksDown = err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || !(err instanceof errors.JOSEError) || /Expected 200 OK/.test((err as Error).message);
      if (typeof this.key === 'function' && jwksDown) {
        throw new JwtUnavailableError('the JWT signing keys (JWKS) could not be fetched; retry later');
      }
      throw new JwtError(describeJoseError(err));
    }
    const role = payload[this.config.roleClaim];
    const admin = role === this.config.adminRole || (Array.isArray(role) && role.includes(this.config.adminRole));
    const tenant = payload[this.config.tenantClaim];
    if (tenant !== undefined && (typeof tenant !== 'string' || !TENANT_RE.test(tenant))) {
      throw new JwtError(`the token's ${this.config.tenantClaim} claim is not a valid tenant id`);
    }
    if (tenant === undefined && !admin) throw new JwtError(`the token has no ${this.config.tenantClaim} claim`);
    return {
      kind: 'jwt',
      subject: typeof payload.sub === 'string' ? payload.sub : null,
      tenantId: (tenant as string | undefined) ?? null,
      scopes: admin ? ['ingest', 'read', 'admin'] : ['ingest', 'read'],
      platformAdmin: admin,
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined,
    };
  }
}

function describeJoseError(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    return err.reason === 'missing' ? `the token has no ${err.claim} claim (it must expire)` : `the token's ${err.claim} claim is not accepted`;
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'the token algorithm is not accepted';
  if (err instanceof errors.JWKSNoMatchingKey) return 'no key of the JWKS matches the token';
  if (err instanceof errors.JOSEError) return `the token is not accepted (${err.code})`;
  return 'the token could not be verified';
}

import * as fs from 'fs';
import type { JSONWebKeySet } from 'jose';

/**
 * The signing keys of JWT issuers, as a JWT authorizer finds them: "API Gateway … check[s] the
 * token's algorithm and signature by using the public key that is fetched from the issuer's
 * jwks_uri" (the issuer's OpenID discovery document, `<issuer>/.well-known/openid-configuration`).
 * Offline, `--jwks <issuer>=<file or URL>` names them first; without it the issuer's discovery
 * document is fetched when it is reachable.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */

/** "API Gateway can cache the public key for two hours": the longest a fetched key set is kept. */
export const JWKS_CACHE_SECONDS = 2 * 60 * 60;
/** An issuer whose keys could not be fetched is asked again after this long (not every request). */
export const JWKS_RETRY_SECONDS = 30;
/** How long one fetch (discovery document or key set) may take. */
const FETCH_TIMEOUT_MS = 5000;

/** The keys of an issuer, and where they came from; or why there are none. */
export type IssuerKeys =
  | { readonly ok: true; readonly keys: JSONWebKeySet; readonly from: string }
  | { readonly ok: false; readonly reason: string };

/** Where the offline cloud finds an issuer's keys. */
export interface JwtKeySource {
  keysFor(issuer: string): Promise<IssuerKeys>;
}

export interface JwtKeyStoreOptions {
  /** `--jwks`: issuer → a file holding a JWKS, or an http(s) URL serving one. */
  readonly jwks?: Readonly<Record<string, string>>;
  readonly log: (line: string) => void;
}

interface Loaded {
  readonly keys: IssuerKeys;
  /** Seconds to keep the answer. */
  readonly maxAge: number;
}

const isUrl = (text: string): boolean => /^https?:\/\//i.test(text);

/** `max-age` of a Cache-Control header (no-store and no-cache: 0), capped at two hours; absent: two hours. */
export function cacheSeconds(cacheControl: string | null): number {
  if (cacheControl && /(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return 0;
  const maxAge = cacheControl ? /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl) : null;
  return maxAge ? Math.min(Number(maxAge[1]), JWKS_CACHE_SECONDS) : JWKS_CACHE_SECONDS;
}

/** A key set in JWKS form (`{"keys": [...]}`), or why `value` is not one. */
function asKeySet(value: unknown, from: string): IssuerKeys {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.some((key) => key === null || typeof key !== 'object')) {
    return { ok: false, reason: `${from} is not a JWKS (a JSON object with a "keys" list of JWKs)` };
  }
  return { ok: true, keys: value as JSONWebKeySet, from };
}

async function fetchJson(url: string): Promise<{ value: unknown; maxAge: number }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  const text = await response.text();
  try {
    return { value: JSON.parse(text), maxAge: cacheSeconds(response.headers.get('cache-control')) };
  } catch {
    throw new Error(`${url} did not answer JSON`);
  }
}

/**
 * The keys of each issuer: a `--jwks` file is read on every request (so an edited file applies at
 * once); a fetched key set is kept as its `Cache-Control: max-age` says, at most two hours; a
 * failure is retried after 30 s. An issuer without keys is logged once, saying how to give them.
 */
export class JwtKeyStore implements JwtKeySource {
  private readonly cache = new Map<string, { readonly expires: number; readonly loaded: Promise<Loaded> }>();
  private readonly told = new Set<string>();

  constructor(private readonly options: JwtKeyStoreOptions) {}

  public async keysFor(issuer: string): Promise<IssuerKeys> {
    const cached = this.cache.get(issuer);
    let loaded: Loaded;
    if (cached && cached.expires > Date.now()) {
      loaded = await cached.loaded;
    } else {
      // Concurrent requests share one fetch.
      const pending = this.load(issuer);
      this.cache.set(issuer, { expires: Infinity, loaded: pending });
      loaded = await pending;
      this.cache.set(issuer, { expires: Date.now() + loaded.maxAge * 1000, loaded: pending });
    }
    if (!loaded.keys.ok && !this.told.has(issuer)) {
      this.told.add(issuer);
      this.options.log(`[apigateway] JWT issuer ${issuer}: no signing keys (${loaded.keys.reason}); its tokens are refused with 401. `
        + `Give them with --jwks ${issuer}=<file> (a JWKS JSON file, or a URL serving one), or check claims only with --jwt-unverified`);
    }
    return loaded.keys;
  }

  private async load(issuer: string): Promise<Loaded> {
    const source = this.options.jwks?.[issuer];
    try {
      if (source !== undefined && !isUrl(source)) {
        let value: unknown;
        try {
          value = JSON.parse(fs.readFileSync(source, 'utf-8'));
        } catch (error) {
          return { keys: { ok: false, reason: `--jwks ${source}: ${(error as Error).message}` }, maxAge: 0 };
        }
        return { keys: asKeySet(value, source), maxAge: 0 };
      }
      if (source !== undefined) {
        const { value, maxAge } = await fetchJson(source);
        const keys = asKeySet(value, source);
        return { keys, maxAge: keys.ok ? maxAge : JWKS_RETRY_SECONDS };
      }
      if (!isUrl(issuer)) {
        return { keys: { ok: false, reason: 'the issuer is not an http(s) URL, so it has no discovery document' }, maxAge: Infinity };
      }
      // OpenID Connect Discovery 1.0 §4: the issuer without its trailing slash, then the well-known path.
      const discoveryUrl = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const discovery = (await fetchJson(discoveryUrl)).value as { jwks_uri?: unknown } | null;
      if (typeof discovery?.jwks_uri !== 'string' || !isUrl(discovery.jwks_uri)) {
        return { keys: { ok: false, reason: `${discoveryUrl} has no jwks_uri` }, maxAge: JWKS_RETRY_SECONDS };
      }
      const { value, maxAge } = await fetchJson(discovery.jwks_uri);
      const keys = asKeySet(value, discovery.jwks_uri);
      return { keys, maxAge: keys.ok ? maxAge : JWKS_RETRY_SECONDS };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { keys: { ok: false, reason: `${(error as Error).message}${cause ? ` (${cause})` : ''}` }, maxAge: JWKS_RETRY_SECONDS };
    }
  }
}

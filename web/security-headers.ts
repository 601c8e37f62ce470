/**
 * The security headers of the dashboards' origin, in one place: CloudFront adds them to every
 * answer (infra's web stack, a response headers policy) and the local gateway sends them with
 * the built pages, so the browser tests run the dashboards under the policy AWS serves.
 *
 * The content security policy allows exactly what the built pages load: their own module
 * script and stylesheet and the API, all on the same origin; uPlot draws on a canvas. Preact
 * and uPlot set styles through the CSSOM (`element.style`), which `style-src` leaves alone, so
 * no `'unsafe-inline'` is needed. Nothing may frame the pages.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Two years, the value HSTS preload lists ask for; the origin is HTTPS-only on CloudFront. */
export const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60;

export const FRAME_OPTIONS = 'DENY';

/** The API is on the same origin; no page needs to tell another site where a visitor was. */
export const REFERRER_POLICY = 'no-referrer';

/** The same policy as HTTP response headers. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
  'x-content-type-options': 'nosniff',
  'x-frame-options': FRAME_OPTIONS,
  'referrer-policy': REFERRER_POLICY,
};

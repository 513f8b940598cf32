/**
 * Request URLs as logged: a credential someone put in the query string (`?api_key=llmo_sk_…`, `?token=<JWT>`) is
 * replaced by [redacted], by parameter name and by shape, so that no log line ever holds a key.
 */
const SECRET_PARAMS = /^(api[_-]?key|key|token|access[_-]?token|id[_-]?token|auth|authorization|credential|password|secret|session|llmo_session)$/i;
const SECRET_SHAPES = /llmo_sk_[A-Za-z0-9_-]+|eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(SECRET_SHAPES, '[redacted]');
  if (q < 0) return path;
  const query = url.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      /* keep the raw name */
    }
    if (eq >= 0 && SECRET_PARAMS.test(decoded)) return `${name}=[redacted]`;
    return pair.replace(SECRET_SHAPES, '[redacted]');
  });
  return `${path}?${query.join('&')}`;
}

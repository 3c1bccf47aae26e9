// Calls the server with the session cookie; state-changing calls carry the session's CSRF token.
let csrfToken = null;

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code ?? 'HTTP_' + status;
    this.details = body?.error?.details ?? [];
  }
}

let current = null;

// The signed-in session (kind, organization_id, key_id, permission, csrf_token, expires_at), or null.
export function setSession(s) {
  current = s;
  csrfToken = s?.csrf_token ?? null;
}

export function getSession() {
  return current;
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  const json = text ? JSON.parse(text) : null;
  if (!r.ok) throw new ApiError(r.status, json);
  return json;
}

// Small JSON client for the dashboard API (docs/api.md). The session lives in an HttpOnly cookie; the page never
// sees it, nor the agents' API key.

export class NotLoggedIn extends Error {}

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

async function call(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  if (r.status === 204) {
    return null;
  }
  let json = null;
  try {
    json = await r.json();
  } catch (e) {
    json = null;
  }
  if (r.ok) {
    return json;
  }
  const err = (json && json.error) || {};
  if (r.status === 401 && err.code === 'not_logged_in') {
    throw new NotLoggedIn(err.message || 'not logged in');
  }
  throw new ApiError(r.status, err.code || 'error', err.message || ('HTTP ' + r.status), r.headers.get('Retry-After'));
}

export const api = {
  whoAmI: () => call('GET', '/api/v1/session'),
  login: (username, password) => call('POST', '/api/v1/session', { username, password }),
  logout: () => call('DELETE', '/api/v1/session'),
  stats: () => call('GET', '/api/v1/stats'),
  agents: () => call('GET', '/api/v1/agents'),
  alerts: (params) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== undefined && v !== null && v !== '') {
        q.set(k, String(v));
      }
    }
    return call('GET', '/api/v1/alerts?' + q.toString());
  },
};

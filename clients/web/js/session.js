// Where the access token lives: it arrives in the URL fragment (a personal link such as
// /#/me?token=…, which browsers never send to the server) and is then kept in localStorage and
// removed from the address bar. It never goes into a query string, a log or the page's text,
// apart from the personal calendar link, whose URL is the token by design.

const TOKEN_KEY = 'traffpunkt.token';

export function storedToken() {
  try { return localStorage.getItem(TOKEN_KEY); } catch { return null; }
}

export function storeToken(token) {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch { /* private mode without storage: the token lasts for this page only */ }
}

/** Splits the fragment into a route path and its parameters: '#/me?token=x' -> ['/me', {token}]. */
export function parseHash(hash) {
  const raw = (hash || '').replace(/^#/, '');
  const q = raw.indexOf('?');
  let path = q === -1 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  // '#token=…' without a path.
  if (path.includes('=')) {
    for (const [k, v] of new URLSearchParams(path)) params.set(k, v);
    path = '/';
  }
  return { path: path || '/', params };
}

/** Takes a token out of the fragment (keeping it in storage); returns it or null. */
export function takeTokenFromHash() {
  const { path, params } = parseHash(location.hash);
  const token = params.get('token');
  if (!token) return null;
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', `${location.pathname}${location.search}#${path}${rest ? `?${rest}` : ''}`);
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(token)) return null;
  storeToken(token);
  return token;
}

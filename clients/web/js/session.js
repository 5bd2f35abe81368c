// Where the access tokens live. A personal token arrives in the URL fragment (a personal link such
// as /#/me?token=…, which browsers never send to the server) and is then kept in localStorage and
// removed from the address bar. A device token from a meeting's poll link is kept apart, one per
// meeting, and used only on that meeting's vote and questions pages, so opening a poll link never
// signs the person out of their own account. Tokens never go into a query string, a log or the page's
// text, apart from the personal calendar link, whose URL carries its own token by design.

const TOKEN_KEY = 'traffpunkt.token';
const DEVICE_PREFIX = 'traffpunkt.device.';

export function storedToken() {
  try { return localStorage.getItem(TOKEN_KEY); } catch { return null; }
}

export function storeToken(token) {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch { /* private mode without storage: the token lasts for this page only */ }
}

/** The device token this browser got from meeting `meetingId`'s poll link, or null. */
export function deviceToken(meetingId) {
  try { return localStorage.getItem(`${DEVICE_PREFIX}${meetingId}`); } catch { return null; }
}

export function storeDeviceToken(meetingId, token) {
  try {
    if (token) localStorage.setItem(`${DEVICE_PREFIX}${meetingId}`, token);
    else localStorage.removeItem(`${DEVICE_PREFIX}${meetingId}`);
  } catch { /* not kept: the vote page works for this visit only */ }
}

const REVOKED_PREFIX = 'traffpunkt.device-revoked.';

/**
 * Remembers (for this tab) that meeting `meetingId`'s device token stopped working, so its vote
 * page can say that the device was disconnected instead of only asking for a link; a new device
 * token for the meeting forgets it.
 */
export function markDeviceRevoked(meetingId, revoked = true) {
  try {
    if (revoked) sessionStorage.setItem(`${REVOKED_PREFIX}${meetingId}`, '1');
    else sessionStorage.removeItem(`${REVOKED_PREFIX}${meetingId}`);
  } catch { /* not kept: the page just asks for a link */ }
}

export function deviceRevoked(meetingId) {
  try { return sessionStorage.getItem(`${REVOKED_PREFIX}${meetingId}`) === '1'; } catch { return false; }
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

/** The pages a device token runs: a meeting's vote page and its questions page. */
const DEVICE_PAGE = /^\/(?:vote|questions)\/(\d+)$/;

/** The meeting whose device page `path` is (#/vote/M, #/questions/M), or null. */
export function devicePageMeeting(path) {
  const m = DEVICE_PAGE.exec(path);
  return m ? Number(m[1]) : null;
}

/**
 * The token a route runs with: the meeting's device token on its vote and questions pages, else
 * the person's.
 */
export function tokenForPath(path) {
  const meeting = devicePageMeeting(path);
  const device = meeting !== null ? deviceToken(meeting) : null;
  return device || storedToken();
}

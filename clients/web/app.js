// The web client's entry: one connection, a hash router (#/network/1, #/meetings/3, #/me,
// #/vote/3, #/questions/3, #/facilitate/3, #/screen/3, #/screen/3/questions, #/coordinate,
// #/coordinate/meeting/3,
// #/coordinate/people, #/coordinate/mail, #/link), the navigation, the language switch and the
// offline banner. Each page is a module with mount(root, ctx) returning its cleanup function.
// The connection runs with the person's token, except on a meeting's vote and questions pages
// when this browser joined that meeting's polls through its poll link: there it runs with that
// device token (session.js).

import { Connection } from './js/connection.js';
import { h, patch } from './js/dom.js';
import { t, getLang, setLang } from './js/i18n.js';
import { parseHash, storedToken, storeToken, takeTokenFromHash, tokenForPath, devicePageMeeting, storeDeviceToken, markDeviceRevoked } from './js/session.js';
import * as networkPage from './js/pages/network.js';
import * as meetingPage from './js/pages/meeting.js';
import * as mePage from './js/pages/me.js';
import * as votePage from './js/pages/vote.js';
import * as facilitatePage from './js/pages/facilitate.js';
import * as coordinatePage from './js/pages/coordinate.js';
import * as joinPage from './js/pages/join.js';
import * as screenPage from './js/pages/screen.js';
import * as meetingEditorPage from './js/pages/meeting_editor.js';
import * as peoplePage from './js/pages/people.js';
import * as mailPage from './js/pages/mail.js';
import * as sendLinkPage from './js/pages/send_link.js';
import * as questionsPage from './js/questions/phone_page.js';
import * as questionsScreenPage from './js/questions/screen_page.js';

const routes = [
  [/^\/?$/, networkPage, () => ({ id: 1 })],
  [/^\/networks?\/(\d+)$/, networkPage, m => ({ id: Number(m[1]) })],
  [/^\/meetings?\/(\d+)$/, meetingPage, m => ({ id: Number(m[1]) })],
  [/^\/me$/, mePage, () => ({})],
  [/^\/vote\/(\d+)$/, votePage, m => ({ id: Number(m[1]) })],
  [/^\/facilitate\/(\d+)$/, facilitatePage, m => ({ id: Number(m[1]) })],
  [/^\/screen\/(\d+)$/, screenPage, m => ({ id: Number(m[1]) })],
  [/^\/questions\/(\d+)$/, questionsPage, m => ({ id: Number(m[1]) })],
  [/^\/screen\/(\d+)\/questions$/, questionsScreenPage, m => ({ id: Number(m[1]) })],
  [/^\/coordinate$/, coordinatePage, () => ({})],
  [/^\/coordinate\/meeting\/new$/, meetingEditorPage, () => ({ id: null })],
  [/^\/coordinate\/meeting\/(\d+)$/, meetingEditorPage, m => ({ id: Number(m[1]) })],
  [/^\/coordinate\/people$/, peoplePage, () => ({})],
  [/^\/coordinate\/mail$/, mailPage, () => ({})],
  [/^\/link$/, sendLinkPage, () => ({})],
  [/^\/join$/, joinPage, () => ({})],
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const banner = document.getElementById('connection-banner');
const langSwitch = document.getElementById('lang-switch');

// A poll link (<public_base_url>/?join=<code>) opens the audience join page; the code moves to
// the fragment so it does not stay in the address (and Referer) as a query string.
const joinCode = new URLSearchParams(location.search).get('join');
if (joinCode) history.replaceState(null, '', `/#/join?code=${encodeURIComponent(joinCode)}`);

takeTokenFromHash();
const conn = new Connection(tokenForPath(parseHash(location.hash).path));
let unmount = null;
let bannerTimer = null;
// Who the person is (for the navigation), also while a vote page runs with a device token.
let personIdentity = null;

function setToken(token) {
  storeToken(token);
  conn.setToken(tokenForPath(parseHash(location.hash).path));
}

/** A device token from a poll link: kept for that meeting's vote page only. */
function setDeviceToken(meetingId, token) {
  storeDeviceToken(meetingId, token);
  markDeviceRevoked(meetingId, false);
  location.hash = `#/vote/${meetingId}`;
}

/** Switches the connection's token when the route needs another one; true if it did. */
function switchTokenFor(path) {
  const wanted = tokenForPath(path);
  if ((wanted || null) === (conn.token || null)) return false;
  conn.setToken(wanted);
  return true;
}

function applyStaticTexts() {
  document.documentElement.lang = getLang();
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  nav.setAttribute('aria-label', t('nav.label'));
  const other = getLang() === 'sv' ? 'en' : 'sv';
  langSwitch.textContent = t(`lang.switch.${other}`);
  langSwitch.lang = other;
}

function renderNav() {
  const id = (conn.identity && conn.identity.role !== 'audience' ? conn.identity : personIdentity) || { role: 'public' };
  const { path } = parseHash(location.hash);
  const link = (href, key) => {
    const current = path === href.slice(1) || (href === '#/network/1' && (path === '/' || path === ''));
    return h('li', null, h('a', { href, 'aria-current': current ? 'page' : null }, t(key)));
  };
  patch(nav, h('ul', null,
    link('#/network/1', 'nav.network'),
    link('#/me', 'nav.me'),
    id.role === 'coordinator' ? link('#/coordinate', 'nav.coordinate') : null,
    id.role === 'coordinator' ? link('#/coordinate/people', 'nav.people') : null,
    id.role === 'coordinator' ? link('#/coordinate/mail', 'nav.mail') : null));
}

function mountRoute(focus) {
  if (unmount) { unmount(); unmount = null; }
  const { path, params } = parseHash(location.hash);
  // The projector has no site chrome: the room sees only the screen.
  document.body.classList.toggle('screen-mode', /^\/screen\//.test(path));
  if (conn.identity && switchTokenFor(path)) {
    patch(main, h('p', null, t('app.loading')));
    return;  // the identity event mounts the page
  }
  renderNav();
  if (!conn.identity) {
    patch(main, h('p', null, t('app.loading')));
    return;
  }
  let found = null;
  for (const [re, page, args] of routes) {
    const m = path.match(re);
    if (m) { found = { page, args: args(m) }; break; }
  }
  main.replaceChildren();
  // Busy until the page has its first data (screen readers wait; so do the browser tests).
  main.setAttribute('aria-busy', 'true');
  main.dataset.route = path;
  const ready = () => main.removeAttribute('aria-busy');
  setTimeout(ready, 5000);
  if (!found) {
    ready();
    document.title = `${t('notfound.title')} – Träffpunkt`;
    main.append(h('h1', { id: 'page-title', tabindex: '-1' }, t('notfound.title')),
      h('p', null, h('a', { href: '#/' }, t('notfound.home'))));
  } else {
    unmount = found.page.mount(main, {
      conn, params, ...found.args,
      identity: conn.identity,
      token: conn.token,
      setToken,
      setDeviceToken,
      ready,
      setTitle: (title) => { document.title = `${title} – Träffpunkt`; },
    }) || null;
  }
  if (focus) {
    const heading = main.querySelector('h1');
    if (heading) heading.focus();
  }
}

function showBanner(online) {
  clearTimeout(bannerTimer);
  if (!online) {
    banner.textContent = t('conn.offline');
    banner.className = 'banner offline';
  } else if (banner.classList.contains('offline')) {
    banner.textContent = t('conn.back');
    banner.className = 'banner back';
    bannerTimer = setTimeout(() => { banner.textContent = ''; banner.className = 'banner'; }, 4000);
  }
}

document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

langSwitch.addEventListener('click', () => {
  setLang(getLang() === 'sv' ? 'en' : 'sv');
  applyStaticTexts();
  mountRoute(false);
  langSwitch.focus();
});

window.addEventListener('hashchange', () => {
  const token = takeTokenFromHash();
  if (token) { conn.setToken(tokenForPath(parseHash(location.hash).path)); return; }  // the identity event mounts the page
  mountRoute(true);
});

conn.addEventListener('identity', () => {
  if (conn.identity && conn.identity.role !== 'audience') personIdentity = conn.identity;
  if (conn.identity && conn.identity.role === 'public' && !storedToken()) personIdentity = null;
  mountRoute(false);
});
conn.addEventListener('online', (e) => showBanner(e.detail));
conn.addEventListener('token-rejected', () => {
  // A rejected device token only loses the poll link; a rejected personal token signs out.
  const meeting = devicePageMeeting(parseHash(location.hash).path);
  // (A device token is refused only once it was revoked: by a facilitator, or a rotated link.)
  if (meeting !== null && conn.lastToken && conn.lastToken !== storedToken()) {
    storeDeviceToken(meeting, null);
    markDeviceRevoked(meeting);
  } else storeToken(null);
});

applyStaticTexts();
mountRoute(false);
conn.start();

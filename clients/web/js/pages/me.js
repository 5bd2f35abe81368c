// My meetings (personal link): the person's registrations and waitlist places, live on
// `person:P`, and the personal calendar link. Without a token: a form to open one's personal link.

import { h, patch, field } from '../dom.js';
import { t } from '../i18n.js';
import { pageHeading, section, meetingWhen } from '../common.js';

export function mount(root, ctx) {
  const { conn, identity } = ctx;
  const heading = pageHeading(ctx, t('me.title'));
  root.append(heading);

  if (!identity.person) {
    const input = field(t('me.token'), 'password', { id: 'me-token', autocomplete: 'off', required: true, hint: t('me.token.hint') });
    const form = h('form', { class: 'form card', id: 'login-form' },
      h('p', null, identity.role === 'coordinator' ? t('me.coordinator') : t('me.nolink')),
      input.wrap,
      h('button', { type: 'submit', class: 'primary' }, t('me.open')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      // Accept the whole personal link or just the token.
      const value = input.input.value.trim();
      const m = value.match(/token=([A-Za-z0-9_-]+)/);
      const token = m ? m[1] : value;
      if (/^[A-Za-z0-9_-]{1,256}$/.test(token)) ctx.setToken(token);
    });
    root.append(form);
    ctx.ready();
    if (identity.role === 'coordinator') root.append(h('p', null, h('button', { type: 'button', onclick: () => ctx.setToken(null) }, t('me.logout'))));
    return null;
  }

  const person = identity.person;
  const s = { registrations: [], meetings: new Map() };
  const regs = section('my-registrations', t('me.registrations'));
  const cal = section('my-calendar', t('me.calendar'));
  const account = section('my-account', t('me.account'));
  root.append(h('p', { class: 'lead' }, t('me.hello', { name: person.name })), regs.section, cal.section, account.section);

  const feed = `/calendar/person/${ctx.token}.ics`;
  patch(cal.body,
    h('p', null, t('me.calendar.help')),
    h('ul', { class: 'link-list' },
      h('li', null, h('a', { href: `webcal://${location.host}${feed}`, class: 'button-link' }, t('me.calendar.subscribe'))),
      h('li', null, h('a', { href: feed, download: 'mina-traffar.ics', class: 'button-link' }, t('me.calendar.download')))));
  patch(account.body,
    h('p', null, t('me.account.help')),
    h('button', { type: 'button', id: 'logout', onclick: () => { ctx.setToken(null); } }, t('me.logout')));

  function load(meetingId) {
    if (s.meetings.has(meetingId)) return;
    s.meetings.set(meetingId, null);
    conn.request('meeting.get', { meeting_id: meetingId }).then((r) => { s.meetings.set(meetingId, r.meeting); render(); }, () => {});
  }

  function render() {
    const active = s.registrations.filter(r => r.status !== 'cancelled');
    if (!active.length) { patch(regs.body, h('p', null, t('me.none')), h('p', null, h('a', { href: '#/network/1' }, t('me.find')))); return; }
    patch(regs.body, h('ul', { class: 'meetings' }, active.map((r) => {
      const m = s.meetings.get(r.meeting_id);
      const state = r.status === 'confirmed'
        ? t(`reg.confirmed.${r.mode}`)
        : t('reg.waitlisted', { position: r.waitlist_position, mode: t(`mode.${r.mode}`).toLowerCase() });
      return h('li', { class: `meeting-card ${r.status}`, dataset: { meetingId: r.meeting_id } },
        h('h3', null, h('a', { href: `#/meetings/${r.meeting_id}` }, m ? m.title : t('meeting.title'))),
        m ? h('p', null, meetingWhen(m)) : null,
        h('p', { class: 'reg-state' }, state),
        r.status === 'confirmed' ? h('p', null, h('a', { href: `#/vote/${r.meeting_id}` }, t('meeting.vote'))) : null);
    })));
  }

  return conn.subscribe(`person:${person.person_id}`, {
    onSnapshot(snap) {
      s.registrations = snap.registrations;
      s.registrations.forEach(r => load(r.meeting_id));
      render();
      ctx.ready();
    },
    onEvent(ev, data) {
      const r = data.registration;
      if (!r) return;
      s.registrations = s.registrations.filter(x => x.registration_id !== r.registration_id).concat([r]);
      load(r.meeting_id);
      render();
    },
  });
}

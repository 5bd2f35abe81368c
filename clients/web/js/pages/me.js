// My meetings (personal link): the person's registrations (a waitlist place looks different from
// a seat), the meetings they lead with a link to the console, upcoming meetings still open for
// registration, and the personal calendar: the feed's https URL to copy, a webcal:// button,
// making a new calendar link (the old one stops working), and short steps for Outlook, Google
// and Apple calendars; the language of the person's mail (person.set_language). Live on
// `person:P`. Without a token: a form to open one's personal link, and the way to have it mailed
// ("send me my link", #/link).

import { h, patch, field, idemKey } from '../dom.js';
import { t, locale } from '../i18n.js';
import { pageHeading, section, meetingWhen } from '../common.js';
import { feedback, send, confirmDialog, copyField } from '../ui.js';

/** Whether a meeting takes registrations now (the protocol's window; the server decides). */
function windowOpen(m) {
  const now = Date.now();
  if (m.status !== 'published') return false;
  if (m.registration_opens && now < Date.parse(m.registration_opens)) return false;
  return now < Date.parse(m.registration_closes || m.starts_at);
}

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
    const lost = identity.role === 'coordinator' ? null : h('section', { class: 'card', id: 'lost-link', 'aria-labelledby': 'lost-link-heading' },
      h('h2', { id: 'lost-link-heading' }, t('me.lost')),
      h('p', null, t('me.lost.help')),
      h('p', null, h('a', { href: '#/link', class: 'button-link primary-link', id: 'lost-link-go' }, t('me.lost.go'))));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      // Accept the whole personal link or just the token.
      const value = input.input.value.trim();
      const m = value.match(/token=([A-Za-z0-9_-]+)/);
      const token = m ? m[1] : value;
      if (/^[A-Za-z0-9_-]{1,256}$/.test(token)) ctx.setToken(token);
    });
    root.append(form);
    if (lost) root.append(lost);
    ctx.ready();
    if (identity.role === 'coordinator') root.append(h('p', null, h('button', { type: 'button', onclick: () => ctx.setToken(null) }, t('me.logout'))));
    return null;
  }

  const person = identity.person;
  const s = { registrations: [], meetings: new Map(), open: [], calendar: null };
  const regs = section('my-registrations', t('me.registrations'));
  const lead = section('my-lead', t('me.lead'));
  const open = section('my-open', t('me.open.title'));
  const cal = section('my-calendar', t('me.calendar'));
  const language = section('my-language', t('me.language'));
  const account = section('my-account', t('me.account'));
  root.append(h('p', { class: 'lead' }, t('me.hello', { name: person.name })), regs.section);
  if ((identity.facilitates || []).length) root.append(lead.section);
  root.append(open.section, cal.section, language.section, account.section);

  // --- the language of my mail ---------------------------------------------------------------
  const langFb = feedback('language-feedback');
  function renderLanguage(current) {
    const choice = value => h('div', { class: 'choice' },
      h('input', { type: 'radio', name: 'mail-language', value, checked: current === value, id: `mail-language-${value}` }),
      h('label', { for: `mail-language-${value}`, lang: value }, t(`language.${value}`)));
    const save = h('button', { type: 'submit', id: 'language-save' }, t('me.language.save'));
    const form = h('form', { class: 'form', id: 'language-form' },
      h('fieldset', { class: 'choices', 'aria-describedby': 'mail-language-hint' }, h('legend', null, t('me.language.legend')),
        h('p', { class: 'hint', id: 'mail-language-hint' }, t('me.language.help')), choice('sv'), choice('en')),
      save, langFb.el);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const picked = form.querySelector('input[name="mail-language"]:checked').value;
      const res = await send(langFb, conn.request('person.set_language', { language: picked }, { idem: idemKey('lang') }),
        r => t(`me.language.saved.${r.person.language}`), { button: save });
      if (res) person.language = res.person.language;
    });
    patch(language.body, form);
  }
  renderLanguage(person.language || 'sv');

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
    if (!active.length) {
      patch(regs.body, h('p', null, t('me.none')));
    } else {
      patch(regs.body, h('ul', { class: 'meetings' }, active.map((r) => {
        const m = s.meetings.get(r.meeting_id);
        const waitlisted = r.status === 'waitlisted';
        const state = waitlisted
          ? t('reg.waitlisted', { position: r.waitlist_position, mode: t(`mode.${r.mode}`).toLowerCase() })
          : t(`reg.confirmed.${r.mode}`);
        return h('li', { class: `meeting-card ${r.status}`, dataset: { meetingId: r.meeting_id } },
          h('h3', null, h('a', { href: `#/meetings/${r.meeting_id}` }, m ? m.title : t('meeting.title'))),
          m ? h('p', null, meetingWhen(m)) : null,
          h('p', { class: waitlisted ? 'reg-state waitlisted-state' : 'reg-state' }, waitlisted ? h('span', { class: 'badge badge-wait' }, t('reg.badge.waitlisted')) : null, ' ', state),
          waitlisted ? h('p', { class: 'muted' }, t('reg.waitlisted.next')) : null,
          !waitlisted ? h('p', null, h('a', { href: `#/vote/${r.meeting_id}` }, t('meeting.vote'))) : null);
      })));
    }
    // Meetings I lead.
    const mine = identity.facilitates || [];
    mine.forEach(load);
    patch(lead.body, h('ul', { class: 'meetings' }, mine.map((mid) => {
      const m = s.meetings.get(mid);
      return h('li', { class: 'meeting-card', dataset: { meetingId: mid } },
        h('h3', null, h('a', { href: `#/meetings/${mid}` }, m ? m.title : t('meeting.title'))),
        m ? h('p', null, meetingWhen(m)) : null,
        h('p', null, h('a', { href: `#/facilitate/${mid}`, class: 'button-link' }, m ? t('me.lead.console', { title: m.title }) : t('meeting.facilitate'))));
    })));
    // Open for registration and not registered yet.
    const registered = new Set(active.map(r => r.meeting_id));
    const list = s.open.filter(m => !registered.has(m.meeting_id) && windowOpen(m));
    patch(open.body, list.length
      ? h('ul', { class: 'meetings' }, list.map(m => h('li', { class: 'meeting-card', dataset: { meetingId: m.meeting_id } },
        h('h3', null, h('a', { href: `#/meetings/${m.meeting_id}` }, m.title)),
        h('p', null, meetingWhen(m)),
        m.registration_closes ? h('p', { class: 'muted' }, t('me.open.until', { when: new Date(m.registration_closes).toLocaleDateString(locale(), { timeZone: m.zone, dateStyle: 'long' }) })) : null,
        h('p', null, h('a', { href: `#/meetings/${m.meeting_id}`, class: 'button-link' }, t('me.open.register', { title: m.title }))))))
      : [h('p', null, t('me.open.none')), h('p', null, h('a', { href: '#/network/1' }, t('me.find')))]);
  }

  // Upcoming meetings of every network, for "open for registration".
  conn.request('network.list', {}).then(async (r) => {
    const all = [];
    for (const n of r.networks) {
      const res = await conn.request('meeting.list', { network_id: n.network_id, status: 'published' });
      all.push(...res.meetings);
    }
    s.open = all.filter(m => Date.parse(m.starts_at) > Date.now()).sort((a, b) => a.starts_at.localeCompare(b.starts_at));
    render();
  }, () => {});

  // --- the personal calendar ----------------------------------------------------------------
  const calFb = feedback('calendar-feedback');
  function renderCalendar() {
    const c = s.calendar;
    if (!c) { patch(cal.body, h('p', null, t('app.loading'))); return; }
    const rotate = c.rotatable ? h('button', { type: 'button', id: 'calendar-rotate' }, t('me.calendar.rotate')) : null;
    if (rotate) {
      rotate.addEventListener('click', async () => {
        const ok = await confirmDialog({ title: t('me.calendar.rotate.title'), body: t('me.calendar.rotate.body'), confirm: t('me.calendar.rotate.yes') });
        if (!ok) return;
        const res = await send(calFb, conn.request('calendar.link', { rotate: true }, { idem: idemKey('cal') }), t('me.calendar.rotated'));
        if (res) { s.calendar = { url: res.url, webcal: res.webcal_url, rotatable: true }; renderCalendar(); document.getElementById('calendar-url-copy')?.focus(); }
      });
    }
    const step = key => h('li', null, t(key));
    patch(cal.body,
      h('p', null, t('me.calendar.help')),
      copyField(t('me.calendar.url'), c.url, { id: 'calendar-url', hint: t('me.calendar.private') }),
      h('ul', { class: 'link-list' },
        h('li', null, h('a', { href: c.webcal, class: 'button-link', id: 'calendar-webcal' }, t('me.calendar.subscribe'))),
        h('li', null, h('a', { href: c.url, download: 'mina-traffar.ics', class: 'button-link' }, t('me.calendar.download')))),
      rotate ? h('p', null, rotate) : null,
      calFb.el,
      h('details', { class: 'calendar-steps', id: 'calendar-steps' },
        h('summary', null, t('me.calendar.steps')),
        h('h3', null, 'Outlook'), h('ol', null, step('me.cal.outlook.1'), step('me.cal.outlook.2'), step('me.cal.outlook.3')),
        h('h3', null, 'Google'), h('ol', null, step('me.cal.google.1'), step('me.cal.google.2'), step('me.cal.google.3')),
        h('h3', null, 'Apple'), h('ol', null, step('me.cal.apple.1'), step('me.cal.apple.2'), step('me.cal.apple.3')),
        h('p', { class: 'muted' }, t('me.cal.refresh'))));
  }
  renderCalendar();
  // The calendar link of its own (a token that opens the feed and nothing else), when the
  // server has it; older servers: the feed under the personal token itself.
  conn.request('calendar.link', {}).then((r) => {
    s.calendar = { url: r.url, webcal: r.webcal_url, rotatable: true };
    renderCalendar();
  }, () => {
    const url = `${location.origin}/calendar/person/${ctx.token}.ics`;
    s.calendar = { url, webcal: url.replace(/^https?:/, 'webcal:'), rotatable: false };
    renderCalendar();
  });

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

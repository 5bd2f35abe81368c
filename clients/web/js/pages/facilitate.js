// Facilitator console: the poll link (join URL, QR code drawn by the server, the code) for
// people in the room and in the video call; polls of every kind (create, open, close, live
// results); the projector in its own window (#/screen/M); the agenda's "now" marker and the
// agenda editor; documents; minutes; check-in and the attendee list. Live on `meeting:M`,
// `polls-staff:M` and `documents-staff:M`; the check-in list reloads when seat counts change.
// Coordinators also see each registration's last mail there and a link to the meeting's mail
// (registration.list with `mail` is theirs only: facilitators are not shown it). Below the link,
// the devices that joined through it (devices_panel.js): counts, the list, revoking them. Below the
// polls, the audience questions (questions/staff_panel.js), live on `questions-staff:M`.

import { h, patch, field, idemKey, downloadWithToken } from '../dom.js';
import { t, formatTime } from '../i18n.js';
import { pageHeading, section, agendaView, nowSentence, resultsView, meetingWhen } from '../common.js';
import { feedback, send, confirmDialog, copyField, errorBox, labelled } from '../ui.js';
import { agendaEditor } from '../agenda_editor.js';
import { pollEditor } from '../poll_editor.js';
import { documentsEditor } from '../documents_editor.js';
import { minutesEditor } from '../minutes_editor.js';
import { lastMailCell } from '../mail_views.js';
import { devicesPanel } from '../devices_panel.js';
import { questionsPanel } from '../questions/staff_panel.js';

/** "q8Rz 0fW2 kLm4 …": the code in groups of four, easier to read aloud and to type. */
export function groupedCode(code) {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}

export function mount(root, ctx) {
  const { conn, id, identity } = ctx;
  const s = { meeting: null, agenda: null, now: null, polls: new Map(), regs: [], error: null, link: null };
  const heading = pageHeading(ctx, t('fac.title'));
  const intro = h('div', { class: 'intro' });
  const status = feedback('fac-status');
  root.append(heading, intro);

  const allowed = identity.role === 'coordinator' || (identity.facilitates || []).includes(id);
  if (!allowed) {
    patch(intro, h('p', null, t('fac.forbidden')), h('p', null, h('a', { href: '#/me' }, t('self.login'))));
    ctx.ready();
    return null;
  }

  const linkSec = section('fac-link', t('fac.link'));
  const devicesSec = section('fac-devices', t('devices.title'));
  const pollSec = section('fac-polls', t('fac.polls'), 'poll-console');
  const qaSec = section('fac-questions', t('qa.staff.title'));
  const agendaSec = section('fac-agenda', t('fac.agenda'));
  const docSec = section('fac-documents', t('docs.title'));
  const minutesSec = section('fac-minutes', t('minutes.title'));
  const checkSec = section('fac-checkin', t('fac.checkin'));
  root.append(linkSec.section, devicesSec.section, pollSec.section, qaSec.section, agendaSec.section, docSec.section, minutesSec.section, checkSec.section);

  // --- poll link ----------------------------------------------------------------------------
  const linkFb = feedback('link-feedback');
  function renderLink() {
    const l = s.link;
    if (!l) { patch(linkSec.body, h('p', null, t('app.loading')), linkFb.el); return; }
    const rotate = h('button', { type: 'button', id: 'link-rotate', onclick: rotateLink }, t('fac.link.rotate'));
    patch(linkSec.body,
      h('div', { class: 'join-box' },
        h('img', { class: 'qr', id: 'join-qr', src: `/polls/join/${encodeURIComponent(l.code)}.svg`, alt: t('fac.link.qr.alt', { url: l.url }), width: '220', height: '220' }),
        h('div', null,
          h('p', null, t('fac.link.help')),
          copyField(t('fac.link.url'), l.url, { id: 'join-url' }),
          h('p', null, t('fac.link.code'), ' ', h('strong', { class: 'code', id: 'join-code-value' }, groupedCode(l.code))),
          h('p', { class: 'hint' }, t('fac.link.code.help', { url: `${location.origin}/#/join` })))),
      h('div', { class: 'actions' },
        h('a', { href: `#/screen/${id}`, target: '_blank', rel: 'noopener', class: 'button-link', id: 'open-screen' }, t('fac.screen')),
        rotate),
      linkFb.el);
  }
  // Also offered by the devices panel after revoking every device: only a new link stops joins.
  async function rotateLink() {
    const ok = await confirmDialog({ title: t('fac.link.rotate.title'), body: t('fac.link.rotate.body'), confirm: t('fac.link.rotate.yes') });
    if (!ok) return;
    const res = await send(linkFb, conn.request('poll.link', { meeting_id: id, rotate: true }, { idem: idemKey('rot') }),
      r => `${t('fac.link.rotated')} ${t('fac.link.rotated.devices', { n: r.revoked_devices })}`);
    if (res) { s.link = res; renderLink(); devices.rotated(); }
  }
  conn.request('poll.link', { meeting_id: id }).then((r) => { s.link = r; renderLink(); }, (err) => { patch(linkSec.body, errorBox(err)); });

  // --- devices that joined through the link ------------------------------------------------
  const devices = devicesPanel(conn, id, { zone: () => (s.meeting ? s.meeting.zone : undefined), onRotate: rotateLink });
  devicesSec.body.append(devices.el);

  // --- polls --------------------------------------------------------------------------------
  const pollList = h('div', { id: 'fac-poll-list' });
  const editor = pollEditor(conn, id, { agendaItems: () => (s.agenda ? s.agenda.items : []) });
  pollSec.body.append(status.el, pollList, editor.el);

  function pollAction(op, poll, okKey, idem) {
    return send(status, conn.request(op, { poll_id: poll.poll_id }, { idem: idemKey(idem) }), okKey ? t(okKey, { q: poll.question }) : null);
  }

  function renderPolls() {
    const list = [...s.polls.values()].sort((a, b) => b.poll.poll_id - a.poll.poll_id);
    if (!list.length) { patch(pollList, h('p', null, t('fac.poll.none'))); return; }
    patch(pollList, list.map(({ poll, results }) => {
      const pid = `fac-poll-${poll.poll_id}`;
      const buttons = [];
      if (poll.status === 'draft') {
        buttons.push(h('button', { type: 'button', class: 'primary', id: `${pid}-open`, onclick: () => pollAction('poll.open', poll, 'fac.poll.opened.named', 'open') }, labelled(t('fac.poll.open', { q: poll.question }))));
        buttons.push(h('button', { type: 'button', class: 'danger', id: `${pid}-delete`, onclick: async () => {
          if (await confirmDialog({ title: t('fac.poll.delete.title', { q: poll.question }), body: t('fac.poll.delete.body'), confirm: t('fac.poll.delete.yes') })) pollAction('poll.delete', poll, 'fac.poll.deleted', 'del');
        } }, labelled(t('fac.poll.delete', { q: poll.question }))));
      } else if (poll.status === 'open') {
        buttons.push(h('button', { type: 'button', id: `${pid}-close`, onclick: () => pollAction('poll.close', poll, 'fac.poll.closed.named', 'close') }, labelled(t('fac.poll.close', { q: poll.question }))));
      }
      const facts = [t(`poll.status.${poll.status}`), t(`pollkind.${poll.kind}`), t(`pollform.audience.${poll.audience}`), t('fac.poll.ballots', { n: poll.ballots })];
      return h('section', { class: `card poll ${poll.status}`, 'aria-labelledby': `${pid}-q`, dataset: { pollId: poll.poll_id } },
        h('h3', { id: `${pid}-q` }, poll.question),
        h('p', { class: 'muted' }, facts.join(' · ')),
        h('div', { class: 'actions' }, buttons),
        poll.status !== 'draft' ? h('div', { class: 'poll-results', id: `${pid}-results` }, resultsView(poll, results)) : null);
    }));
  }

  // --- agenda -------------------------------------------------------------------------------
  const nowLine = h('p', { class: 'agenda-now', id: 'agenda-now', 'aria-live': 'polite' });
  const nowControls = h('div', { class: 'actions' });
  const agendaList = h('div');
  const agendaEd = agendaEditor(conn, { sources: () => ({ documents: docsEd.documents(), polls: [...s.polls.values()].map(p => p.poll) }) });
  agendaSec.body.append(nowLine, nowControls, agendaList,
    h('details', { class: 'editor-details', id: 'agenda-edit-details' }, h('summary', null, t('fac.agenda.edit')), agendaEd.el));

  function renderIntro() {
    if (s.error) { patch(intro, errorBox(s.error)); return; }
    const m = s.meeting;
    if (!m) return;
    heading.textContent = t('fac.heading', { title: m.title });
    ctx.setTitle(heading.textContent);
    const csvFb = feedback('csv-feedback');
    patch(intro,
      h('p', null, meetingWhen(m)),
      h('ul', { class: 'link-list' },
        m.status !== 'draft' ? h('li', null, h('a', { href: `#/meetings/${id}`, class: 'button-link' }, t('fac.meetingpage'))) : null,
        identity.role === 'coordinator' ? h('li', null, h('a', { href: `#/coordinate/meeting/${id}`, class: 'button-link' }, t('fac.editmeeting'))) : null,
        identity.role === 'coordinator' ? h('li', null, h('a', { href: `#/coordinate/mail?meeting=${id}`, class: 'button-link', id: 'fac-mail' }, t('fac.mail'))) : null,
        h('li', null, h('button', { type: 'button', id: 'csv-download', onclick: () => downloadWithToken(`/meetings/${id}/attendees.csv`, ctx.token, `attendees-${id}.csv`).then(name => csvFb.ok(t('editor.export.done', { name }), { focus: false }), err => csvFb.fail(err)) }, t('fac.csv')))),
      csvFb.el);
  }

  function act(op, args, idem) {
    return send(status, conn.request(op, args, { idem: idemKey(idem) }), null, { focus: false });
  }

  function renderAgenda() {
    if (!s.meeting) return;
    nowLine.textContent = nowSentence(s.agenda, s.now);
    const state = s.now ? s.now.state : 'none';
    patch(nowControls,
      state === 'pending' ? h('button', { type: 'button', id: 'now-start', onclick: () => act('agenda.start', { meeting_id: id }, 'start') }, t('fac.now.start')) : null,
      state === 'running' ? h('button', { type: 'button', id: 'now-end', onclick: () => act('agenda.end', { meeting_id: id }, 'end') }, t('fac.now.end')) : null,
      state !== 'none' ? h('button', { type: 'button', id: 'now-clear', onclick: () => act('agenda.set_current', { meeting_id: id, item_id: null }, 'clear') }, t('fac.now.clear')) : null);
    patch(agendaList, agendaView(s.agenda, s.now, s.meeting.zone, {
      controls: (item, isNow) => h('button', { type: 'button', class: 'small', id: `now-set-${item.item_id}`,
        onclick: () => act('agenda.set_current', { meeting_id: id, item_id: item.item_id }, 'now') },
      labelled(isNow ? t('fac.now.restart', { title: item.title }) : t('fac.now.set', { title: item.title }))),
    }));
    agendaEd.update(s.agenda, s.meeting);
    editor.refreshItems();
    docsEd.refreshItems();
    questions.refreshItems();
  }

  // --- documents and minutes -----------------------------------------------------------------
  const docsEd = documentsEditor(conn, id, { token: ctx.token, agendaItems: () => (s.agenda ? s.agenda.items : []) });
  docSec.body.append(docsEd.el);
  const minutesEd = minutesEditor(conn, id, { coordinator: identity.role === 'coordinator' });
  minutesSec.body.append(minutesEd.el);

  // --- audience questions ------------------------------------------------------------------------
  const questions = questionsPanel(conn, id, { token: ctx.token, agenda: () => s.agenda, zone: () => (s.meeting ? s.meeting.zone : undefined), minutes: minutesEd });
  qaSec.body.append(questions.el);

  // --- check-in -----------------------------------------------------------------------------
  const checkFb = feedback('checkin-feedback');
  const checkList = h('div');
  const code = field(t('fac.checkin.code'), 'text', { id: 'checkin-code', autocomplete: 'off', maxlength: 12 });
  const checkForm = h('form', { class: 'form inline', id: 'checkin-form' }, code.wrap, h('button', { type: 'submit' }, t('fac.checkin.submit')));
  checkForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await send(checkFb, conn.request('registration.checkin', { meeting_id: id, checkin_code: code.input.value.trim() }, { idem: idemKey('code') }),
      r => t('fac.checkin.ok', { name: r.registration.person ? r.registration.person.name : '' }));
    if (res) { code.input.value = ''; loadRegs(); }
  });
  checkSec.body.append(checkForm, checkFb.el, checkList);

  function renderCheckin() {
    const confirmed = s.regs.filter(r => r.status === 'confirmed');
    if (!confirmed.length) { patch(checkList, h('p', null, t('fac.checkin.none'))); return; }
    patch(checkList, h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'checkin-caption' }, h('table', { class: 'checkin' },
      h('caption', { id: 'checkin-caption' }, t('fac.checkin.caption', { n: confirmed.filter(r => r.checked_in_at).length, total: confirmed.length, count: 'total' })),
      h('thead', null, h('tr', null, [t('fac.col.name'), t('fac.col.org'), t('fac.col.mode'), t('fac.col.checkedin'), withMail ? t('fac.col.mail') : null].filter(Boolean).map(x => h('th', { scope: 'col' }, x)))),
      h('tbody', null, confirmed.map((r) => {
        const name = r.person ? r.person.name : `#${r.person_id}`;
        const checked = Boolean(r.checked_in_at);
        return h('tr', null,
          h('th', { scope: 'row' }, name),
          h('td', null, r.organisation ? r.organisation.name : ''),
          h('td', null, t(`mode.${r.mode}`)),
          h('td', null, h('button', { type: 'button', class: 'small', id: `checkin-${r.registration_id}`, 'aria-pressed': String(checked),
            onclick: () => act('registration.checkin', { meeting_id: id, registration_id: r.registration_id, checked_in: !checked }, 'chk').then(loadRegs) },
          checked ? t('fac.checkin.undo', { name, time: formatTime(r.checked_in_at, s.meeting.zone) }) : t('fac.checkin.do', { name }))),
          withMail ? h('td', null, lastMailCell(r.last_mail)) : null);
      })))));
  }

  // The last mail of each registration: for coordinators only (PROTOCOL.md registration.list).
  const withMail = identity.role === 'coordinator';
  let regTimer = null;
  function loadRegs() {
    clearTimeout(regTimer);
    regTimer = setTimeout(() => {
      conn.request('registration.list', withMail ? { meeting_id: id, mail: true } : { meeting_id: id }).then((r) => { s.regs = r.registrations; renderCheckin(); }, () => {});
    }, 150);
  }

  loadRegs();
  const unsubs = [docsEd.stop, devices.stop, questions.stop];
  unsubs.push(conn.subscribe(`meeting:${id}`, {
    onSnapshot(snap) {
      s.meeting = snap.meeting; s.agenda = snap.agenda; s.now = snap.now; s.error = null;
      renderIntro(); renderAgenda(); minutesEd.update(snap.minutes);
    },
    onEvent(ev, data) {
      if (data.meeting) { s.meeting = data.meeting; renderIntro(); }
      if (ev === 'agenda.changed') { s.agenda = data.agenda; renderAgenda(); }
      if (ev === 'agenda.now') { s.now = data.now; renderAgenda(); }
      if (ev === 'minutes.changed') minutesEd.update(data.minutes);
      if (ev === 'registration.counts') loadRegs();
    },
    onError(err) { s.error = err; renderIntro(); ctx.ready(); },
  }));
  unsubs.push(conn.subscribe(`polls-staff:${id}`, {
    onSnapshot(snap) { s.polls = new Map(snap.polls.map(p => [p.poll.poll_id, p])); renderPolls(); ctx.ready(); },
    onEvent(ev, data) {
      if (ev === 'poll.deleted') s.polls.delete(data.poll_id);
      else if (ev === 'poll.tally') {
        devices.nudge();  // a vote may have been a device's: its `voted` and the counts change
        const p = s.polls.get(data.poll_id);
        if (p) { p.results = data.results; p.poll = { ...p.poll, ballots: data.ballots }; }
      } else if (data.poll) {
        const old = s.polls.get(data.poll.poll_id);
        s.polls.set(data.poll.poll_id, { poll: data.poll, results: data.results !== undefined ? data.results : old ? old.results : null });
      }
      renderPolls();
    },
  }));
  return () => { unsubs.forEach(f => f()); clearTimeout(regTimer); };
}

// Facilitator console: the agenda's "now" marker, polls (create, open, close, live results with
// a projector mode), the check-in list and the attendee list. Live on `meeting:M` and
// `polls-staff:M`; the check-in list reloads when the seat counts change.

import { h, patch, field, idemKey, downloadWithToken } from '../dom.js';
import { t, formatNumber, formatTime } from '../i18n.js';
import { pageHeading, section, errorBox, agendaView, nowSentence, resultsView, meetingWhen } from '../common.js';

export function mount(root, ctx) {
  const { conn, id, identity } = ctx;
  const s = { meeting: null, agenda: null, now: null, polls: new Map(), regs: [], error: null };
  const heading = pageHeading(ctx, t('fac.title'));
  const intro = h('div', { class: 'intro' });
  const status = h('p', { class: 'notice', role: 'status', id: 'fac-status' });
  root.append(heading, intro, status);

  const allowed = identity.role === 'coordinator' || (identity.facilitates || []).includes(id);
  if (!allowed) {
    patch(intro, h('p', null, t('fac.forbidden')), h('p', null, h('a', { href: '#/me' }, t('self.login'))));
    ctx.ready();
    return null;
  }

  const agendaSec = section('fac-agenda', t('fac.agenda'));
  const nowLine = h('p', { class: 'agenda-now', id: 'agenda-now', 'aria-live': 'polite' });
  const nowControls = h('div', { class: 'actions' });
  const agendaList = h('div');
  agendaSec.body.append(nowLine, nowControls, agendaList);
  const pollSec = section('fac-polls', t('fac.polls'), 'poll-console');
  const newPoll = h('div');
  const pollList = h('div', { id: 'fac-poll-list' });
  const projector = h('button', { type: 'button', id: 'projector-toggle', 'aria-pressed': 'false' }, t('projector.on'));
  projector.addEventListener('click', () => {
    const on = !document.body.classList.contains('projector');
    document.body.classList.toggle('projector', on);
    projector.setAttribute('aria-pressed', String(on));
  });
  pollSec.body.append(h('p', null, projector), pollList, newPoll);
  const checkSec = section('fac-checkin', t('fac.checkin'));
  const checkForm = h('div');
  const checkList = h('div');
  checkSec.body.append(checkForm, checkList);
  root.append(agendaSec.section, pollSec.section, checkSec.section);

  async function act(promise, okText) {
    status.textContent = t('app.sending');
    try {
      const res = await promise;
      status.textContent = okText || t('app.done');
      return res;
    } catch (err) {
      status.textContent = '';
      root.querySelectorAll(':scope > .error').forEach(e => e.remove());
      status.after(errorBox(err));
      return null;
    }
  }

  function renderIntro() {
    if (s.error) { patch(intro, errorBox(s.error)); return; }
    const m = s.meeting;
    if (!m) return;
    heading.textContent = t('fac.heading', { title: m.title });
    ctx.setTitle(heading.textContent);
    patch(intro,
      h('p', null, meetingWhen(m)),
      h('ul', { class: 'link-list' },
        h('li', null, h('a', { href: `#/meetings/${id}`, class: 'button-link' }, t('fac.meetingpage'))),
        h('li', null, h('button', { type: 'button', id: 'csv-download', onclick: () => downloadWithToken(`/meetings/${id}/attendees.csv`, ctx.token, `attendees-${id}.csv`).catch(() => {}) }, t('fac.csv')))));
  }

  function renderAgenda() {
    if (!s.meeting) return;
    nowLine.textContent = nowSentence(s.agenda, s.now);
    const state = s.now ? s.now.state : 'none';
    patch(nowControls,
      state === 'pending' ? h('button', { type: 'button', id: 'now-start', onclick: () => act(conn.request('agenda.start', { meeting_id: id }, { idem: idemKey('start') })) }, t('fac.now.start')) : null,
      state === 'running' ? h('button', { type: 'button', id: 'now-end', onclick: () => act(conn.request('agenda.end', { meeting_id: id }, { idem: idemKey('end') })) }, t('fac.now.end')) : null,
      state !== 'none' ? h('button', { type: 'button', id: 'now-clear', onclick: () => act(conn.request('agenda.set_current', { meeting_id: id, item_id: null }, { idem: idemKey('clear') })) }, t('fac.now.clear')) : null);
    patch(agendaList, agendaView(s.agenda, s.now, s.meeting.zone, {
      controls: (item, isNow) => h('button', { type: 'button', class: 'small', id: `now-set-${item.item_id}`,
        onclick: () => act(conn.request('agenda.set_current', { meeting_id: id, item_id: item.item_id }, { idem: idemKey('now') })) },
      isNow ? t('fac.now.restart', { title: item.title }) : t('fac.now.set', { title: item.title })),
    }));
  }

  function renderNewPoll() {
    const question = field(t('fac.poll.question'), 'text', { id: 'poll-question', required: true, maxlength: 300 });
    const kind = field(t('fac.poll.kind'), 'select', { id: 'poll-kind', value: 'single' },
      ['single', 'multiple', 'approval', 'ranking', 'scale', 'text'].map(k => ({ value: k, label: t(`pollkind.${k}`) })));
    const options = field(t('fac.poll.options'), 'textarea', { id: 'poll-options', rows: 4, hint: t('fac.poll.options.hint') });
    const maxChoices = field(t('fac.poll.max'), 'number', { id: 'poll-max', min: 1, max: 50, value: '2' });
    const scaleMax = field(t('fac.poll.scalemax'), 'number', { id: 'poll-scale', min: 2, max: 10, value: '5' });
    const results = field(t('fac.poll.results'), 'select', { id: 'poll-results', value: 'live' },
      ['live', 'after_close', 'facilitators'].map(k => ({ value: k, label: t(`pollresults.${k}`) })));
    const anonymous = h('div', { class: 'choice' }, h('input', { type: 'checkbox', id: 'poll-anonymous', checked: true }), h('label', { for: 'poll-anonymous' }, t('fac.poll.anonymous')));
    const form = h('form', { class: 'form', id: 'poll-form' },
      h('h3', null, t('fac.poll.new')), question.wrap, kind.wrap, options.wrap, maxChoices.wrap, scaleMax.wrap, results.wrap, anonymous,
      h('button', { type: 'submit', class: 'primary', id: 'poll-create' }, t('fac.poll.create')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const k = kind.input.value;
      const args = { meeting_id: id, kind: k, question: question.input.value.trim(), results: results.input.value,
        anonymous: document.getElementById('poll-anonymous').checked };
      if (['single', 'multiple', 'approval', 'ranking'].includes(k)) {
        args.options = options.input.value.split('\n').map(x => x.trim()).filter(Boolean);
      }
      if (k === 'multiple') args.max_choices = Number(maxChoices.input.value);
      if (k === 'scale') args.scale = { max: Number(scaleMax.input.value) };
      const res = await act(conn.request('poll.create', args, { idem: idemKey('poll') }), t('fac.poll.created'));
      if (res) { question.input.value = ''; options.input.value = ''; }
    });
    patch(newPoll, form);
  }

  function renderPolls() {
    const list = [...s.polls.values()].sort((a, b) => b.poll.poll_id - a.poll.poll_id);
    if (!list.length) { patch(pollList, h('p', null, t('fac.poll.none'))); return; }
    patch(pollList, list.map(({ poll, results }) => {
      const pid = `fac-poll-${poll.poll_id}`;
      const buttons = [];
      if (poll.status === 'draft') {
        buttons.push(h('button', { type: 'button', class: 'primary', id: `${pid}-open`, onclick: () => act(conn.request('poll.open', { poll_id: poll.poll_id }, { idem: idemKey('open') }), t('fac.poll.opened')) }, t('fac.poll.open', { q: poll.question })));
        buttons.push(h('button', { type: 'button', class: 'danger', id: `${pid}-delete`, onclick: () => act(conn.request('poll.delete', { poll_id: poll.poll_id }, { idem: idemKey('del') })) }, t('fac.poll.delete', { q: poll.question })));
      } else if (poll.status === 'open') {
        buttons.push(h('button', { type: 'button', id: `${pid}-close`, onclick: () => act(conn.request('poll.close', { poll_id: poll.poll_id }, { idem: idemKey('close') }), t('fac.poll.closed')) }, t('fac.poll.close', { q: poll.question })));
      }
      return h('section', { class: `card poll ${poll.status}`, 'aria-labelledby': `${pid}-q`, dataset: { pollId: poll.poll_id } },
        h('h3', { id: `${pid}-q` }, poll.question),
        h('p', { class: 'muted' }, `${t(`poll.status.${poll.status}`)} · ${t(`pollkind.${poll.kind}`)} · ${t('fac.poll.ballots', { n: formatNumber(poll.ballots) })}`),
        h('div', { class: 'actions' }, buttons),
        poll.status !== 'draft' ? h('div', { class: 'poll-results', id: `${pid}-results` }, resultsView(poll, results)) : null);
    }));
  }

  function renderCheckin() {
    const confirmed = s.regs.filter(r => r.status === 'confirmed');
    if (!confirmed.length) { patch(checkList, h('p', null, t('fac.checkin.none'))); return; }
    patch(checkList, h('table', { class: 'checkin' },
      h('caption', null, t('fac.checkin.caption', { n: formatNumber(confirmed.filter(r => r.checked_in_at).length), total: formatNumber(confirmed.length) })),
      h('thead', null, h('tr', null, [t('fac.col.name'), t('fac.col.org'), t('fac.col.mode'), t('fac.col.checkedin')].map(x => h('th', { scope: 'col' }, x)))),
      h('tbody', null, confirmed.map((r) => {
        const name = r.person ? r.person.name : `#${r.person_id}`;
        const checked = Boolean(r.checked_in_at);
        return h('tr', null,
          h('th', { scope: 'row' }, name),
          h('td', null, r.organisation ? r.organisation.name : ''),
          h('td', null, t(`mode.${r.mode}`)),
          h('td', null, h('button', { type: 'button', class: 'small', id: `checkin-${r.registration_id}`, 'aria-pressed': String(checked),
            onclick: () => act(conn.request('registration.checkin', { meeting_id: id, registration_id: r.registration_id, checked_in: !checked }, { idem: idemKey('chk') })).then(loadRegs) },
          checked ? t('fac.checkin.undo', { name, time: formatTime(r.checked_in_at, s.meeting.zone) }) : t('fac.checkin.do', { name }))));
      }))));
  }

  function renderCheckForm() {
    const code = field(t('fac.checkin.code'), 'text', { id: 'checkin-code', autocomplete: 'off', maxlength: 12 });
    const form = h('form', { class: 'form inline', id: 'checkin-form' }, code.wrap, h('button', { type: 'submit' }, t('fac.checkin.submit')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const res = await act(conn.request('registration.checkin', { meeting_id: id, checkin_code: code.input.value.trim() }, { idem: idemKey('code') }));
      if (res) { status.textContent = t('fac.checkin.ok', { name: res.registration.person ? res.registration.person.name : '' }); code.input.value = ''; loadRegs(); }
    });
    patch(checkForm, form);
  }

  let regTimer = null;
  function loadRegs() {
    clearTimeout(regTimer);
    regTimer = setTimeout(() => {
      conn.request('registration.list', { meeting_id: id }).then((r) => { s.regs = r.registrations; renderCheckin(); }, () => {});
    }, 150);
  }

  renderNewPoll();
  renderCheckForm();
  loadRegs();
  const unsubs = [];
  unsubs.push(conn.subscribe(`meeting:${id}`, {
    onSnapshot(snap) { s.meeting = snap.meeting; s.agenda = snap.agenda; s.now = snap.now; s.error = null; renderIntro(); renderAgenda(); },
    onEvent(ev, data) {
      if (data.meeting) { s.meeting = data.meeting; renderIntro(); }
      if (ev === 'agenda.changed') { s.agenda = data.agenda; renderAgenda(); }
      if (ev === 'agenda.now') { s.now = data.now; renderAgenda(); }
      if (ev === 'registration.counts') loadRegs();
    },
    onError(err) { s.error = err; renderIntro(); },
  }));
  unsubs.push(conn.subscribe(`polls-staff:${id}`, {
    onSnapshot(snap) { s.polls = new Map(snap.polls.map(p => [p.poll.poll_id, p])); renderPolls(); ctx.ready(); },
    onEvent(ev, data) {
      if (ev === 'poll.deleted') s.polls.delete(data.poll_id);
      else if (ev === 'poll.tally') {
        const p = s.polls.get(data.poll_id);
        if (p) { p.results = data.results; p.poll = { ...p.poll, ballots: data.ballots }; }
      } else if (data.poll) {
        const old = s.polls.get(data.poll.poll_id);
        s.polls.set(data.poll.poll_id, { poll: data.poll, results: data.results !== undefined ? data.results : old ? old.results : null });
      }
      renderPolls();
    },
  }));
  return () => { unsubs.forEach(f => f()); clearTimeout(regTimer); document.body.classList.remove('projector'); };
}

// Meeting: time in the meeting's zone, place or online, seats, the agenda with the live "now"
// marker, documents, and the caller's registration (register, change, cancel; or
// self-registration with an invitation code). Live on `meeting:M` and the person's `person:P`.

import { h, patch, field, idemKey, downloadWithToken } from '../dom.js';
import { t, formatNumber } from '../i18n.js';
import {
  pageHeading, section, errorBox, meetingWhen, meetingWhere, statusBadge, countsView, agendaView, nowSentence,
} from '../common.js';

export function mount(root, ctx) {
  const { conn, id, identity } = ctx;
  const person = identity.person;
  const facilitates = identity.role === 'coordinator' || (identity.facilitates || []).includes(id);
  const s = { meeting: null, counts: null, agenda: null, now: null, docs: new Map(), reg: null, regKnown: !person, onlineUrl: null, error: null };
  const unsubs = [];
  let docsUnsub = null;
  let regKey = null;

  const heading = pageHeading(ctx, t('meeting.title'));
  const details = h('div', { class: 'intro' });
  const links = h('div', { class: 'actions' });
  const seats = section('seats', t('meeting.seats'));
  const reg = section('registration', t('reg.title'));
  const regStatus = h('p', { class: 'notice', role: 'status', id: 'reg-status' });
  const regBody = h('div');
  reg.body.append(regStatus, regBody);
  const agenda = section('agenda', t('agenda.title'));
  const nowLine = h('p', { class: 'agenda-now', id: 'agenda-now', 'aria-live': 'polite' });
  const agendaList = h('div');
  agenda.body.append(nowLine, agendaList);
  const docs = section('documents', t('docs.title'));
  root.append(heading, details, links, seats.section, reg.section, agenda.section, docs.section);

  function renderDetails() {
    if (s.error) { patch(details, errorBox(s.error)); return; }
    const m = s.meeting;
    if (!m) return;
    heading.textContent = m.title;
    ctx.setTitle(m.title);
    const onlineUrl = s.onlineUrl || m.online_url;
    patch(details,
      h('p', null, statusBadge(m.status)),
      h('dl', { class: 'facts' },
        h('dt', null, t('meeting.when')), h('dd', null, meetingWhen(m)),
        h('dt', null, t('meeting.where')), h('dd', null, meetingWhere(m)),
        onlineUrl ? [h('dt', null, t('meeting.online')), h('dd', null, h('a', { href: onlineUrl }, onlineUrl))] : null,
        m.cost_note ? [h('dt', null, t('meeting.cost')), h('dd', null, m.cost_note)] : null),
      m.description ? h('p', { class: 'lead' }, m.description) : null);
    const confirmed = s.reg && s.reg.status === 'confirmed';
    patch(links, h('ul', { class: 'link-list' },
      m.status !== 'draft' ? h('li', null, h('a', { href: `/calendar/meetings/${id}.ics`, download: `meeting-${id}.ics`, class: 'button-link' }, t('meeting.addcal'))) : null,
      h('li', null, h('a', { href: `/meetings/${id}/agenda.txt`, class: 'button-link' }, t('meeting.agendatxt'))),
      confirmed || facilitates ? h('li', null, h('a', { href: `#/vote/${id}`, class: 'button-link' }, t('meeting.vote'))) : null,
      facilitates ? h('li', null, h('a', { href: `#/facilitate/${id}`, class: 'button-link' }, t('meeting.facilitate'))) : null,
      h('li', null, h('a', { href: `#/network/${m.network_id}`, class: 'button-link' }, t('meeting.back')))));
  }

  function renderSeats() { patch(seats.body, countsView(s.counts)); }

  function renderAgenda() {
    if (!s.meeting) return;
    nowLine.textContent = nowSentence(s.agenda, s.now);
    patch(agendaList, agendaView(s.agenda, s.now, s.meeting.zone));
  }

  function renderDocs() {
    const list = [...s.docs.values()];
    if (!list.length) { patch(docs.body, h('p', null, t('docs.none'))); return; }
    patch(docs.body, h('ul', { class: 'documents' }, list.map((d) => {
      const size = d.latest ? ` (${formatNumber(Math.ceil(d.latest.size / 1024))} kB)` : '';
      const name = d.latest ? d.latest.filename : d.title;
      const link = d.visibility === 'public'
        ? h('a', { href: d.url }, d.title)
        : h('button', { type: 'button', class: 'link-button', onclick: () => downloadWithToken(d.url, ctx.token, name).catch(() => {}) }, d.title);
      return h('li', null, link, size, d.visibility !== 'public' ? h('span', { class: 'muted' }, ` – ${t(`docs.vis.${d.visibility}`)}`) : null);
    })));
  }

  function offeredModes() {
    const m = s.meeting;
    const modes = [];
    if (m.format !== 'digital') modes.push('in_person');
    if (m.format !== 'in_person' && m.capacity_remote !== 0) modes.push('remote');
    return modes;
  }

  function modeFieldset(name, current) {
    const modes = offeredModes();
    return h('fieldset', { class: 'choices' },
      h('legend', null, t('reg.mode')),
      modes.map((mode, i) => {
        const fid = `${name}-${mode}`;
        return h('div', { class: 'choice' },
          h('input', { type: 'radio', name, id: fid, value: mode, checked: current ? current === mode : i === 0 }),
          h('label', { for: fid }, t(`mode.${mode}`)));
      }));
  }

  function needsFields(prefix, reg0) {
    const diet = field(t('reg.dietary'), 'textarea', { id: `${prefix}-dietary`, maxlength: 500, rows: 2, value: reg0 ? reg0.dietary_needs || '' : '' });
    const access = field(t('reg.accessibility'), 'textarea', { id: `${prefix}-access`, maxlength: 500, rows: 2, value: reg0 ? reg0.accessibility_needs || '' : '' });
    return { diet, access };
  }

  async function run(promise, okText) {
    regStatus.textContent = t('app.sending');
    regStatus.classList.remove('error');
    try {
      const res = await promise;
      if (okText) regStatus.textContent = okText(res);
      return res;
    } catch (err) {
      regStatus.textContent = '';
      regBody.querySelectorAll(':scope > .error').forEach(e => e.remove());
      regBody.prepend(errorBox(err));
      return null;
    }
  }

  function regSentence(r) {
    if (r.status === 'confirmed') return t(`reg.confirmed.${r.mode}`);
    return t('reg.waitlisted', { position: r.waitlist_position, mode: t(`mode.${r.mode}`).toLowerCase() });
  }

  function renderReg(force) {
    const m = s.meeting;
    if (!m || !s.regKnown) return;
    const key = JSON.stringify([m.status, identity.role, s.reg && [s.reg.registration_id, s.reg.status, s.reg.mode, s.reg.waitlist_position]]);
    if (key === regKey && !force) return;
    regKey = key;
    if (m.status === 'cancelled') { patch(regBody, h('p', null, t('reg.meetingcancelled'))); return; }
    if (m.status === 'draft') { patch(regBody, h('p', null, t('reg.draft'))); return; }
    if (identity.role === 'coordinator') { patch(regBody, h('p', null, t('reg.coordinator'))); return; }
    if (!person) { patch(regBody, windowOpen(m) ? selfRegistration() : h('p', null, t('error.registration_closed'))); return; }
    if (!s.reg && !windowOpen(m)) { patch(regBody, h('p', null, t('error.registration_closed'))); return; }
    if (!s.reg) { patch(regBody, registerForm()); return; }
    patch(regBody, registeredView());
  }

  // The registration window as the protocol defines it (the server decides; this only saves a
  // participant from filling in a form that would be refused).
  function windowOpen(m) {
    const now = Date.now();
    if (m.registration_opens && now < Date.parse(m.registration_opens)) return false;
    return now < Date.parse(m.registration_closes || m.starts_at);
  }

  function registerForm() {
    const { diet, access } = needsFields('new', null);
    const form = h('form', { class: 'form', id: 'register-form' },
      h('p', null, t('reg.as', { name: person.name })),
      modeFieldset('new-mode'), diet.wrap, access.wrap,
      h('button', { type: 'submit', class: 'primary', id: 'register-button' }, t('reg.submit')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const mode = form.querySelector('input[name="new-mode"]:checked').value;
      const res = await run(conn.request('registration.create', {
        meeting_id: id, mode, dietary_needs: diet.input.value, accessibility_needs: access.input.value,
      }, { idem: idemKey('reg') }), r => regSentence(r.registration));
      if (res) { s.reg = res.registration; renderReg(); afterRegChange(); }
    });
    return form;
  }

  function registeredView() {
    const r = s.reg;
    const { diet, access } = needsFields('edit', r);
    const form = h('form', { class: 'form', id: 'change-form' },
      h('h3', null, t('reg.change')),
      modeFieldset('edit-mode', r.mode), diet.wrap, access.wrap,
      h('button', { type: 'submit', id: 'change-button' }, t('reg.save')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const mode = form.querySelector('input[name="edit-mode"]:checked').value;
      const args = { registration_id: r.registration_id, dietary_needs: diet.input.value, accessibility_needs: access.input.value };
      if (mode !== r.mode) args.mode = mode;
      const res = await run(conn.request('registration.update', args, { idem: idemKey('upd') }), x => `${t('reg.saved')} ${regSentence(x.registration)}`);
      if (res) { s.reg = res.registration; renderReg(); }
    });
    const cancel = h('button', { type: 'button', class: 'danger', id: 'cancel-button' }, t('reg.cancel'));
    cancel.addEventListener('click', async () => {
      const res = await run(conn.request('registration.cancel', { registration_id: r.registration_id }, { idem: idemKey('cancel') }), () => t('reg.cancelled'));
      if (res) { s.reg = null; renderReg(); afterRegChange(); document.getElementById('register-button')?.focus(); }
    });
    return h('div', null,
      h('p', { class: 'reg-state', id: 'reg-state' }, regSentence(r)),
      r.checkin_code && r.status === 'confirmed' ? h('p', null, t('reg.checkincode'), ' ', h('strong', { class: 'code' }, r.checkin_code)) : null,
      form, h('p', null, cancel));
  }

  function selfRegistration() {
    const code = field(t('self.code'), 'text', { id: 'self-code', autocomplete: 'off', value: ctx.params.get('invitation') || '', required: true, hint: t('self.code.hint') });
    const name = field(t('self.name'), 'text', { id: 'self-name', autocomplete: 'name', required: true, maxlength: 200 });
    const email = field(t('self.email'), 'email', { id: 'self-email', autocomplete: 'email', required: true, maxlength: 254 });
    const role = field(t('self.role'), 'select', { id: 'self-role', value: 'official' },
      [{ value: 'official', label: t('role.official') }, { value: 'elected', label: t('role.elected') }]);
    const { diet, access } = needsFields('self', null);
    const form = h('form', { class: 'form', id: 'self-form' },
      h('p', null, t('self.intro')),
      h('p', null, t('self.haslink'), ' ', h('a', { href: '#/me' }, t('self.login'))),
      code.wrap, name.wrap, email.wrap, role.wrap, modeFieldset('self-mode'), diet.wrap, access.wrap,
      h('button', { type: 'submit', class: 'primary' }, t('reg.submit')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const mode = form.querySelector('input[name="self-mode"]:checked').value;
      const res = await run(conn.request('registration.create', {
        meeting_id: id, mode, invitation: code.input.value.trim(),
        person: { name: name.input.value.trim(), email: email.input.value.trim(), role: role.input.value },
        dietary_needs: diet.input.value, accessibility_needs: access.input.value,
      }), r => regSentence(r.registration));
      // The new person's token: from now on this browser is theirs (see Mina träffar).
      if (res && res.token) ctx.setToken(res.token);
    });
    return form;
  }

  function afterRegChange() {
    renderDetails();
    const confirmed = s.reg && s.reg.status === 'confirmed';
    if (confirmed && !s.onlineUrl) {
      conn.request('meeting.get', { meeting_id: id }).then((r) => { s.onlineUrl = r.meeting.online_url || null; renderDetails(); }, () => {});
    }
    if ((confirmed || facilitates) && !docsUnsub && ctx.token) {
      docsUnsub = conn.subscribe(`documents:${id}`, {
        onSnapshot(snap) { for (const d of snap.documents) s.docs.set(d.document_id, d); renderDocs(); },
        onEvent: docEvent,
      });
    }
  }

  function docEvent(ev, data) {
    if (ev === 'document.removed') s.docs.delete(data.document_id);
    else if (data.document) s.docs.set(data.document.document_id, data.document);
    renderDocs();
  }

  unsubs.push(conn.subscribe(`meeting:${id}`, {
    onSnapshot(snap) {
      s.meeting = snap.meeting;
      s.counts = snap.counts;
      s.agenda = snap.agenda || null;
      s.now = snap.now || null;
      for (const d of snap.documents || []) s.docs.set(d.document_id, d);
      s.error = null;
      renderDetails(); renderSeats(); renderAgenda(); renderDocs(); renderReg(true);
      if (s.regKnown) ctx.ready();
    },
    onEvent(ev, data) {
      if (data.meeting) {
        s.meeting = { ...data.meeting };
        renderDetails(); renderReg(); renderAgenda();
      } else if (ev === 'registration.counts') {
        s.counts = data.counts;
        renderSeats();
        // Places in line move up without an event of their own.
        if (s.reg && s.reg.status === 'waitlisted') {
          conn.request('registration.get', { registration_id: s.reg.registration_id })
            .then((r) => { s.reg = r.registration.status === 'cancelled' ? null : r.registration; renderReg(); }, () => {});
        }
      } else if (ev === 'agenda.changed') {
        s.agenda = data.agenda; renderAgenda();
      } else if (ev === 'agenda.now') {
        s.now = data.now; renderAgenda();
      } else if (ev.startsWith('document.')) {
        docEvent(ev, data);
      }
    },
    onError(err) { s.error = err; renderDetails(); ctx.ready(); },
  }));

  if (person) {
    unsubs.push(conn.subscribe(`person:${person.person_id}`, {
      onSnapshot(snap) {
        s.reg = snap.registrations.find(r => r.meeting_id === id && r.status !== 'cancelled') || null;
        s.regKnown = true;
        renderReg(true);
        if (s.meeting) ctx.ready();
        afterRegChange();
      },
      onEvent(ev, data) {
        const r = data.registration;
        if (!r || r.meeting_id !== id) return;
        s.reg = r.status === 'cancelled' ? null : r;
        renderReg();
        if (ev === 'registration.promoted') regStatus.textContent = t('reg.promoted', { mode: t(`mode.${r.mode}`).toLowerCase() });
        afterRegChange();
      },
    }));
  }
  if (facilitates) afterRegChange();

  return () => { unsubs.forEach(f => f()); if (docsUnsub) docsUnsub(); };
}

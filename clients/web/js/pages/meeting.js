// Meeting: time in the meeting's zone, place or online, contact person, seats, the agenda with
// the live "now" marker, documents, approved minutes, and the caller's registration (register,
// change, cancel; or self-registration with an invitation code). Before registering, the form
// says which seats are free (in-person seats full: the free online seats are offered); a
// waitlisted registration looks different and says what happens next; cancelling asks first.
// What a participant types is kept as a draft (drafts.js): an edit made while offline shows
// "inte sparat" and is saved when the connection is back. Live on `meeting:M` and `person:P`.

import { h, patch, field, idemKey, downloadWithToken } from '../dom.js';
import { t, getLang, formatNumber, formatDateTime } from '../i18n.js';
import {
  pageHeading, section, errorBox, meetingWhen, meetingWhere, statusBadge, countsView, agendaView, nowSentence,
} from '../common.js';
import { confirmDialog } from '../ui.js';
import { bindDraft, clearDraft } from '../drafts.js';

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
  const minutesSec = section('minutes', t('minutes.title'));
  minutesSec.section.hidden = true;
  root.append(heading, details, links, seats.section, reg.section, agenda.section, docs.section, minutesSec.section);

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
        m.cost_note ? [h('dt', null, t('meeting.cost')), h('dd', null, m.cost_note)] : null,
        m.contact_name || m.contact_email ? [h('dt', null, t('meeting.contact')), h('dd', null,
          m.contact_name || '', m.contact_name && m.contact_email ? ', ' : '',
          m.contact_email ? h('a', { href: `mailto:${m.contact_email}` }, m.contact_email) : null)] : null),
      m.description ? h('p', { class: 'lead' }, m.description) : null);
    const confirmed = s.reg && s.reg.status === 'confirmed';
    patch(links, h('ul', { class: 'link-list' },
      m.status !== 'draft' ? h('li', null, h('a', { href: `/calendar/meetings/${id}.ics`, download: `meeting-${id}.ics`, class: 'button-link' }, t('meeting.addcal'))) : null,
      h('li', null, h('a', { href: `/meetings/${id}/agenda.txt`, class: 'button-link' }, t('meeting.agendatxt'))),
      confirmed || facilitates ? h('li', null, h('a', { href: `#/vote/${id}`, class: 'button-link' }, t('meeting.vote'))) : null,
      confirmed || facilitates ? h('li', null, h('a', { href: `#/questions/${id}`, class: 'button-link', id: 'meeting-questions' }, t('meeting.questions'))) : null,
      facilitates ? h('li', null, h('a', { href: `#/facilitate/${id}`, class: 'button-link' }, t('meeting.facilitate'))) : null,
      h('li', null, h('a', { href: `#/network/${m.network_id}`, class: 'button-link' }, t('meeting.back')))));
  }

  function renderSeats() { patch(seats.body, countsView(s.counts)); }

  /** Approved minutes are for everyone who may see the meeting; others are not shown here. */
  function renderMinutes(minutes) {
    const approved = minutes && minutes.status === 'approved' && minutes.text !== undefined;
    minutesSec.section.hidden = !approved;
    if (!approved) { patch(minutesSec.body); return; }
    patch(minutesSec.body,
      h('p', { class: 'muted' }, t('minutes.approved.on', { when: formatDateTime(minutes.updated_at) })),
      h('div', { class: 'minutes-text', id: 'minutes-text-approved' }, minutes.text));
  }

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

  function modeFieldset(name, current, { seatInfo = false } = {}) {
    const modes = offeredModes();
    const fullIn = seatInfo && modes.includes('in_person') && freeSeats('in_person') === 0;
    const remoteFree = modes.includes('remote') ? freeSeats('remote') : 0;
    // In-person seats full and online seats free: suggest online, but let the person choose.
    const preferred = current || (fullIn && remoteFree !== 0 ? 'remote' : modes[0]);
    const note = (mode) => {
      if (!seatInfo) return null;
      const free = freeSeats(mode);
      if (free === 0) return t('reg.seat.full');
      return free === null ? null : t('reg.seat.free', { n: free });
    };
    return h('fieldset', { class: 'choices' },
      h('legend', null, t('reg.mode')),
      fullIn ? h('p', { class: 'warning', id: `${name}-full` }, remoteFree !== 0 ? t('reg.full.offer') : t('reg.full.wait')) : null,
      modes.map((mode) => {
        const fid = `${name}-${mode}`;
        const extra = note(mode);
        return h('div', { class: 'choice' },
          h('input', { type: 'radio', name, id: fid, value: mode, checked: preferred === mode }),
          h('label', { for: fid }, h('span', null, t(`mode.${mode}`), extra ? h('span', { class: 'seat-note' }, ` – ${extra}`) : null)));
      }));
  }

  function needsFields(prefix, reg0) {
    const diet = field(t('reg.dietary'), 'textarea', { id: `${prefix}-dietary`, name: 'dietary', maxlength: 500, rows: 2, value: reg0 ? reg0.dietary_needs || '' : '' });
    const access = field(t('reg.accessibility'), 'textarea', { id: `${prefix}-access`, name: 'access', maxlength: 500, rows: 2, value: reg0 ? reg0.accessibility_needs || '' : '' });
    return { diet, access };
  }

  // The answer goes next to the registration, and focus follows it.
  regStatus.setAttribute('tabindex', '-1');
  async function run(promise, okText) {
    regStatus.textContent = t('app.sending');
    regBody.querySelectorAll(':scope > .error').forEach(e => e.remove());
    try {
      const res = await promise;
      if (okText) regStatus.textContent = okText(res);
      return res;
    } catch (err) {
      regStatus.textContent = '';
      const box = errorBox(err);
      box.setAttribute('tabindex', '-1');
      regBody.prepend(box);
      box.focus();
      return null;
    }
  }

  function regSentence(r) {
    if (r.status === 'confirmed') return t(`reg.confirmed.${r.mode}`);
    return t('reg.waitlisted', { position: r.waitlist_position, mode: t(`mode.${r.mode}`).toLowerCase() });
  }

  /** Free seats of a mode: null without a limit; 0 when full (or people are waiting). */
  function freeSeats(mode) {
    const c = s.counts && s.counts[mode];
    if (!c || !c.offered) return 0;
    if (c.capacity === null) return null;
    return c.waitlisted > 0 ? 0 : Math.max(0, c.capacity - c.confirmed);
  }

  function renderReg(force) {
    const m = s.meeting;
    if (!m || !s.regKnown) return;
    const key = JSON.stringify([m.status, identity.role, s.reg && [s.reg.registration_id, s.reg.status, s.reg.mode, s.reg.waitlist_position],
      !s.reg && person ? [freeSeats('in_person'), freeSeats('remote')] : null]);
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

  /** After a register or change: the state sentence takes focus, so the answer is read out. */
  function focusState() {
    const el = document.getElementById('reg-state');
    if (el) el.focus(); else regStatus.focus();
  }

  /**
   * Sends a registration change; offline, the draft stays and is marked "inte sparat", and is
   * sent again when the connection is back.
   */
  function sendDraft(draft, op, args, idem, onDone, again) {
    const showUnsaved = () => {
      draft.markPending(idem);
      resend = again;
      regStatus.textContent = '';
      const typed = document.getElementById('change-unsaved');
      if (typed) typed.hidden = true;  // "press save" no longer applies: it was pressed
      document.getElementById('reg-unsaved')?.remove();
      const mark = h('p', { class: 'unsaved', id: 'reg-unsaved', tabindex: '-1' }, t('reg.unsaved'));
      regBody.prepend(mark);
      mark.focus();
    };
    if (!conn.online) { showUnsaved(); return; }
    regStatus.textContent = t('app.sending');
    regBody.querySelectorAll(':scope > .error').forEach(e => e.remove());
    conn.request(op, args, { idem }).then((res) => {
      draft.clear();
      document.getElementById('reg-unsaved')?.remove();
      onDone(res);
    }, (err) => {
      if (err.code === 'offline' || err.code === 'timeout') { showUnsaved(); return; }
      regStatus.textContent = '';
      const box = errorBox(err);
      box.setAttribute('tabindex', '-1');
      regBody.prepend(box);
      box.focus();
    });
  }

  // A draft marked pending (sent while offline, or before a reload) goes out once we are back.
  let resend = null;
  function resendPending() {
    if (!resend || !conn.online) return;
    const job = resend;
    resend = null;
    job();
  }
  const onOnline = (e) => { if (e.detail) setTimeout(resendPending, 0); };
  conn.addEventListener('online', onOnline);

  function registerForm() {
    const { diet, access } = needsFields('new', null);
    const button = h('button', { type: 'submit', class: 'primary', id: 'register-button' }, t('reg.submit'));
    const form = h('form', { class: 'form', id: 'register-form' },
      h('p', null, t('reg.as', { name: person.name })),
      modeFieldset('new-mode', null, { seatInfo: true }), diet.wrap, access.wrap, button);
    const draftKey = `reg.${id}.new`;
    const draft = bindDraft(form, draftKey, ['new-mode', 'dietary', 'access']);
    const submit = (idem) => {
      const v = draft.read();
      const args = { meeting_id: id, mode: v['new-mode'], dietary_needs: v.dietary, accessibility_needs: v.access };
      sendDraft(draft, 'registration.create', args, idem, (res) => {
        s.reg = res.registration;
        regStatus.textContent = '';  // the registration's own sentence says it, and takes focus
        renderReg();
        afterRegChange();
        focusState();
      }, () => submit(idem));
    };
    form.addEventListener('submit', (e) => { e.preventDefault(); submit(draft.idem || idemKey('reg')); });
    if (draft.pending) {
      form.prepend(h('p', { class: 'unsaved', id: 'reg-unsaved' }, t('reg.unsaved')));
      resend = () => submit(draft.idem);
      setTimeout(resendPending, 0);
    }
    return form;
  }

  function registeredView() {
    const r = s.reg;
    const waitlisted = r.status === 'waitlisted';
    const { diet, access } = needsFields('edit', r);
    const form = h('form', { class: 'form', id: 'change-form' },
      h('h3', null, t('reg.change')),
      modeFieldset('edit-mode', r.mode), diet.wrap, access.wrap,
      h('button', { type: 'submit', id: 'change-button' }, t('reg.save')));
    const draftKey = `reg.${id}.${r.registration_id}`;
    const draft = bindDraft(form, draftKey, ['edit-mode', 'dietary', 'access']);
    // Typed but not saved (kept from before a reconnect or reload): say so.
    const differs = () => {
      const v = draft.read();
      return v['edit-mode'] !== r.mode || v.dietary !== (r.dietary_needs || '') || v.access !== (r.accessibility_needs || '');
    };
    const unsavedHint = h('p', { class: 'unsaved', id: 'change-unsaved', hidden: !(draft.restored && !draft.pending && differs()) }, t('reg.unsaved.typed'));
    form.insertBefore(unsavedHint, form.querySelector('#change-button'));
    form.addEventListener('input', () => { unsavedHint.hidden = !differs() || Boolean(document.getElementById('reg-unsaved')); });
    const submit = (idem) => {
      const v = draft.read();
      const args = { registration_id: r.registration_id, dietary_needs: v.dietary, accessibility_needs: v.access };
      if (v['edit-mode'] !== r.mode) args.mode = v['edit-mode'];
      sendDraft(draft, 'registration.update', args, idem, (res) => {
        s.reg = res.registration;
        regStatus.textContent = t('reg.saved');
        renderReg(true);
        focusState();
      }, () => submit(idem));
    };
    form.addEventListener('submit', (e) => { e.preventDefault(); submit(draft.idem || idemKey('upd')); });
    if (draft.pending) {
      form.prepend(h('p', { class: 'unsaved', id: 'reg-unsaved' }, t('reg.unsaved')));
      resend = () => submit(draft.idem);
      setTimeout(resendPending, 0);
    }
    const cancel = h('button', { type: 'button', class: 'danger', id: 'cancel-button' }, waitlisted ? t('reg.leavewaitlist') : t('reg.cancel'));
    cancel.addEventListener('click', async () => {
      const ok = await confirmDialog(waitlisted
        ? { title: t('reg.leave.title'), body: t('reg.leave.body', { title: s.meeting.title }), confirm: t('reg.leavewaitlist'), cancel: t('reg.keep.waitlist') }
        : { title: t('reg.cancel.title'), body: t('reg.cancel.body', { title: s.meeting.title }), confirm: t('reg.cancel.yes'), cancel: t('reg.keep') });
      if (!ok) return;
      const res = await run(conn.request('registration.cancel', { registration_id: r.registration_id }, { idem: idemKey('cancel') }), () => (waitlisted ? t('reg.left') : t('reg.cancelled')));
      if (res) {
        clearDraft(draftKey);
        s.reg = null;
        renderReg();
        afterRegChange();
        regStatus.focus();
      }
    });
    return h('div', { class: waitlisted ? 'reg-box waitlisted' : 'reg-box confirmed' },
      h('p', { class: 'reg-state', id: 'reg-state', tabindex: '-1' }, regSentence(r)),
      waitlisted ? h('p', { class: 'reg-next' }, t('reg.waitlisted.next')) : null,
      waitlisted && offeredModes().includes('remote') && r.mode === 'in_person' && freeSeats('remote') !== 0 ? h('p', { class: 'reg-next' }, t('reg.waitlisted.remote')) : null,
      r.checkin_code && r.status === 'confirmed' && r.mode === 'in_person' ? h('p', null, t('reg.checkincode'), ' ', h('strong', { class: 'code' }, r.checkin_code)) : null,
      form, h('p', null, cancel));
  }

  function selfRegistration() {
    const code = field(t('self.code'), 'text', { id: 'self-code', autocomplete: 'off', value: ctx.params.get('invitation') || '', required: true, hint: t('self.code.hint') });
    const name = field(t('self.name'), 'text', { id: 'self-name', autocomplete: 'name', required: true, maxlength: 200 });
    const email = field(t('self.email'), 'email', { id: 'self-email', autocomplete: 'email', required: true, maxlength: 254 });
    const role = field(t('self.role'), 'select', { id: 'self-role', value: 'official' },
      [{ value: 'official', label: t('role.official') }, { value: 'elected', label: t('role.elected') }]);
    // The language of the person's mail; the one they read this page in, unless they change it.
    const lang = field(t('self.language'), 'select', { id: 'self-language', value: getLang() },
      ['sv', 'en'].map(l => ({ value: l, label: t(`language.${l}`) })));
    const { diet, access } = needsFields('self', null);
    const form = h('form', { class: 'form', id: 'self-form' },
      h('p', null, t('self.intro')),
      h('p', null, t('self.haslink'), ' ', h('a', { href: '#/me' }, t('self.login')), ' ', t('self.lost'), ' ', h('a', { href: '#/link', id: 'self-lost-link' }, t('self.lost.go'))),
      code.wrap, name.wrap, email.wrap, role.wrap, lang.wrap, modeFieldset('self-mode'), diet.wrap, access.wrap,
      h('button', { type: 'submit', class: 'primary' }, t('reg.submit')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const mode = form.querySelector('input[name="self-mode"]:checked').value;
      const res = await run(conn.request('registration.create', {
        meeting_id: id, mode, invitation: code.input.value.trim(),
        person: { name: name.input.value.trim(), email: email.input.value.trim(), role: role.input.value, language: lang.input.value },
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
      renderDetails(); renderSeats(); renderAgenda(); renderDocs(); renderReg(true); renderMinutes(snap.minutes);
      if (s.regKnown) ctx.ready();
    },
    onEvent(ev, data) {
      if (data.meeting) {
        s.meeting = { ...data.meeting };
        renderDetails(); renderReg(); renderAgenda();
      } else if (ev === 'registration.counts') {
        s.counts = data.counts;
        renderSeats();
        renderReg();
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
      } else if (ev === 'minutes.changed') {
        renderMinutes(data.minutes);
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

  return () => { unsubs.forEach(f => f()); if (docsUnsub) docsUnsub(); conn.removeEventListener('online', onOnline); };
}

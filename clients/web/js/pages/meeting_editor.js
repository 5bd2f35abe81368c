// Meeting editor (coordinator): a meeting's facts (title, description, form, place, online link,
// time and zone, seats per mode, the registration window, the seat quota per organisation,
// contact person, cost note), publishing, its facilitators, its agenda, the attendee list, and
// cancelling (last on the page, behind a confirmation that says how many people it concerns).
// After publishing, the form shows what participants and calendars will see change before it
// is saved. #/coordinate/meeting/new makes a draft; #/coordinate/meeting/M edits M. Live on
// `meeting:M` (counts, agenda).

import { h, patch, field, idemKey, downloadWithToken } from '../dom.js';
import { t, formatRange, formatDateTime } from '../i18n.js';
import { pageHeading, section, statusBadge } from '../common.js';
import { feedback, send, confirmDialog, errorBox, labelled } from '../ui.js';
import { wallToInstant, instantToWall, COMMON_ZONES } from '../zone.js';
import { agendaEditor } from '../agenda_editor.js';

/** The fields of the form, in the order they appear; `cal`: a change calendars show. */
const FIELDS = [
  { key: 'title', cal: true }, { key: 'description', cal: true }, { key: 'format', cal: true },
  { key: 'starts_at', cal: true }, { key: 'ends_at', cal: true }, { key: 'zone', cal: true },
  { key: 'venue', cal: true }, { key: 'address', cal: true }, { key: 'online_url', cal: false },
  { key: 'capacity_in_person' }, { key: 'capacity_remote' }, { key: 'in_person_quota_per_org' },
  { key: 'registration_opens' }, { key: 'registration_closes' },
  { key: 'contact_name' }, { key: 'contact_email' }, { key: 'cost_note', cal: true },
];

export function mount(root, ctx) {
  const { conn, identity, id } = ctx;
  const isNew = id === null;
  const heading = pageHeading(ctx, isNew ? t('editor.new') : t('editor.title'));
  root.append(heading);
  if (identity.role !== 'coordinator') {
    root.append(h('p', null, t('coord.forbidden')));
    ctx.ready();
    return null;
  }
  const networkId = Number(ctx.params.get('network') || 1);
  const s = { meeting: null, counts: null, agenda: null, facilitators: [], error: null, docs: [], polls: [] };
  const intro = h('div', { class: 'intro' });
  const detailsSec = section('editor-details', t('editor.details'));
  const publishSec = section('editor-publish', t('editor.publish'));
  const facSec = section('editor-facilitators', t('editor.facilitators'));
  const agendaSec = section('editor-agenda', t('agenda.title'));
  const exportSec = section('editor-export', t('editor.export'));
  const cancelSec = section('editor-cancel', t('editor.cancel'), 'danger-zone');
  root.append(intro, detailsSec.section);
  if (!isNew) root.append(publishSec.section, facSec.section, agendaSec.section, exportSec.section, cancelSec.section);

  // --- the form ---------------------------------------------------------------------------
  const f = {};
  f.title = field(t('coord.f.title'), 'text', { id: 'm-title', required: true, maxlength: 200 });
  f.description = field(t('coord.f.description'), 'textarea', { id: 'm-description', rows: 4, maxlength: 20000 });
  f.format = field(t('coord.f.format'), 'select', { id: 'm-format', value: 'hybrid' },
    ['in_person', 'digital', 'hybrid'].map(x => ({ value: x, label: t(`format.${x}`) })));
  f.starts_at = field(t('coord.f.starts'), 'datetime-local', { id: 'm-starts', required: true });
  f.ends_at = field(t('coord.f.ends'), 'datetime-local', { id: 'm-ends', required: true });
  f.zone = field(t('coord.f.zone'), 'select', { id: 'm-zone', value: 'Europe/Stockholm' },
    COMMON_ZONES.map(z => ({ value: z, label: z })));
  f.venue = field(t('coord.f.venue'), 'text', { id: 'm-venue', maxlength: 200 });
  f.address = field(t('coord.f.address'), 'text', { id: 'm-address', maxlength: 200 });
  f.online_url = field(t('coord.f.online'), 'url', { id: 'm-online', maxlength: 2000, hint: t('coord.f.online.hint') });
  f.capacity_in_person = field(t('coord.f.capin'), 'number', { id: 'm-capin', min: 0, max: 100000, hint: t('coord.f.cap.hint') });
  f.capacity_remote = field(t('coord.f.capremote'), 'number', { id: 'm-capremote', min: 0, max: 100000, hint: t('coord.f.capremote.hint') });
  f.in_person_quota_per_org = field(t('coord.f.quota'), 'number', { id: 'm-quota', min: 1, max: 100000, hint: t('coord.f.quota.hint') });
  f.registration_opens = field(t('coord.f.opens'), 'datetime-local', { id: 'm-opens', hint: t('coord.f.opens.hint') });
  f.registration_closes = field(t('coord.f.closes'), 'datetime-local', { id: 'm-closes', hint: t('coord.f.closes.hint') });
  f.contact_name = field(t('coord.f.contact'), 'text', { id: 'm-contact', maxlength: 200 });
  f.contact_email = field(t('coord.f.contactemail'), 'email', { id: 'm-contactemail', maxlength: 254 });
  f.cost_note = field(t('coord.f.cost'), 'textarea', { id: 'm-cost', rows: 2, maxlength: 2000 });
  const changes = h('div', { class: 'changes', id: 'm-changes', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'meeting-save' }, isNew ? t('coord.create.submit') : t('editor.save'));
  const fb = feedback('meeting-feedback');
  const placeSet = h('fieldset', null, h('legend', null, t('editor.place')), f.venue.wrap, f.address.wrap, f.online_url.wrap);
  const form = h('form', { class: 'form', id: 'meeting-form', novalidate: true },
    h('fieldset', null, h('legend', null, t('editor.about')), f.title.wrap, f.description.wrap, f.format.wrap),
    h('fieldset', null, h('legend', null, t('editor.time')), f.starts_at.wrap, f.ends_at.wrap, f.zone.wrap),
    placeSet,
    h('fieldset', null, h('legend', null, t('editor.seats')), f.capacity_in_person.wrap, f.capacity_remote.wrap, f.in_person_quota_per_org.wrap, f.registration_opens.wrap, f.registration_closes.wrap),
    h('fieldset', null, h('legend', null, t('editor.contact')), f.contact_name.wrap, f.contact_email.wrap, f.cost_note.wrap),
    changes, submit, fb.el);
  detailsSec.body.append(form);

  // Fields that the chosen form does not use are hidden (and not sent).
  function showFieldsForFormat() {
    const fmt = f.format.input.value;
    f.venue.wrap.hidden = fmt === 'digital';
    f.address.wrap.hidden = fmt === 'digital';
    f.capacity_in_person.wrap.hidden = fmt === 'digital';
    f.in_person_quota_per_org.wrap.hidden = fmt === 'digital';
    f.online_url.wrap.hidden = fmt === 'in_person';
    f.capacity_remote.wrap.hidden = fmt === 'in_person';
  }
  f.format.input.addEventListener('change', () => { showFieldsForFormat(); showChanges(); });

  const zoneNow = () => f.zone.input.value || 'Europe/Stockholm';
  const wallOrNull = (input, zone) => (input.value ? wallToInstant(input.value, zone) : null);
  const numberOrNull = input => (input.value === '' ? null : Number(input.value));

  /** The form as meeting fields (instants in UTC); throws {field} on a time it cannot read. */
  function read() {
    const zone = zoneNow();
    const v = {};
    const timeField = (key, input, required) => {
      try {
        v[key] = wallOrNull(input, zone);
      } catch { throw { code: 'invalid_args', message: '', details: { field: key } }; }
      if (required && !v[key]) throw { code: 'invalid_args', message: '', details: { field: key } };
    };
    v.title = f.title.input.value.trim();
    v.description = f.description.input.value;
    v.format = f.format.input.value;
    timeField('starts_at', f.starts_at.input, true);
    timeField('ends_at', f.ends_at.input, true);
    v.zone = zone;
    const digital = v.format === 'digital';
    const inPerson = v.format === 'in_person';
    v.venue = digital ? '' : f.venue.input.value.trim();
    v.address = digital ? '' : f.address.input.value.trim();
    v.online_url = inPerson ? '' : f.online_url.input.value.trim();
    v.capacity_in_person = digital ? null : numberOrNull(f.capacity_in_person.input);
    v.capacity_remote = inPerson ? null : numberOrNull(f.capacity_remote.input);
    v.in_person_quota_per_org = digital ? null : numberOrNull(f.in_person_quota_per_org.input);
    timeField('registration_opens', f.registration_opens.input, false);
    timeField('registration_closes', f.registration_closes.input, false);
    v.contact_name = f.contact_name.input.value.trim();
    v.contact_email = f.contact_email.input.value.trim();
    v.cost_note = f.cost_note.input.value;
    if (!v.title) throw { code: 'invalid_args', message: '', details: { field: 'title' } };
    return v;
  }

  function fill(m) {
    f.title.input.value = m.title;
    f.description.input.value = m.description;
    f.format.input.value = m.format;
    f.zone.input.value = m.zone;
    if (f.zone.input.value !== m.zone) {  // a zone outside the short list
      f.zone.input.append(h('option', { value: m.zone }, m.zone));
      f.zone.input.value = m.zone;
    }
    f.starts_at.input.value = instantToWall(m.starts_at, m.zone);
    f.ends_at.input.value = instantToWall(m.ends_at, m.zone);
    f.venue.input.value = m.venue;
    f.address.input.value = m.address;
    f.online_url.input.value = m.online_url || '';
    f.capacity_in_person.input.value = m.capacity_in_person ?? '';
    f.capacity_remote.input.value = m.capacity_remote ?? '';
    f.in_person_quota_per_org.input.value = m.in_person_quota_per_org ?? '';
    f.registration_opens.input.value = m.registration_opens ? instantToWall(m.registration_opens, m.zone) : '';
    f.registration_closes.input.value = m.registration_closes ? instantToWall(m.registration_closes, m.zone) : '';
    f.contact_name.input.value = m.contact_name || '';
    f.contact_email.input.value = m.contact_email || '';
    f.cost_note.input.value = m.cost_note;
    showFieldsForFormat();
  }

  /** How a field's value reads in a sentence ("fre 25 nov 10:00–16:00", "inget tak"). */
  function shown(key, v, m) {
    const value = v[key];
    if (key === 'starts_at' || key === 'ends_at') return formatRange(v.starts_at, v.ends_at, v.zone);
    if (key === 'format') return t(`format.${value}`);
    if (key.startsWith('capacity') || key === 'in_person_quota_per_org') return value === null ? t('editor.nolimit') : String(value);
    if (key.startsWith('registration_')) return value ? formatDateTime(value, m.zone) : t('editor.notset');
    return value === '' || value === null ? t('editor.empty') : String(value);
  }

  /** After publishing: the changes the form holds, calendar-visible ones first. */
  function diff() {
    const m = s.meeting;
    if (!m) return [];
    let v;
    try { v = read(); } catch { return []; }
    const out = [];
    let timeDone = false;
    for (const { key, cal } of FIELDS) {
      const before = m[key] ?? (key.startsWith('capacity') || key === 'in_person_quota_per_org' || key.startsWith('registration_') ? null : '');
      const after = v[key];
      if ((before ?? '') === (after ?? '')) continue;
      if (key === 'starts_at' || key === 'ends_at' || key === 'zone') {
        if (timeDone) continue;
        timeDone = true;
        out.push({ cal: true, label: t('editor.f.time'), from: formatRange(m.starts_at, m.ends_at, m.zone), to: shown('starts_at', v, m) });
        continue;
      }
      out.push({ cal: Boolean(cal), label: t(`editor.f.${key}`), from: shown(key, m, m), to: shown(key, v, m) });
    }
    return out.sort((a, b) => Number(b.cal) - Number(a.cal));
  }

  function showChanges() {
    if (!s.meeting || s.meeting.status !== 'published') { patch(changes); return; }
    const list = diff();
    if (!list.length) { patch(changes); return; }
    const cal = list.filter(x => x.cal);
    const page = list.filter(x => !x.cal);
    const row = x => h('li', null, h('strong', null, `${x.label}: `), h('del', null, x.from), ' → ', h('ins', null, x.to));
    patch(changes, h('div', { class: 'warning-box' },
      cal.length ? [h('p', null, t('editor.changes.calendar')), h('ul', null, cal.map(row))] : null,
      page.length ? [h('p', null, t('editor.changes.page')), h('ul', null, page.map(row))] : null));
  }
  form.addEventListener('input', showChanges);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    let v;
    try { v = read(); } catch (err) { fb.fail(err); return; }
    if (isNew) {
      const args = { network_id: networkId };
      for (const [k, x] of Object.entries(v)) if (x !== null && x !== '') args[k] = x;
      const res = await send(fb, conn.request('meeting.create', args, { idem: idemKey('mcreate') }), null, { button: submit });
      if (res) location.hash = `#/coordinate/meeting/${res.meeting.meeting_id}?created=1`;
      return;
    }
    const args = { meeting_id: id };
    const m = s.meeting;
    for (const { key } of FIELDS) {
      const before = m[key] ?? null;
      const after = v[key] === '' && (key.startsWith('capacity') || key === 'in_person_quota_per_org' || key.startsWith('registration_')) ? null : v[key];
      if ((before ?? '') !== (after ?? '')) args[key] = after;
    }
    if (Object.keys(args).length === 1) { fb.ok(t('editor.nochange')); return; }
    const res = await send(fb, conn.request('meeting.update', args, { idem: idemKey('mupd') }),
      r => (r.meeting.status === 'published' ? t('editor.saved.published') : t('editor.saved')), { button: submit });
    if (res) { s.meeting = res.meeting; fill(s.meeting); renderIntro(); showChanges(); }
  });

  // --- the rest of the page ----------------------------------------------------------------
  function registeredCount() {
    const c = s.counts;
    if (!c) return 0;
    return ['in_person', 'remote'].reduce((n, mode) => n + (c[mode] ? c[mode].confirmed + c[mode].waitlisted : 0), 0);
  }

  function renderIntro() {
    const m = s.meeting;
    if (s.error) { patch(intro, errorBox(s.error)); return; }
    if (!m) {
      patch(intro, h('p', null, t('editor.new.help')));
      return;
    }
    heading.textContent = t('editor.heading', { title: m.title });
    ctx.setTitle(heading.textContent);
    patch(intro,
      h('p', null, statusBadge(m.status) || h('span', { class: 'badge' }, t('status.published')), ' ', formatRange(m.starts_at, m.ends_at, m.zone)),
      h('ul', { class: 'link-list' },
        m.status !== 'draft' ? h('li', null, h('a', { href: `#/meetings/${m.meeting_id}`, class: 'button-link' }, t('fac.meetingpage'))) : null,
        h('li', null, h('a', { href: `#/facilitate/${m.meeting_id}`, class: 'button-link' }, t('meeting.facilitate'))),
        h('li', null, h('a', { href: '#/coordinate', class: 'button-link' }, t('editor.back')))));
    renderPublish();
    renderCancel();
  }

  const publishFb = feedback('publish-feedback');
  function renderPublish() {
    const m = s.meeting;
    if (!m) return;
    if (m.status !== 'draft') {
      patch(publishSec.body, h('p', null, m.status === 'published' ? t('editor.published.help') : t('reg.meetingcancelled')), publishFb.el);
      return;
    }
    const button = h('button', { type: 'button', class: 'primary', id: 'meeting-publish' }, t('editor.publish.button'));
    button.addEventListener('click', async () => {
      const res = await send(publishFb, conn.request('meeting.publish', { meeting_id: id }, { idem: idemKey('pub') }), t('coord.published'), { button });
      if (res) { s.meeting = res.meeting; fb.clear(); renderIntro(); showChanges(); }
    });
    patch(publishSec.body, h('p', null, t('editor.publish.help')), button, publishFb.el);
  }

  const cancelFb = feedback('cancel-feedback');
  function renderCancel() {
    const m = s.meeting;
    if (!m) return;
    if (m.status === 'cancelled') { patch(cancelSec.body, h('p', null, t('editor.cancelled.help')), cancelFb.el); return; }
    const button = h('button', { type: 'button', class: 'danger', id: 'meeting-cancel' }, t('editor.cancel.button'));
    button.addEventListener('click', async () => {
      const n = registeredCount();
      const ok = await confirmDialog({
        title: t('editor.cancel.confirm.title', { title: m.title }),
        body: [n ? t('editor.cancel.confirm.people', { n }) : t('editor.cancel.confirm.nobody'), t('editor.cancel.confirm.final')],
        confirm: t('editor.cancel.confirm.yes'),
        cancel: t('editor.cancel.confirm.no'),
      });
      if (!ok) return;
      const res = await send(cancelFb, conn.request('meeting.cancel', { meeting_id: id }, { idem: idemKey('mc') }), t('coord.cancelled'));
      if (res) { s.meeting = res.meeting; renderIntro(); }
    });
    patch(cancelSec.body, h('p', null, t('editor.cancel.help')), button, cancelFb.el);
  }

  // Facilitators: the current ones with a remove button each, and a search to add one.
  const facFb = feedback('facilitators-feedback');
  const facList = h('div', { id: 'facilitator-list' });
  const facResults = h('div', { id: 'facilitator-results' });
  const facSearch = field(t('editor.fac.search'), 'search', { id: 'facilitator-search', autocomplete: 'off', hint: t('editor.fac.search.hint') });
  const facForm = h('form', { class: 'form inline', id: 'facilitator-form', role: 'search' }, facSearch.wrap,
    h('button', { type: 'submit' }, t('editor.fac.find')));
  facSec.body.append(facList, facForm, facResults, facFb.el);
  function renderFacilitators() {
    patch(facList, s.facilitators.length
      ? h('ul', { class: 'members' }, s.facilitators.map(p => h('li', { class: 'row-actions' }, h('span', null, p.name),
        h('button', { type: 'button', class: 'small', id: `fac-remove-${p.person_id}`, onclick: () => changeFacilitator(p, false) }, labelled(t('editor.fac.remove', { name: p.name }))))))
      : h('p', null, t('editor.fac.none')));
  }
  async function changeFacilitator(p, add) {
    const op = add ? 'meeting.add_facilitator' : 'meeting.remove_facilitator';
    const res = await send(facFb, conn.request(op, { meeting_id: id, person_id: p.person_id }, { idem: idemKey('fac') }),
      t(add ? 'editor.fac.added' : 'editor.fac.removed', { name: p.name }));
    if (res) { await loadMeeting(); patch(facResults); }
  }
  facForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const query = facSearch.input.value.trim();
    const res = await send(facFb, conn.request('person.list', { query, limit: 10 }), null, { focus: false });
    if (!res) return;
    const current = new Set(s.facilitators.map(p => p.person_id));
    patch(facResults, res.people.length
      ? h('ul', { class: 'members', 'aria-label': t('editor.fac.results') }, res.people.map(p => h('li', { class: 'row-actions' },
        h('span', null, `${p.name} (${p.email})`),
        current.has(p.person_id) ? h('span', { class: 'muted' }, t('editor.fac.already'))
          : h('button', { type: 'button', class: 'small', id: `fac-add-${p.person_id}`, onclick: () => changeFacilitator(p, true) }, labelled(t('editor.fac.add', { name: p.name }))))))
      : h('p', { tabindex: '-1' }, t('people.none')));
    const first = facResults.querySelector('button');
    if (first) first.focus();
  });

  // Exports: the attendee list, in Swedish (semicolons, as Excel here expects) or English.
  const exportFb = feedback('export-feedback');
  function csvButton(lang, sep, label) {
    const q = [sep === 'comma' ? 'sep=comma' : null, lang === 'en' ? 'lang=en' : null].filter(Boolean).join('&');
    return h('button', { type: 'button', id: `csv-${lang}-${sep}`, onclick: () => {
      downloadWithToken(`/meetings/${id}/attendees.csv${q ? `?${q}` : ''}`, ctx.token, `attendees-${id}.csv`)
        .then(name => exportFb.ok(t('editor.export.done', { name }), { focus: false }), err => exportFb.fail(err));
    } }, label);
  }
  exportSec.body.append(h('p', null, t('editor.export.help')),
    h('div', { class: 'actions' }, csvButton('sv', 'semicolon', t('editor.export.sv')), csvButton('en', 'comma', t('editor.export.en'))), exportFb.el);

  // The agenda, with documents and polls of the meeting to link.
  const agendaEd = isNew ? null : agendaEditor(conn, { sources: () => ({ documents: s.docs, polls: s.polls.map(p => p.poll) }) });
  if (agendaEd) agendaSec.body.append(agendaEd.el);

  async function loadMeeting() {
    try {
      const r = await conn.request('meeting.get', { meeting_id: id });
      const first = !s.meeting;
      s.meeting = r.meeting;
      s.facilitators = r.facilitators || [];
      s.error = null;
      if (first) fill(s.meeting);
      renderIntro(); renderFacilitators(); showChanges();
      if (agendaEd) agendaEd.update(null, s.meeting);
    } catch (err) {
      s.error = err;
      renderIntro();
    }
  }

  if (isNew) {
    // A sensible start: a weekday four weeks on, 10-16, open for registration at once.
    const d = new Date(Date.now() + 28 * 86400000);
    const day = d.toISOString().slice(0, 10);
    f.starts_at.input.value = `${day}T10:00`;
    f.ends_at.input.value = `${day}T16:00`;
    showFieldsForFormat();
    renderIntro();
    ctx.ready();
    return null;
  }

  if (ctx.params.get('created')) fb.ok(t('coord.created'), { focus: false });
  const unsubs = [];
  loadMeeting().then(() => ctx.ready());
  unsubs.push(conn.subscribe(`meeting:${id}`, {
    onSnapshot(snap) {
      s.counts = snap.counts;
      s.agenda = snap.agenda;
      if (agendaEd) agendaEd.update(snap.agenda, snap.meeting);
    },
    onEvent(ev, data) {
      if (ev === 'registration.counts') s.counts = data.counts;
      if (ev === 'agenda.changed' && agendaEd) agendaEd.update(data.agenda);
      if (data.meeting && s.meeting) {
        s.meeting = data.meeting;
        renderIntro();
        showChanges();
        if (agendaEd) agendaEd.update(null, s.meeting);
      }
    },
    onError(err) { s.error = err; renderIntro(); },
  }));
  conn.request('document.list', { meeting_id: id }).then((r) => { s.docs = r.documents; if (agendaEd) agendaEd.refresh(); }, () => {});
  conn.request('poll.list', { meeting_id: id }).then((r) => { s.polls = r.polls; if (agendaEd) agendaEd.refresh(); }, () => {});
  return () => unsubs.forEach(u => u());
}

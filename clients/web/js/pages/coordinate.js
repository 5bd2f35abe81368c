// Coordinator: create and publish meetings, admit an organisation with its board decision,
// issue personal links, attendee lists (CSV) and statistics per organisation. Live on `staff:N`
// (drafts included).

import { h, patch, field, idemKey, downloadWithToken } from '../dom.js';
import { t, formatNumber } from '../i18n.js';
import { pageHeading, section, errorBox, meetingWhen, statusBadge } from '../common.js';
import { wallToInstant } from '../zone.js';

export function mount(root, ctx) {
  const { conn, identity } = ctx;
  const heading = pageHeading(ctx, t('coord.title'));
  root.append(heading);
  if (identity.role !== 'coordinator') {
    root.append(h('p', null, t('coord.forbidden')), h('p', null, h('a', { href: '#/me' }, t('self.login'))));
    ctx.ready();
    return null;
  }
  const networkId = Number(ctx.params.get('network') || 1);
  const s = { network: null, meetings: new Map(), orgs: [], stats: null, meetingStats: null };
  const status = h('p', { class: 'notice', role: 'status', id: 'coord-status' });
  const meetingsSec = section('coord-meetings', t('coord.meetings'));
  const createSec = section('coord-create', t('coord.create'));
  const admitSec = section('coord-admit', t('coord.admit'));
  const personSec = section('coord-person', t('coord.person'));
  const statsSec = section('coord-stats', t('coord.stats'));
  root.append(status, meetingsSec.section, createSec.section, admitSec.section, personSec.section, statsSec.section);

  async function act(promise, okText) {
    status.textContent = t('app.sending');
    root.querySelectorAll(':scope > .error').forEach(e => e.remove());
    try {
      const res = await promise;
      status.textContent = typeof okText === 'function' ? okText(res) : okText || t('app.done');
      return res;
    } catch (err) {
      status.textContent = '';
      status.after(errorBox(err));
      return null;
    }
  }

  function renderMeetings() {
    const list = [...s.meetings.values()].sort((a, b) => b.starts_at.localeCompare(a.starts_at));
    if (!list.length) { patch(meetingsSec.body, h('p', null, t('network.none.upcoming'))); return; }
    patch(meetingsSec.body, h('ul', { class: 'meetings' }, list.map((m) => {
      const mid = m.meeting_id;
      return h('li', { class: `meeting-card ${m.status}`, dataset: { meetingId: mid } },
        h('h3', null, h('a', { href: `#/meetings/${mid}` }, m.title), ' ', statusBadge(m.status)),
        h('p', null, meetingWhen(m)),
        h('div', { class: 'actions' },
          m.status === 'draft' ? h('button', { type: 'button', class: 'primary', id: `publish-${mid}`, onclick: () => act(conn.request('meeting.publish', { meeting_id: mid }, { idem: idemKey('pub') }), t('coord.published')) }, t('coord.publish', { title: m.title })) : null,
          m.status !== 'cancelled' ? h('button', { type: 'button', class: 'danger', id: `cancel-${mid}`, onclick: () => act(conn.request('meeting.cancel', { meeting_id: mid }, { idem: idemKey('mc') }), t('coord.cancelled')) }, t('coord.cancel', { title: m.title })) : null,
          h('a', { href: `#/facilitate/${mid}`, class: 'button-link' }, t('coord.facilitate', { title: m.title })),
          h('button', { type: 'button', id: `csv-${mid}`, onclick: () => downloadWithToken(`/meetings/${mid}/attendees.csv`, ctx.token, `attendees-${mid}.csv`).catch(() => {}) }, t('coord.csv', { title: m.title })),
          h('button', { type: 'button', id: `stats-${mid}`, onclick: () => loadMeetingStats(m) }, t('coord.meetingstats', { title: m.title }))));
    })));
  }

  function renderCreate() {
    const title = field(t('coord.f.title'), 'text', { id: 'm-title', required: true, maxlength: 200 });
    const description = field(t('coord.f.description'), 'textarea', { id: 'm-description', rows: 3 });
    const starts = field(t('coord.f.starts'), 'datetime-local', { id: 'm-starts', required: true });
    const ends = field(t('coord.f.ends'), 'datetime-local', { id: 'm-ends', required: true });
    const zone = field(t('coord.f.zone'), 'text', { id: 'm-zone', value: 'Europe/Stockholm', required: true });
    const format = field(t('coord.f.format'), 'select', { id: 'm-format', value: 'hybrid' },
      ['in_person', 'digital', 'hybrid'].map(f => ({ value: f, label: t(`format.${f}`) })));
    const venue = field(t('coord.f.venue'), 'text', { id: 'm-venue', maxlength: 200 });
    const address = field(t('coord.f.address'), 'text', { id: 'm-address', maxlength: 200 });
    const online = field(t('coord.f.online'), 'url', { id: 'm-online' });
    const capIn = field(t('coord.f.capin'), 'number', { id: 'm-capin', min: 0, hint: t('coord.f.cap.hint') });
    const capRemote = field(t('coord.f.capremote'), 'number', { id: 'm-capremote', min: 0 });
    const publish = h('div', { class: 'choice' }, h('input', { type: 'checkbox', id: 'm-publish' }), h('label', { for: 'm-publish' }, t('coord.f.publish')));
    const form = h('form', { class: 'form', id: 'meeting-form' },
      title.wrap, description.wrap, starts.wrap, ends.wrap, zone.wrap, format.wrap, venue.wrap, address.wrap, online.wrap, capIn.wrap, capRemote.wrap, publish,
      h('button', { type: 'submit', class: 'primary', id: 'meeting-create' }, t('coord.create.submit')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const z = zone.input.value.trim();
      let args;
      try {
        args = { network_id: networkId, title: title.input.value.trim(), description: description.input.value, zone: z, format: format.input.value,
          starts_at: wallToInstant(starts.input.value, z), ends_at: wallToInstant(ends.input.value, z) };
      } catch {
        status.textContent = '';
        status.after(errorBox({ code: 'invalid_args', message: '', details: { field: 'zone' } }));
        return;
      }
      if (venue.input.value.trim()) args.venue = venue.input.value.trim();
      if (address.input.value.trim()) args.address = address.input.value.trim();
      if (online.input.value.trim()) args.online_url = online.input.value.trim();
      if (capIn.input.value !== '') args.capacity_in_person = Number(capIn.input.value);
      if (capRemote.input.value !== '') args.capacity_remote = Number(capRemote.input.value);
      const res = await act(conn.request('meeting.create', args, { idem: idemKey('mcreate') }), t('coord.created'));
      if (res && document.getElementById('m-publish').checked) {
        await act(conn.request('meeting.publish', { meeting_id: res.meeting.meeting_id }, { idem: idemKey('pub') }), t('coord.published'));
      }
      if (res) form.reset();
    });
    patch(createSec.body, form);
  }

  function renderAdmit() {
    const members = new Set();
    for (const o of s.orgs) if (o.memberships.some(x => x.network_id === networkId)) members.add(o.organisation.organisation_id);
    const existing = field(t('coord.a.existing'), 'select', { id: 'a-existing', value: '' },
      [{ value: '', label: t('coord.a.new') }].concat(s.orgs.map(o => ({
        value: String(o.organisation.organisation_id),
        label: members.has(o.organisation.organisation_id) ? `${o.organisation.name} (${t('coord.a.member')})` : o.organisation.name,
      }))));
    const name = field(t('coord.a.name'), 'text', { id: 'a-name', maxlength: 200 });
    const kind = field(t('coord.a.kind'), 'select', { id: 'a-kind', value: 'municipality' },
      ['municipality', 'region', 'other'].map(k => ({ value: k, label: t(`orgkind.${k}`) })));
    const body = field(t('coord.a.body'), 'text', { id: 'a-body', required: true, maxlength: 200 });
    const diary = field(t('coord.a.diary'), 'text', { id: 'a-diary', required: true, maxlength: 64 });
    const date = field(t('coord.a.date'), 'date', { id: 'a-date', required: true });
    const form = h('form', { class: 'form', id: 'admit-form' },
      existing.wrap, h('fieldset', null, h('legend', null, t('coord.a.newlegend')), name.wrap, kind.wrap),
      h('fieldset', null, h('legend', null, t('coord.a.decision')), body.wrap, diary.wrap, date.wrap),
      h('button', { type: 'submit', class: 'primary', id: 'admit-submit' }, t('coord.a.submit')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const args = { network_id: networkId, decision: { deciding_body: body.input.value.trim(), diary_number: diary.input.value.trim(), decided_on: date.input.value } };
      if (existing.input.value) args.organisation_id = Number(existing.input.value);
      else args.organisation = { name: name.input.value.trim(), kind: kind.input.value };
      const res = await act(conn.request('org.admit', args, { idem: idemKey('admit') }), r => t('coord.admitted', { name: r.member.organisation.name }));
      if (res) loadOrgs();
    });
    patch(admitSec.body, form);
  }

  function renderPerson() {
    const name = field(t('self.name'), 'text', { id: 'p-name', required: true, maxlength: 200 });
    const email = field(t('self.email'), 'email', { id: 'p-email', required: true, maxlength: 254 });
    const org = field(t('coord.p.org'), 'select', { id: 'p-org', value: '' },
      s.orgs.map(o => ({ value: String(o.organisation.organisation_id), label: o.organisation.name })));
    const role = field(t('self.role'), 'select', { id: 'p-role', value: 'official' },
      [{ value: 'official', label: t('role.official') }, { value: 'elected', label: t('role.elected') }]);
    const out = h('div', { id: 'p-link' });
    const form = h('form', { class: 'form', id: 'person-form' }, h('p', null, t('coord.p.help')), name.wrap, email.wrap, org.wrap, role.wrap,
      h('button', { type: 'submit', class: 'primary' }, t('coord.p.submit')), out);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const res = await act(conn.request('person.create', { name: name.input.value.trim(), email: email.input.value.trim(), organisation_id: Number(org.input.value), role: role.input.value }, { idem: idemKey('person') }), t('coord.p.created'));
      if (res && res.token) {
        const link = `${location.origin}/#/me?token=${res.token}`;
        const linkField = field(t('coord.p.link', { name: res.person.name }), 'text', { id: 'p-link-value', readonly: true, value: link });
        patch(out, linkField.wrap);
      }
    });
    patch(personSec.body, form);
  }

  function statsTable(caption, data) {
    const cols = ['registered', 'confirmed', 'waitlisted', 'attended', 'in_person', 'remote', 'officials', 'elected'];
    return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
      h('table', { class: 'stats' },
        h('caption', null, caption),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('fac.col.org')), cols.map(c => h('th', { scope: 'col' }, t(`stats.${c}`))))),
        h('tbody', null, data.organisations.map(o => h('tr', null, h('th', { scope: 'row' }, o.organisation.name), cols.map(c => h('td', null, formatNumber(o[c])))))),
        h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, t('stats.total')), cols.map(c => h('td', null, formatNumber(data.totals[c])))))));
  }

  function renderStats() {
    patch(statsSec.body,
      h('button', { type: 'button', id: 'stats-refresh', onclick: loadStats }, t('coord.stats.refresh')),
      s.stats ? statsTable(t('coord.stats.caption', { n: formatNumber(s.stats.meetings) }), s.stats) : null,
      s.meetingStats ? statsTable(t('coord.stats.meeting', { title: s.meetingStats.title }), s.meetingStats.data) : null);
  }

  function loadStats() {
    conn.request('network.stats', { network_id: networkId }).then((r) => { s.stats = r; renderStats(); }, err => statsSec.body.append(errorBox(err)));
  }
  function loadMeetingStats(m) {
    conn.request('meeting.stats', { meeting_id: m.meeting_id }).then((r) => {
      s.meetingStats = { title: m.title, data: r };
      renderStats();
      document.getElementById('coord-stats-heading').scrollIntoView();
    }, err => statsSec.body.append(errorBox(err)));
  }
  function loadOrgs() {
    conn.request('org.list', {}).then((r) => {
      s.orgs = r.organisations.sort((a, b) => a.organisation.name.localeCompare(b.organisation.name, 'sv'));
      renderAdmit(); renderPerson();
    }, () => {});
  }

  renderCreate();
  renderAdmit();
  renderPerson();
  renderStats();
  loadOrgs();
  loadStats();
  return conn.subscribe(`staff:${networkId}`, {
    onSnapshot(snap) { s.network = snap.network; s.meetings = new Map(snap.meetings.map(m => [m.meeting_id, m])); renderMeetings(); ctx.ready(); },
    onEvent(ev, data) {
      if (data.meeting) s.meetings.set(data.meeting.meeting_id, data.meeting);
      renderMeetings();
      if (ev === 'meeting.published' || ev === 'meeting.cancelled') loadStats();
    },
  });
}

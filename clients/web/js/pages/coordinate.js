// Coordinator's overview: the network's meetings (drafts included) with a link to each one's
// editor and console, a new meeting, people and links, adding a member organisation with its
// board decision, and statistics per organisation. Live on `staff:N`. Publishing, editing and
// cancelling a meeting happen in the meeting editor (meeting_editor.js), where cancelling asks
// first.

import { h, patch, field, idemKey } from '../dom.js';
import { t, formatNumber } from '../i18n.js';
import { pageHeading, section, meetingWhen, statusBadge } from '../common.js';
import { feedback, send, labelled } from '../ui.js';

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
  const meetingsSec = section('coord-meetings', t('coord.meetings'));
  const admitSec = section('coord-admit', t('coord.admit'));
  const statsSec = section('coord-stats', t('coord.stats'));
  root.append(
    h('ul', { class: 'link-list' },
      h('li', null, h('a', { href: '#/coordinate/meeting/new', class: 'button-link primary-link', id: 'new-meeting' }, t('coord.create'))),
      h('li', null, h('a', { href: '#/coordinate/people', class: 'button-link' }, t('coord.people'))),
      h('li', null, h('a', { href: '#/coordinate/mail', class: 'button-link', id: 'coord-mail' }, t('coord.mail')))),
    meetingsSec.section, admitSec.section, statsSec.section);

  function renderMeetings() {
    const list = [...s.meetings.values()].sort((a, b) => b.starts_at.localeCompare(a.starts_at));
    if (!list.length) { patch(meetingsSec.body, h('p', null, t('network.none.upcoming'))); return; }
    patch(meetingsSec.body, h('ul', { class: 'meetings' }, list.map((m) => {
      const mid = m.meeting_id;
      return h('li', { class: `meeting-card ${m.status}`, dataset: { meetingId: mid } },
        h('h3', null, h('a', { href: `#/coordinate/meeting/${mid}` }, m.title), ' ', statusBadge(m.status)),
        h('p', null, meetingWhen(m)),
        h('div', { class: 'actions' },
          h('a', { href: `#/coordinate/meeting/${mid}`, class: 'button-link', id: `edit-${mid}` }, labelled(t('coord.edit', { title: m.title }))),
          h('a', { href: `#/facilitate/${mid}`, class: 'button-link' }, labelled(t('coord.facilitate', { title: m.title }))),
          h('button', { type: 'button', id: `stats-${mid}`, onclick: () => loadMeetingStats(m) }, labelled(t('coord.meetingstats', { title: m.title })))));
    })));
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
    const fb = feedback('admit-feedback');
    const submit = h('button', { type: 'submit', class: 'primary', id: 'admit-submit' }, t('coord.a.submit'));
    const newOrg = h('fieldset', { id: 'a-neworg' }, h('legend', null, t('coord.a.newlegend')), name.wrap, kind.wrap);
    existing.input.addEventListener('change', () => { newOrg.hidden = existing.input.value !== ''; });
    const form = h('form', { class: 'form', id: 'admit-form' },
      h('p', null, t('coord.a.help')), existing.wrap, newOrg,
      h('fieldset', null, h('legend', null, t('coord.a.decision')), body.wrap, diary.wrap, date.wrap),
      submit, fb.el);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const args = { network_id: networkId, decision: { deciding_body: body.input.value.trim(), diary_number: diary.input.value.trim(), decided_on: date.input.value } };
      if (existing.input.value) args.organisation_id = Number(existing.input.value);
      else args.organisation = { name: name.input.value.trim(), kind: kind.input.value };
      const res = await send(fb, conn.request('org.admit', args, { idem: idemKey('admit') }), r => t('coord.admitted', { name: r.member.organisation.name }), { button: submit });
      if (res) loadOrgs();
    });
    patch(admitSec.body, form);
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

  const statsFb = feedback('stats-feedback');
  function renderStats() {
    patch(statsSec.body,
      h('button', { type: 'button', id: 'stats-refresh', onclick: loadStats }, t('coord.stats.refresh')), statsFb.el,
      s.stats ? statsTable(t('coord.stats.caption', { n: s.stats.meetings }), s.stats) : null,
      s.meetingStats ? statsTable(t('coord.stats.meeting', { title: s.meetingStats.title }), s.meetingStats.data) : null);
  }

  function loadStats() {
    conn.request('network.stats', { network_id: networkId }).then((r) => { s.stats = r; renderStats(); }, err => statsFb.fail(err));
  }
  function loadMeetingStats(m) {
    conn.request('meeting.stats', { meeting_id: m.meeting_id }).then((r) => {
      s.meetingStats = { title: m.title, data: r };
      renderStats();
      document.getElementById('coord-stats-heading').scrollIntoView();
    }, err => statsFb.fail(err));
  }
  function loadOrgs() {
    conn.request('org.list', {}).then((r) => {
      s.orgs = r.organisations.sort((a, b) => a.organisation.name.localeCompare(b.organisation.name, 'sv'));
      if (!admitSec.body.contains(document.activeElement)) renderAdmit();
    }, () => {});
  }

  renderAdmit();
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

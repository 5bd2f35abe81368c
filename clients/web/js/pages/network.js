// Network: description, member organisations (with their board decisions), upcoming and past
// meetings, and the calendar (webcal:// subscription and download). Live on `network:N`.

import { h, patch } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { pageHeading, section, errorBox, meetingWhen, meetingWhere, statusBadge } from '../common.js';

export function mount(root, ctx) {
  const { conn, id } = ctx;
  const state = { network: null, members: [], meetings: new Map(), error: null };
  const heading = pageHeading(ctx, t('network.title'));
  const intro = h('div', { class: 'intro' });
  const cal = section('calendar', t('network.calendar'));
  const upcoming = section('upcoming', t('network.upcoming'));
  const past = section('past', t('network.past'));
  const members = section('members', t('network.members'));
  root.append(heading, intro, upcoming.section, cal.section, members.section, past.section);

  const feed = `/calendar/network/${id}.ics`;
  patch(cal.body,
    h('p', null, t('network.calendar.help')),
    h('ul', { class: 'link-list' },
      h('li', null, h('a', { href: `webcal://${location.host}${feed}`, class: 'button-link' }, t('network.calendar.subscribe'))),
      h('li', null, h('a', { href: feed, download: `natverk-${id}.ics`, class: 'button-link' }, t('network.calendar.download')))));

  // An invitation link (#/network/1?invitation=…) carries the code on to each meeting's form.
  const invitation = ctx.params.get('invitation');
  const meetingHref = id2 => `#/meetings/${id2}${invitation ? `?invitation=${encodeURIComponent(invitation)}` : ''}`;

  function meetingCard(m) {
    return h('li', { class: `meeting-card ${m.status}` },
      h('h3', null, h('a', { href: meetingHref(m.meeting_id) }, m.title), ' ', statusBadge(m.status)),
      h('p', null, meetingWhen(m)),
      h('p', null, meetingWhere(m)));
  }

  function render() {
    if (state.error) {
      patch(intro, errorBox(state.error));
      return;
    }
    if (!state.network) return;
    const n = state.network;
    heading.textContent = n.name;
    ctx.setTitle(n.name);
    const until = n.extended_until || n.ends_on;
    patch(intro,
      invitation ? h('p', { class: 'notice' }, t('network.invitation')) : null,
      h('p', { class: 'lead' }, n.description),
      h('p', null, t('network.period', { from: formatDate(n.starts_on), to: formatDate(until) })),
      ctx.identity.role === 'coordinator' ? h('p', null, h('a', { href: '#/coordinate' }, t('network.coordinate'))) : null);
    const now = Date.now();
    const all = [...state.meetings.values()].filter(m => m.status !== 'draft')
      .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
    const next = all.filter(m => Date.parse(m.ends_at) >= now);
    const before = all.filter(m => Date.parse(m.ends_at) < now).reverse();
    patch(upcoming.body, next.length ? h('ul', { class: 'meetings' }, next.map(meetingCard)) : h('p', null, t('network.none.upcoming')));
    patch(past.body, before.length ? h('ul', { class: 'meetings' }, before.map(meetingCard)) : h('p', null, t('network.none.past')));
    const sorted = [...state.members].sort((a, b) => a.organisation.name.localeCompare(b.organisation.name, 'sv'));
    patch(members.body, h('ul', { class: 'members' }, sorted.map(x => h('li', null,
      h('strong', null, x.organisation.name), ` (${t(`orgkind.${x.organisation.kind}`)})`,
      h('br'),
      h('span', { class: 'muted' }, t('network.decision', {
        body: x.membership.decision.deciding_body,
        diary: x.membership.decision.diary_number,
        date: formatDate(x.membership.decision.decided_on),
      }))))));
  }

  return conn.subscribe(`network:${id}`, {
    onSnapshot(snap) {
      state.network = snap.network;
      state.members = snap.members;
      state.meetings = new Map(snap.meetings.map(m => [m.meeting_id, m]));
      state.error = null;
      render();
      ctx.ready();
    },
    onEvent(ev, data) {
      if (data.meeting) state.meetings.set(data.meeting.meeting_id, data.meeting);
      if (data.member) {
        state.members = state.members.filter(x => x.organisation.organisation_id !== data.member.organisation.organisation_id);
        state.members.push(data.member);
      }
      if (ev === 'org.updated') {
        for (const x of state.members) {
          if (x.organisation.organisation_id === data.organisation.organisation_id) x.organisation = data.organisation;
        }
      }
      if (data.network) state.network = data.network;
      render();
    },
    onError(err) { state.error = err; render(); ctx.ready(); },
  });
}

// The projector (#/screen/M, its own window): no controls, type readable from the back of the
// room. While a poll is open: its question, its options from the first moment (at 0 votes), the
// live result as the room may see it, and how to join (link, QR code, code) for link polls.
// Between polls: the agenda item that is on now, and the last result shown to participants. A
// word cloud is drawn as a cloud; participatory budgeting is told in plain language first.
// Live on `polls-staff:M` (or `polls:M`) and `meeting:M`.

import { h, patch } from '../dom.js';
import { t } from '../i18n.js';
import { resultsView, nowSentence, agendaView } from '../common.js';
import { groupedCode } from './facilitate.js';

export function mount(root, ctx) {
  const { conn, id, identity } = ctx;
  const staff = identity.role === 'coordinator' || (identity.facilitates || []).includes(id);
  const s = { meeting: null, agenda: null, now: null, polls: new Map(), link: null };
  const stage = h('div', { class: 'screen', id: 'screen' });
  const live = h('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'screen-live' });
  root.append(h('h1', { id: 'page-title', tabindex: '-1', class: 'visually-hidden' }, t('screen.title')), stage, live);
  ctx.setTitle(t('screen.title'));

  if (identity.role === 'public') {
    patch(stage, h('p', { class: 'screen-note' }, t('screen.signin')));
    ctx.ready();
    return null;
  }

  // What participants are shown of a poll's results (the projector is a participant's view).
  // An open poll before its first tally: the same chart at 0, so nothing jumps at the first vote.
  const zero = (poll) => {
    if (['single', 'multiple', 'approval'].includes(poll.kind)) {
      return { poll_id: poll.poll_id, kind: poll.kind, ballots: 0, final: false, options: poll.options.map(o => ({ ...o, count: 0 })) };
    }
    if (poll.kind === 'ranking') {
      return { poll_id: poll.poll_id, kind: poll.kind, ballots: 0, final: false,
        ranking: poll.options.map(o => ({ option_id: o.option_id, label: o.label, rank: 1, borda: 0, first_preferences: 0 })) };
    }
    if (poll.kind === 'scale' && poll.scale) {
      return { poll_id: poll.poll_id, kind: poll.kind, ballots: 0, final: false, scale: { max: poll.scale.max, counts: Array(poll.scale.max).fill(0), sum: 0, mean: null } };
    }
    return null;
  };
  const shownResults = ({ poll, results }) => {
    if (poll.results === 'facilitators') return null;
    if (poll.results === 'after_close' && poll.status !== 'closed') return null;
    return results || (poll.status === 'open' ? zero(poll) : null);
  };

  function joinBox(poll) {
    if (poll.audience === 'link' && s.link) {
      return h('aside', { class: 'screen-join', 'aria-label': t('screen.join') },
        h('img', { class: 'qr', src: `/polls/join/${encodeURIComponent(s.link.code)}.svg`, alt: t('fac.link.qr.alt', { url: s.link.url }), width: '320', height: '320' }),
        h('p', { class: 'screen-join-url' }, s.link.url.replace(/^https?:\/\//, '')),
        h('p', { class: 'screen-join-code' }, t('screen.code'), ' ', h('strong', { class: 'code' }, groupedCode(s.link.code))));
    }
    return h('aside', { class: 'screen-join', 'aria-label': t('screen.join') },
      h('p', { class: 'screen-join-url' }, t('screen.join.registered', { url: `${location.host}/#/vote/${id}` })));
  }

  function pollView(entry, big) {
    const { poll } = entry;
    const results = shownResults(entry);
    return h('section', { class: `screen-poll ${big ? 'big' : 'small'}`, dataset: { pollId: poll.poll_id }, 'aria-labelledby': `screen-q-${poll.poll_id}` },
      h('h2', { id: `screen-q-${poll.poll_id}`, class: 'screen-question' }, poll.question),
      h('p', { class: 'screen-meta' }, poll.status === 'open' ? t('screen.open', { n: poll.ballots }) : t('screen.closed', { n: poll.ballots })),
      h('div', { class: 'screen-results' }, results ? resultsView(poll, results, { projector: true })
        : [resultsView(poll, null, { projector: true }), poll.status === 'open' ? h('p', { class: 'screen-note' }, t(poll.results === 'facilitators' ? 'screen.hidden.never' : 'screen.hidden.later')) : null]));
  }

  function render() {
    const polls = [...s.polls.values()].filter(p => p.poll.status !== 'draft');
    const open = polls.filter(p => p.poll.status === 'open').sort((a, b) => b.poll.poll_id - a.poll.poll_id);
    const closed = polls.filter(p => p.poll.status === 'closed').sort((a, b) => (b.poll.closed_at || '').localeCompare(a.poll.closed_at || ''));
    const title = s.meeting ? h('p', { class: 'screen-meeting' }, s.meeting.title) : null;
    if (open.length) {
      const main = open[0];
      patch(stage, title, h('div', { class: 'screen-main' }, pollView(main, true), joinBox(main.poll)));
      live.textContent = t('screen.open.live', { q: main.poll.question, n: main.poll.ballots });
      return;
    }
    // Just after a poll: its result, big. Between polls: what is on now, the programme as a
    // board, and the last result shown to participants.
    const last = closed.find(p => shownResults(p));
    if (last && last.poll.closed_at && Date.now() - Date.parse(last.poll.closed_at) < 15 * 60 * 1000) {
      patch(stage, title,
        h('p', { class: 'screen-now-small', id: 'screen-now' }, nowSentence(s.agenda, s.now)),
        pollView(last, true));
      live.textContent = `${last.poll.question}: ${t('screen.closed', { n: last.poll.ballots })}`;
      return;
    }
    patch(stage,
      s.meeting ? h('h2', { class: 'screen-title' }, s.meeting.title) : null,
      h('div', { class: 'screen-now' }, h('p', { class: 'screen-now-line', id: 'screen-now' }, nowSentence(s.agenda, s.now))),
      h('div', { class: last ? 'screen-between' : 'screen-between only' },
        s.agenda && s.meeting ? h('div', { class: 'screen-agenda' }, agendaView(s.agenda, s.now, s.meeting.zone)) : null,
        last ? pollView(last, false) : null));
    live.textContent = nowSentence(s.agenda, s.now);
  }

  const unsubs = [];
  if (staff) {
    conn.request('poll.link', { meeting_id: id }).then((r) => { s.link = r; render(); }, () => {});
  }
  unsubs.push(conn.subscribe(`meeting:${id}`, {
    onSnapshot(snap) { s.meeting = snap.meeting; s.agenda = snap.agenda; s.now = snap.now; render(); },
    onEvent(ev, data) {
      if (data.meeting) s.meeting = data.meeting;
      if (ev === 'agenda.changed') s.agenda = data.agenda;
      if (ev === 'agenda.now') s.now = data.now;
      render();
    },
  }));
  unsubs.push(conn.subscribe(`${staff ? 'polls-staff' : 'polls'}:${id}`, {
    onSnapshot(snap) { s.polls = new Map(snap.polls.map(p => [p.poll.poll_id, p])); render(); ctx.ready(); },
    onEvent(ev, data) {
      if (ev === 'poll.deleted') s.polls.delete(data.poll_id);
      else if (ev === 'poll.tally') {
        const p = s.polls.get(data.poll_id);
        if (p) { p.results = data.results; p.poll = { ...p.poll, ballots: data.ballots }; }
      } else if (data.poll) {
        const old = s.polls.get(data.poll.poll_id);
        s.polls.set(data.poll.poll_id, { poll: data.poll, results: data.results !== undefined ? data.results : old ? old.results : null });
      }
      render();
    },
    onError() { patch(stage, h('p', { class: 'screen-note' }, t('screen.signin'))); ctx.ready(); },
  }));
  return () => unsubs.forEach(u => u());
}

// Vote: the meeting's open polls with big touch targets, a confirmation that the vote was
// received (polite live region), and live results when the poll shows them. Live on `polls:M`.
// A projector mode shows the results in large type for the room.

import { h, patch, field, idemKey } from '../dom.js';
import { t, formatNumber } from '../i18n.js';
import { pageHeading, errorBox, resultsView } from '../common.js';

export function mount(root, ctx) {
  const { conn, id, identity } = ctx;
  const s = { polls: new Map(), voted: new Map(), error: null };
  const heading = pageHeading(ctx, t('vote.title'));
  const confirm = h('p', { class: 'notice', role: 'status', id: 'vote-status' });
  const tally = h('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'vote-tally' });
  const body = h('div', { id: 'polls' });
  const projector = h('button', { type: 'button', id: 'projector-toggle', 'aria-pressed': 'false' }, t('projector.on'));
  projector.addEventListener('click', () => {
    const on = !document.body.classList.contains('projector');
    document.body.classList.toggle('projector', on);
    projector.setAttribute('aria-pressed', String(on));
  });
  root.append(heading, h('p', null, h('a', { href: `#/meetings/${id}` }, t('vote.back'))), h('p', null, projector), confirm, tally, body);

  if (identity.role === 'public') {
    patch(body, h('p', null, t('vote.needlink')), h('p', null, h('a', { href: '#/me' }, t('self.login'))));
    ctx.ready();
    return () => document.body.classList.remove('projector');
  }

  function visible() {
    return [...s.polls.values()].filter(p => p.poll.status !== 'draft')
      .sort((a, b) => (a.poll.status === 'open' ? 0 : 1) - (b.poll.status === 'open' ? 0 : 1) || b.poll.poll_id - a.poll.poll_id);
  }

  async function vote(poll, ballot) {
    confirm.textContent = t('app.sending');
    try {
      const res = await conn.request('poll.vote', { poll_id: poll.poll_id, ballot }, { idem: idemKey(`v${poll.poll_id}`) });
      s.voted.set(poll.poll_id, res.ballot || ballot);
      confirm.textContent = res.changed ? t('vote.changed') : t('vote.received');
      render();
    } catch (err) {
      confirm.textContent = '';
      const box = document.getElementById(`poll-${poll.poll_id}-error`);
      if (box) patch(box, errorBox(err));
    }
  }

  function ballotForm(poll) {
    const voted = s.voted.get(poll.poll_id);
    if (voted && poll.anonymous) return h('p', { class: 'voted' }, t('vote.done'));
    const pid = `poll-${poll.poll_id}`;
    switch (poll.kind) {
      case 'single':
        return h('div', { class: 'vote-buttons', role: 'group', 'aria-labelledby': `${pid}-q` }, poll.options.map(o =>
          h('button', { type: 'button', class: 'vote-option', id: `${pid}-o${o.option_id}`,
            'aria-pressed': voted && voted.option === o.option_id ? 'true' : 'false',
            onclick: () => vote(poll, { option: o.option_id }) }, o.label)));
      case 'scale': {
        const buttons = [];
        for (let v = 1; v <= poll.scale.max; v += 1) {
          buttons.push(h('button', { type: 'button', class: 'vote-option scale', id: `${pid}-v${v}`,
            'aria-pressed': voted && voted.value === v ? 'true' : 'false', onclick: () => vote(poll, { value: v }) }, String(v)));
        }
        return h('div', null,
          poll.scale.min_label || poll.scale.max_label
            ? h('p', { class: 'muted' }, t('vote.scale', { min: poll.scale.min_label || '1', max: poll.scale.max_label || String(poll.scale.max) })) : null,
          h('div', { class: 'vote-buttons scale', role: 'group', 'aria-labelledby': `${pid}-q` }, buttons));
      }
      case 'multiple':
      case 'approval': {
        const form = h('form', { class: 'form' },
          h('fieldset', { class: 'choices big' },
            h('legend', null, poll.max_choices ? t('vote.choose.max', { n: poll.max_choices }) : t('vote.choose')),
            poll.options.map(o => h('div', { class: 'choice' },
              h('input', { type: 'checkbox', id: `${pid}-c${o.option_id}`, value: String(o.option_id),
                checked: voted && voted.options ? voted.options.includes(o.option_id) : false }),
              h('label', { for: `${pid}-c${o.option_id}` }, o.label)))),
          h('button', { type: 'submit', class: 'primary', id: `${pid}-submit` }, t('vote.submit')));
        form.addEventListener('submit', (e) => {
          e.preventDefault();
          const options = [...form.querySelectorAll('input:checked')].map(x => Number(x.value));
          vote(poll, { options });
        });
        return form;
      }
      case 'text': {
        const f = field(t('vote.text'), 'textarea', { id: `${pid}-text`, maxlength: poll.text_max_length || 200, rows: 3, required: true });
        const form = h('form', { class: 'form' }, f.wrap, h('button', { type: 'submit', class: 'primary', id: `${pid}-submit` }, t('vote.submit')));
        form.addEventListener('submit', (e) => { e.preventDefault(); vote(poll, { text: f.input.value }); });
        return form;
      }
      case 'ranking': {
        const order = voted && voted.ranking ? [...voted.ranking] : poll.options.map(o => o.option_id);
        const label = oid => poll.options.find(o => o.option_id === oid).label;
        const list = h('ol', { class: 'ranking' });
        const draw = (focusId) => {
          patch(list, order.map((oid, i) => h('li', null,
            h('span', { class: 'rank-label' }, label(oid)),
            h('button', { type: 'button', id: `${pid}-up-${oid}`, disabled: i === 0, 'aria-label': t('vote.up', { label: label(oid) }),
              onclick: () => { order.splice(i - 1, 0, order.splice(i, 1)[0]); draw(`${pid}-up-${oid}`); } }, '↑'),
            h('button', { type: 'button', id: `${pid}-down-${oid}`, disabled: i === order.length - 1, 'aria-label': t('vote.down', { label: label(oid) }),
              onclick: () => { order.splice(i + 1, 0, order.splice(i, 1)[0]); draw(`${pid}-down-${oid}`); } }, '↓'))));
          const again = focusId && document.getElementById(focusId);
          if (again && !again.disabled) again.focus();
        };
        draw();
        return h('div', null, h('p', null, t('vote.rank')), list,
          h('button', { type: 'button', class: 'primary', id: `${pid}-submit`, onclick: () => vote(poll, { ranking: [...order] }) }, t('vote.submit')));
      }
      default:
        return h('p', null, t('vote.unsupported'));
    }
  }

  // One view per poll; its ballot form is rebuilt only when the poll's state or the vote
  // changes, so a live tally never resets boxes someone is ticking.
  const views = new Map();

  function render() {
    if (s.error) { patch(body, errorBox(s.error)); views.clear(); return; }
    const list = visible();
    if (!list.length) { patch(body, h('p', { class: 'lead' }, t('vote.none'))); return; }
    const sections = list.map(({ poll, results }) => {
      const pid = `poll-${poll.poll_id}`;
      const voted = s.voted.get(poll.poll_id);
      const key = JSON.stringify([poll.status, voted || null]);
      let v = views.get(poll.poll_id);
      if (!v || v.key !== key) {
        const resultsBox = h('div', { class: 'poll-results', id: `${pid}-results` });
        const sectionEl = h('section', { class: `card poll ${poll.status}`, 'aria-labelledby': `${pid}-q`, dataset: { pollId: poll.poll_id } },
          h('h2', { id: `${pid}-q` }, poll.question),
          poll.description ? h('p', null, poll.description) : null,
          h('p', { class: 'muted' }, t(`poll.status.${poll.status}`), poll.anonymous ? ` · ${t('poll.anonymous')}` : ''),
          h('div', { id: `${pid}-error` }),
          poll.status === 'open' ? ballotForm(poll) : null,
          poll.status === 'open' && voted && !poll.anonymous ? h('p', { class: 'voted' }, t('vote.done.named')) : null,
          resultsBox);
        v = { key, section: sectionEl, resultsBox };
        views.set(poll.poll_id, v);
      }
      patch(v.resultsBox, results ? [h('h3', null, t('results.title')), resultsView(poll, results)] : null);
      return v.section;
    });
    patch(body, sections);
  }

  // Whether this device has voted is not in the snapshot: ask per open poll.
  function checkVoted(poll) {
    if (poll.status !== 'open' || s.voted.has(poll.poll_id)) return;
    conn.request('poll.get', { poll_id: poll.poll_id }).then((r) => {
      if (r.voted) { s.voted.set(poll.poll_id, r.my_ballot || {}); render(); }
    }, () => {});
  }

  const unsub = conn.subscribe(`polls:${id}`, {
    onSnapshot(snap) {
      s.polls = new Map(snap.polls.map(p => [p.poll.poll_id, p]));
      s.error = null;
      snap.polls.forEach(p => checkVoted(p.poll));
      render();
      ctx.ready();
    },
    onEvent(ev, data) {
      if (ev === 'poll.opened') {
        s.polls.set(data.poll.poll_id, { poll: data.poll, results: null });
        confirm.textContent = t('vote.opened', { question: data.poll.question });
      } else if (ev === 'poll.tally') {
        const p = s.polls.get(data.poll_id);
        if (p) { p.results = data.results; p.poll = { ...p.poll, ballots: data.ballots }; }
        tally.textContent = t('results.live', { n: formatNumber(data.ballots) });
      } else if (ev === 'poll.closed') {
        s.polls.set(data.poll.poll_id, { poll: data.poll, results: data.results });
        confirm.textContent = t('vote.closed', { question: data.poll.question });
      }
      render();
    },
    onError(err) {
      s.error = err.code === 'forbidden' ? { code: 'vote_forbidden', message: '' } : err;
      render();
      ctx.ready();
    },
  });
  return () => { unsub(); document.body.classList.remove('projector'); };
}

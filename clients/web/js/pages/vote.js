// Vote: the meeting's open polls with big touch targets, a confirmation that the vote was
// received (polite live region), and live results when the poll shows them. Live on `polls:M`.
// On a phone, closed polls fold away (a details element) so the open one is what one sees; after
// a vote, focus moves to the confirmation. A browser that joined through the meeting's poll link
// votes here with its device token (session.js) and says so, and says so when the device was
// disconnected (its token revoked). Participatory budgeting (kind pb): projects with their
// costs, a running total against the budget (knapsack), the points left (points) or the count
// of choices (approval), in a polite live region; a ballot the server would refuse (over the
// budget, too many points or projects) cannot be sent. Above the polls, the switch to the
// meeting's questions (#/questions/M) and, while a question board is open, a line leading there.

import { h, patch, field, idemKey } from '../dom.js';
import { t, formatNumber, formatMoney } from '../i18n.js';
import { pageHeading, errorBox, resultsView, meetingTabs } from '../common.js';
import { questionsNotice } from '../questions/notice.js';
import { storedToken, storeDeviceToken, deviceToken, deviceRevoked } from '../session.js';

export function mount(root, ctx) {
  const { conn, id, identity } = ctx;
  const s = { polls: new Map(), voted: new Map(), error: null };
  const heading = pageHeading(ctx, t('vote.title'));
  const confirm = h('p', { class: 'notice', role: 'status', id: 'vote-status', tabindex: '-1' });
  const tally = h('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'vote-tally' });
  const body = h('div', { id: 'polls' });
  const asDevice = identity.role === 'audience';
  // A person signed in here who joined through the poll link may vote as themself instead.
  const switchBack = asDevice && deviceToken(id) && storedToken()
    ? h('button', { type: 'button', class: 'small', id: 'vote-as-person', onclick: () => { storeDeviceToken(id, null); ctx.setToken(storedToken()); } }, t('vote.asperson'))
    : null;
  // This browser's device token for the meeting was revoked (a facilitator disconnected it, or
  // the link was rotated before it voted): say so, rather than only asking for a link.
  const revoked = !asDevice && deviceRevoked(id)
    ? h('p', { class: 'warning', id: 'vote-revoked', role: 'status' }, t('vote.revoked')) : null;
  root.append(...[heading, identity.role === 'public' ? null : meetingTabs(id, 'vote'), revoked,
    asDevice ? h('p', null, t('vote.asdevice'), ' ', switchBack) : null,
    asDevice ? null : h('p', null, h('a', { href: `#/meetings/${id}` }, t('vote.back'))),
    confirm, tally, body].filter(Boolean));
  const narrow = window.matchMedia('(max-width: 40rem)');

  if (identity.role === 'public') {
    patch(body, h('p', null, t('vote.needlink')), h('p', null, h('a', { href: '#/me' }, t('self.login'))),
      h('p', null, t('self.lost'), ' ', h('a', { href: '#/link' }, t('self.lost.go'))));
    ctx.ready();
    return null;
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
      confirm.focus();
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
      case 'pb':
        return poll.pb ? pbForm(poll, voted) : h('p', null, t('vote.unsupported'));
      default:
        return h('p', null, t('vote.unsupported'));
    }
  }

  function pbForm(poll, voted) {
    const pb = poll.pb;
    const pid = `poll-${poll.poll_id}`;
    const money = n => formatMoney(n, pb.currency);
    const points = pb.ballot === 'points';
    const knapsack = pb.ballot === 'knapsack';
    const chosen = new Set(voted && voted.projects ? voted.projects : []);
    const given = new Map((voted && voted.points ? voted.points : []).map(e => [e.project_id, e.points]));
    const statusId = `${pid}-budget`;
    const status = h('div', { class: 'pb-status', id: statusId, 'aria-live': 'polite', 'aria-atomic': 'true' });
    const submit = h('button', { type: 'submit', class: 'primary', id: `${pid}-submit`, 'aria-describedby': statusId }, t('vote.submit'));
    const inputs = [];
    const rows = pb.projects.map((p) => {
      const id = `${pid}-p${p.project_id}`;
      const descId = p.description ? `${id}-desc` : null;
      const label = h('label', { for: id, class: 'pb-label' },
        h('span', { class: 'pb-title' }, p.title),
        h('span', { class: 'pb-cost' }, t('pb.cost', { cost: money(p.cost) })),
        points ? h('span', { class: 'visually-hidden' }, ` ${t('pb.points.word')}`) : null);
      const input = points
        ? h('input', { type: 'number', id, inputmode: 'numeric', min: '0', max: String(pb.points_total), step: '1',
          value: given.has(p.project_id) ? String(given.get(p.project_id)) : '0', 'aria-describedby': descId, dataset: { projectId: p.project_id } })
        : h('input', { type: 'checkbox', id, value: String(p.project_id), checked: chosen.has(p.project_id), 'aria-describedby': descId,
          dataset: { projectId: p.project_id, cost: p.cost } });
      input.addEventListener(points ? 'input' : 'change', update);
      inputs.push(input);
      return h('div', { class: points ? 'pb-project points' : 'pb-project' },
        input, label,
        descId ? h('p', { class: 'hint pb-desc', id: descId }, p.description) : null);
    });
    let legend;
    if (points) legend = t('pb.points', { n: formatNumber(pb.points_total) });
    else if (knapsack) legend = t('pb.knapsack', { budget: money(pb.budget) });
    else legend = pb.max_choices ? t('pb.approval.max', { n: pb.max_choices }) : t('pb.approval');
    const form = h('form', { class: 'form pb-ballot', id: `${pid}-form`, novalidate: true },
      knapsack ? null : h('p', { class: 'muted' }, t('pb.budget', { budget: money(pb.budget) })),
      h('fieldset', { class: 'choices big pb-projects' }, h('legend', null, legend), rows),
      status, submit);

    // The ballot as it stands, and what (if anything) keeps it from being sent.
    function read() {
      if (points) {
        let used = 0;
        let bad = false;
        const entries = [];
        for (const input of inputs) {
          const text = input.value.trim();
          const n = text === '' ? 0 : Number(text);
          const ok = Number.isInteger(n) && n >= 0 && !(text === '' && input.validity && input.validity.badInput);
          if (ok) input.removeAttribute('aria-invalid'); else input.setAttribute('aria-invalid', 'true');
          if (!ok) { bad = true; continue; }
          used += n;
          if (n > 0) entries.push({ project_id: Number(input.dataset.projectId), points: n });
        }
        const left = pb.points_total - used;
        let problem = null;
        if (bad) problem = t('pb.points.invalid');
        else if (left < 0) problem = t('pb.points.over', { over: formatNumber(-left) });
        else if (used === 0) problem = t('pb.points.none');
        return { ballot: { points: entries }, problem, gentle: !bad && used === 0, line: t('pb.points.used', { used: formatNumber(used), total: formatNumber(pb.points_total), left: formatNumber(Math.max(0, left)) }) };
      }
      const picked = inputs.filter(x => x.checked);
      const ballot = { projects: picked.map(x => Number(x.value)) };
      if (knapsack) {
        const total = picked.reduce((sum, x) => sum + Number(x.dataset.cost), 0);
        const over = total - pb.budget;
        return { ballot, problem: over > 0 ? t('pb.over', { over: money(over) }) : null,
          line: t('pb.total', { total: money(total), budget: money(pb.budget), left: money(Math.max(0, -over)) }) };
      }
      const n = picked.length;
      return { ballot, problem: pb.max_choices && n > pb.max_choices ? t('pb.toomany', { max: pb.max_choices }) : null,
        line: pb.max_choices ? t('pb.chosen.max', { n, max: pb.max_choices }) : t('pb.chosen', { n }) };
    }

    let shown = null;
    function update() {
      const r = read();
      const key = `${r.line}|${r.problem}`;
      if (key !== shown) {
        shown = key;
        patch(status, h('p', { class: 'pb-total' }, r.line),
          r.problem ? h('p', { class: r.gentle ? 'hint pb-problem' : 'error pb-problem', id: `${pid}-problem` }, r.problem) : null);
      }
      submit.disabled = Boolean(r.problem);
      form.classList.toggle('over', Boolean(r.problem));
      return r;
    }
    update();
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const r = update();
      if (!r.problem) vote(poll, r.ballot);
    });
    return form;
  }

  // One view per poll; its ballot form is rebuilt only when the poll's state or the vote
  // changes, so a live tally never resets boxes someone is ticking.
  const views = new Map();

  function render() {
    if (s.error) { patch(body, errorBox(s.error)); views.clear(); return; }
    const folded = narrow.matches;
    const list = visible();
    if (!list.length) { patch(body, h('p', { class: 'lead' }, t('vote.none'))); return; }
    const sections = list.map(({ poll, results }) => {
      const pid = `poll-${poll.poll_id}`;
      const voted = s.voted.get(poll.poll_id);
      const key = JSON.stringify([poll.status, voted || null, poll.status === 'closed' && folded]);
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
        // A closed poll on a phone: one line to open, so the open polls stay in view.
        const wrapped = poll.status === 'closed' && folded
          ? h('details', { class: 'card poll closed folded', dataset: { pollId: poll.poll_id } },
            h('summary', null, h('span', { class: 'folded-q' }, poll.question), ' ', h('span', { class: 'muted' }, t('poll.status.closed'))),
            sectionEl)
          : sectionEl;
        if (wrapped !== sectionEl) sectionEl.classList.remove('card');
        v = { key, section: wrapped, resultsBox };
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

  const notice = questionsNotice(conn, id);
  body.before(notice.el);

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
        tally.textContent = t('results.live', { n: data.ballots });
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
  narrow.addEventListener('change', render);
  return () => { unsub(); notice.stop(); narrow.removeEventListener('change', render); };
}

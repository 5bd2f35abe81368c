// Pieces several pages share: page headings, meeting summaries, seat counts, agenda, results.

import { h } from './dom.js';
import { t, has, formatRange, formatTime, formatNumber, formatMoney, errorText } from './i18n.js';

/** The page's h1 (focus target after navigation) and the document title. */
export function pageHeading(ctx, text) {
  ctx.setTitle(text);
  return h('h1', { id: 'page-title', tabindex: '-1' }, text);
}

/** A section with an h2; returns {section, body} where body is the element to fill. */
export function section(id, title, extraClass) {
  const headingId = `${id}-heading`;
  const body = h('div', { id: `${id}-body` });
  const el = h('section', { id, class: `card ${extraClass || ''}`.trim(), 'aria-labelledby': headingId },
    h('h2', { id: headingId }, title), body);
  return { section: el, body };
}

export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, errorText(err));
}

export function meetingWhen(m) {
  return formatRange(m.starts_at, m.ends_at, m.zone);
}

export function meetingWhere(m) {
  const parts = [];
  if (m.format !== 'digital') parts.push([m.venue, m.address].filter(Boolean).join(', '));
  if (m.format !== 'in_person') parts.push(t('format.online'));
  return `${t(`format.${m.format}`)}: ${parts.filter(Boolean).join(' · ')}`;
}

export function statusBadge(status) {
  if (status === 'published') return null;
  return h('span', { class: `badge badge-${status}` }, t(`status.${status}`));
}

/** One line per offered mode: "På plats: 12 av 60 platser tagna, 3 på väntelistan". */
export function countsView(counts) {
  if (!counts) return h('p', null, t('app.loading'));
  const rows = [];
  for (const mode of ['in_person', 'remote']) {
    const c = counts[mode];
    if (!c || !c.offered) continue;
    const taken = c.capacity === null
      ? t('seats.unlimited', { confirmed: formatNumber(c.confirmed) })
      : t('seats.taken', { confirmed: formatNumber(c.confirmed), capacity: formatNumber(c.capacity) });
    const wait = c.waitlisted ? `, ${t('seats.waitlisted', { n: formatNumber(c.waitlisted) })}` : '';
    rows.push(h('li', { dataset: { mode } }, h('strong', null, `${t(`mode.${mode}`)}: `), taken + wait));
  }
  return h('ul', { class: 'counts' }, rows);
}

/** The agenda with the live "now" marker (aria-current on the current item). */
export function agendaView(agenda, now, zone, { controls } = {}) {
  if (!agenda || agenda.items.length === 0) return h('p', null, t('agenda.empty'));
  const current = now && now.state !== 'none' ? now.item_id : null;
  const items = agenda.items.map((item) => {
    const isNow = item.item_id === current;
    const presenters = item.presenters.map(p => [p.name, p.organisation].filter(Boolean).join(', ')).join('; ');
    return h('li', { class: isNow ? `agenda-item now ${now.state}` : 'agenda-item', 'aria-current': isNow ? 'step' : null, dataset: { itemId: item.item_id } },
      h('span', { class: 'agenda-time' }, `${formatTime(item.starts_at, zone)}–${formatTime(item.ends_at, zone)}`),
      h('span', { class: 'agenda-title' }, item.title),
      item.kind !== 'talk' ? h('span', { class: 'agenda-kind' }, ` (${t(`kind.${item.kind}`)})`) : null,
      isNow ? h('span', { class: `badge badge-now` }, t(`now.${now.state}`)) : null,
      presenters ? h('span', { class: 'agenda-presenters' }, presenters) : null,
      controls ? controls(item, isNow) : null);
  });
  return h('ol', { class: 'agenda' }, items);
}

/** "Nu pågår: Lunch", for the polite live region each page keeps above its agenda. */
export function nowSentence(agenda, now) {
  const current = now && now.state !== 'none' && agenda ? agenda.items.find(i => i.item_id === now.item_id) : null;
  return current ? t(`now.sentence.${now.state}`, { title: current.title }) : t('now.none');
}

function percent(count, total) {
  return total ? Math.round((count * 100) / total) : 0;
}

/** Results of a poll: a bar chart for the eye and a table for everyone (screen readers too). */
export function resultsView(poll, results) {
  if (!results) return h('p', null, t('results.hidden'));
  if (results.pb) return pbResultsView(poll, results);
  const total = results.ballots;
  let rows = [];
  let headers = [t('results.option'), t('results.count'), t('results.share')];
  if (results.options) {
    rows = results.options.map(o => [o.label, o.count, percent(o.count, total)]);
  } else if (results.scale) {
    rows = results.scale.counts.map((c, i) => [String(i + 1), c, percent(c, total)]);
    headers = [t('results.value'), t('results.count'), t('results.share')];
  } else if (results.ranking) {
    const max = Math.max(1, ...results.ranking.map(r => r.borda));
    rows = results.ranking.map(r => [`${r.rank}. ${r.label}`, r.borda, percent(r.borda, max)]);
    headers = [t('results.option'), t('results.borda'), t('results.share')];
  } else if (results.words) {
    rows = results.words.slice(0, 20).map(w => [w.word, w.count, percent(w.count, total)]);
    headers = [t('results.word'), t('results.count'), t('results.share')];
  }
  const chart = h('div', { class: 'chart', 'aria-hidden': 'true' }, rows.map(([label, count, pct]) => {
    const bar = h('span', { class: 'bar' });
    bar.style.width = `${pct}%`;
    return h('div', { class: 'chart-row' },
      h('span', { class: 'chart-label' }, label),
      h('span', { class: 'bar-track' }, bar),
      h('span', { class: 'chart-value' }, `${formatNumber(count)}`));
  }));
  const table = h('table', { class: 'results-table' },
    h('caption', null, t('results.caption', { question: poll ? poll.question : '' })),
    h('thead', null, h('tr', null, headers.map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', null, rows.map(([label, count, pct]) => h('tr', null,
      h('th', { scope: 'row' }, label), h('td', null, formatNumber(count)), h('td', null, `${pct} %`)))));
  const extra = results.scale && results.scale.mean !== null
    ? h('p', null, t('results.mean', { mean: formatNumber(results.scale.mean) })) : null;
  return h('div', { class: 'results' },
    h('p', { class: 'ballots' }, t(results.final ? 'results.final' : 'results.live', { n: formatNumber(total) })),
    chart, extra, table);
}

/**
 * A table that may be wider than a phone: it scrolls sideways (and takes focus to do so); its
 * title stands above it, outside the scrolling box, so it wraps instead of being cut off.
 */
function wideTable(key, title, table) {
  const id = `${key}-title`;
  table.setAttribute('aria-labelledby', id);
  return [h('p', { class: 'table-title', id }, title),
    h('div', { class: 'table-wrap', id: `${key}-wrap`, tabindex: '0', role: 'region', 'aria-labelledby': id }, table)];
}

/** "3/2" (exact, from the server) as a number for display. */
function fraction(text) {
  const [p, q] = String(text).split('/');
  return q === undefined ? Number(p) : Number(p) / Number(q);
}

/**
 * Participatory budgeting: support per project (a chart for the eye, a table for everyone), and
 * both outcomes the server computes, Equal Shares first, each with its funded projects, what is
 * left of the budget and how ties are broken; Equal Shares also with its utility, the share per
 * voter, what each supporter paid and whether the completion was run.
 */
function pbResultsView(poll, results) {
  const pb = results.pb;
  const key = `pb-${results.poll_id}`;  // stable ids: a live update keeps focus where it was
  // A rule, stage or utility added to the protocol later shows as its wire name.
  const named = (prefix, value) => (has(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : String(value));
  const money = n => formatMoney(n, pb.currency);
  const outcomes = [pb.equal_shares, pb.greedy].filter(Boolean);
  const fundedBy = new Map(outcomes.map(o => [o.rule, new Set(o.funded.map(f => f.project_id))]));
  const max = Math.max(1, ...pb.support.map(s => s.support));
  const chart = h('div', { class: 'chart', 'aria-hidden': 'true' }, pb.support.map((s) => {
    const bar = h('span', { class: 'bar' });
    bar.style.width = `${percent(s.support, max)}%`;
    return h('div', { class: 'chart-row' },
      h('span', { class: 'chart-label' }, s.title),
      h('span', { class: 'bar-track' }, bar),
      h('span', { class: 'chart-value' }, formatNumber(s.support)));
  }));
  const supportCaption = t('pb.support.caption', { question: poll ? poll.question : '' });
  const supportTable = h('table', { class: 'results-table pb-support' },
    h('thead', null, h('tr', null,
      [t('results.project'), t('pb.col.cost'), t('results.support'), ...outcomes.map(o => named('pb.col.funded', o.rule))]
        .map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', null, pb.support.map(s => h('tr', { dataset: { projectId: s.project_id } },
      h('th', { scope: 'row' }, s.title),
      h('td', null, money(s.cost)),
      h('td', null, formatNumber(s.support)),
      outcomes.map(o => h('td', null, fundedBy.get(o.rule).has(s.project_id) ? t('pb.yes') : t('pb.no')))))));

  // The share is exact ("p/q"): a whole amount as it is, a fraction rounded, with the exact value.
  const shareText = (exact) => {
    const value = fraction(exact);
    if (Number.isInteger(value)) return t('pb.share', { share: money(value) });
    return `${t('pb.share', { share: formatMoney(value, pb.currency, 2) })} ${t('pb.share.exact', { exact })}`;
  };
  const outcomeView = (o) => {
    const es = o.rule === 'equal_shares';
    const rule = named('pb.rule', o.rule);
    const cols = [t('results.project'), t('pb.col.cost'), t('results.support')];
    if (es) cols.push(t('pb.col.supporters'), t('pb.col.stage'), t('pb.col.rho'), t('pb.col.payment'));
    const payment = (f) => {
      if (f.max_payment === undefined) return '';
      const lo = formatMoney(f.min_payment, pb.currency, 2);
      const hi = formatMoney(f.max_payment, pb.currency, 2);
      return lo === hi ? hi : `${lo}–${hi}`;
    };
    const table = o.funded.length
      ? wideTable(`${key}-${o.rule}`, t('pb.funded.caption', { rule }), h('table', { class: 'pb-funded', dataset: { rule: o.rule } },
        h('thead', null, h('tr', null, cols.map(x => h('th', { scope: 'col' }, x)))),
        h('tbody', null, o.funded.map(f => h('tr', { dataset: { projectId: f.project_id } },
          h('th', { scope: 'row' }, f.title),
          h('td', null, money(f.cost)),
          h('td', null, formatNumber(f.support)),
          es ? [
            h('td', null, formatNumber(f.supporters)),
            h('td', null, named('pb.stage', f.stage)),
            h('td', null, f.rho !== undefined ? f.rho : ''),
            h('td', null, payment(f)),
          ] : null)))))
      : h('p', null, t('pb.outcome.none'));
    return h('div', { class: 'pb-outcome', dataset: { rule: o.rule } },
      h('h4', null, rule),
      has(`pb.about.${o.rule}`) ? h('p', { class: 'muted' }, t(`pb.about.${o.rule}`)) : null,
      h('p', { class: 'pb-outcome-total' }, t('pb.outcome.total', { total: money(o.total_cost), budget: money(pb.budget), left: money(o.budget_left) })),
      table,
      es && o.utility ? h('p', null, named('pb.utility', o.utility)) : null,
      es && o.per_voter_share ? h('p', null, shareText(o.per_voter_share)) : null,
      es && o.completed !== undefined
        ? h('p', null, !o.completed ? t('pb.notcompleted')
          : o.completion_rounds ? t('pb.completed', { n: formatNumber(o.completion_rounds) }) : t('pb.completed.none')) : null,
      has(`pb.tie.${o.rule}`) ? h('p', { class: 'muted' }, t(`pb.tie.${o.rule}`)) : h('p', { class: 'muted' }, o.tie_rule));
  };

  return h('div', { class: 'results pb-results' },
    h('p', { class: 'ballots' }, t(results.final ? 'results.final' : 'results.live', { n: formatNumber(results.ballots) })),
    h('p', null, t('pb.budget', { budget: money(pb.budget) })),
    chart, wideTable(`${key}-support`, supportCaption, supportTable),
    outcomes.map(outcomeView));
}

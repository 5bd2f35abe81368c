// Participatory-budgeting results, as the vote page, the facilitator's console and the projector
// show them.
//
// OWNED BY THE PARTICIPATORY-BUDGETING ENGINEER: this is a minimal renderer written so the web
// pages have one place to call; replace it freely (per-project reasons, satisfaction, the
// server's plain-language summary), keeping the one export and its arguments:
//   pbResultsView(poll, results, { projector }) -> Node
// The pages call nothing else of PB results.

import { h } from './dom.js';
import { t, has, formatNumber, formatMoney } from './i18n.js';

function percent(count, total) {
  return total ? Math.round((count * 100) / total) : 0;
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
function ruleTables(poll, results) {
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
          : o.completion_rounds ? t('pb.completed', { n: o.completion_rounds }) : t('pb.completed.none')) : null,
      has(`pb.tie.${o.rule}`) ? h('p', { class: 'muted' }, t(`pb.tie.${o.rule}`)) : h('p', { class: 'muted' }, o.tie_rule));
  };

  return [chart, wideTable(`${key}-support`, supportCaption, supportTable), outcomes.map(outcomeView)];
}

/**
 * PB results in plain language first ("Dessa projekt får pengar", what they cost of the
 * budget), by the rule the network counts with (Equal Shares, else greedy); then, behind an
 * expander, the support per project and both outcomes with their rules.
 */
export function pbResultsView(poll, results, { projector = false } = {}) {
  const pb = results.pb;
  const money = n => formatMoney(n, pb.currency);
  const main = pb.equal_shares || pb.greedy;
  const funded = main ? main.funded : [];
  const summary = h('div', { class: 'pb-summary' },
    h(projector ? 'h3' : 'h4', { class: 'pb-summary-title' }, funded.length ? t('pb.summary.funded') : t('pb.summary.none')),
    funded.length ? h('ul', { class: 'pb-funded-list' }, funded.map(f => h('li', { dataset: { projectId: f.project_id } },
      h('span', { class: 'pb-funded-title' }, f.title), ' ', h('span', { class: 'pb-funded-cost' }, money(f.cost))))) : null,
    main ? h('p', { class: 'pb-summary-total' }, t('pb.summary.total', { total: money(main.total_cost), budget: money(pb.budget) })) : null);
  return h('div', { class: 'results pb-results' },
    h('p', { class: 'ballots' }, t(results.final ? 'results.final' : 'results.live', { n: results.ballots })),
    summary,
    h('details', { class: 'pb-details' },
      h('summary', null, t('pb.details')),
      h('p', null, t('pb.budget', { budget: money(pb.budget) })),
      ruleTables(poll, results)));
}

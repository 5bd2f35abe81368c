// Participatory-budgeting results, as people understand them: first a plain summary (which
// projects get money, how much of the budget, how many voters got something they voted for),
// then every project with why it is or is not funded, greedy and Equal Shares side by side on
// the same ballots, the districts, and last the rule's numbers (rho, payments, the share per
// voter, rounds, the tie rule). One module for every page that shows PB results (the vote page,
// the projector page): `pbResults(poll, results)` returns the element to show.

import { h } from './dom.js';
import { t, has, formatNumber, formatMoney } from './i18n.js';

/** "3/2" (exact, from the server) as a number for display. */
function fraction(text) {
  const [p, q] = String(text).split('/');
  return q === undefined ? Number(p) : Number(p) / Number(q);
}

/** A label for a wire value, or the value itself when a newer server sends one we do not know. */
function named(prefix, value) {
  return has(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : String(value);
}

/** "A, B och C" / "A, B and C". */
function listText(items) {
  if (items.length <= 1) return items.join('');
  return t('pbr.list', { items: items.slice(0, -1).join(', '), last: items[items.length - 1] });
}

function percentText(part, whole) {
  return whole ? `${formatNumber(Math.round((part * 1000) / whole) / 10)} %` : '–';
}

/** A table with its caption above it (the caption wraps; a wide table scrolls sideways). */
function titledTable(id, title, head, rows, cls, rule) {
  const titleId = `${id}-title`;
  const table = h('table', { class: `results-table ${cls}`, 'aria-labelledby': titleId, dataset: rule ? { rule } : {} },
    h('thead', null, h('tr', null, head.map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', null, rows));
  return [h('p', { class: 'table-title', id: titleId }, title),
    h('div', { class: 'table-wrap', id: `${id}-wrap`, tabindex: '0', role: 'region', 'aria-labelledby': titleId }, table)];
}

/**
 * The results of a PB poll (`results.pb` as PROTOCOL.md "Participatory budgeting" defines it).
 * `poll` may be null (then project titles come from the results alone).
 */
export function pbResults(poll, results, { expander = false, projector = false } = {}) {
  const pb = results.pb;
  const key = `pbr-${results.poll_id}`;  // stable ids: a live update keeps focus where it was
  const unit = 10 ** (pb.decimals || 0);
  const money = n => formatMoney(Number(n) / unit, pb.currency, pb.decimals || 0);
  const head = h('p', { class: 'ballots' },
    t(results.final ? 'results.final' : 'results.live', { n: formatNumber(results.ballots) }));
  const counting = pb.counting ? h('p', { class: 'notice pb-counting', role: 'status' }, t('pbr.counting')) : null;
  const outcome = pb.outcome;
  if (!outcome) {
    // Counted on the server's worker; the first count of these ballots is not ready yet.
    return h('div', { class: 'results pb-results' }, head, counting || h('p', null, t('pbr.counting')));
  }
  const titles = new Map((pb.support || []).map(s => [s.project_id, s.title]));
  const title = id => titles.get(id) || `#${id}`;

  // 1. The plain summary.
  const funded = outcome.funded.map(f => f.title || title(f.project_id));
  const spent = money(outcome.total_cost);
  const budget = money(Number(outcome.total_cost) + Number(outcome.budget_left));
  const summary = h('div', { class: 'pb-summary' },
    h('p', { class: 'lead' }, funded.length
      ? t('pbr.summary.funded', { projects: listText(funded), total: spent, budget })
      : t('pbr.summary.none', { budget })),
    h('p', null, t('pbr.summary.satisfied', {
      n: formatNumber(outcome.satisfied_voters), m: formatNumber(outcome.voters),
      share: percentText(outcome.satisfied_voters, outcome.voters),
    })),
    h('p', null, t('pbr.summary.rule', { rule: named('pbr.rulename', pb.rule) })),
    outcome.budget_left < 0 ? h('p', null, t('pbr.summary.topup', { over: money(-outcome.budget_left) })) : null);

  // 2. Every project, funded or not, and why not.
  const projectRows = outcome.projects.map(p => h('tr', { dataset: { projectId: p.project_id, funded: String(p.funded) } },
    h('th', { scope: 'row' }, title(p.project_id)),
    h('td', null, money(p.cost)),
    h('td', null, formatNumber(p.supporters)),
    h('td', null, p.funded ? t('pb.yes') : t('pb.no')),
    h('td', null, p.funded ? '' : named('pbr.reason', p.reason))));
  const projects = titledTable(`${key}-projects`, t('pbr.projects.caption', { rule: named('pbr.rulename', pb.rule) }),
    [t('results.project'), t('pb.col.cost'), t('pb.col.supporters'), t('pbr.col.funded'), t('pbr.col.whynot')],
    projectRows, 'pb-projects', outcome.rule);

  // 3. Greedy and Equal Shares side by side on the same ballots.
  const sides = [pb.greedy, pb.equal_shares].filter(Boolean);
  const fundedBy = sides.map(o => new Set(o.funded.map(f => f.project_id)));
  const compareRows = (pb.support || []).map(s => h('tr', { dataset: { projectId: s.project_id } },
    h('th', { scope: 'row' }, s.title),
    h('td', null, money(s.cost)),
    h('td', null, formatNumber(s.support)),
    fundedBy.map(set => h('td', null, set.has(s.project_id) ? t('pb.yes') : t('pb.no')))));
  const compare = sides.length === 2 ? h('section', { class: 'pb-compare', 'aria-labelledby': `${key}-compare-h` },
    h('h4', { id: `${key}-compare-h` }, t('pbr.compare.title')),
    h('p', null, t('pbr.compare.lead')),
    h('ul', null, sides.map(o => h('li', null, t('pbr.compare.line', {
      rule: named('pbr.family', o.rule), n: formatNumber(o.funded.length), total: money(o.total_cost),
      satisfied: percentText(o.satisfied_voters, o.voters),
    })))),
    pb.comparison && (pb.comparison.only_greedy.length || pb.comparison.only_equal_shares.length)
      ? h('p', null, t('pbr.compare.diff', {
        greedy: pb.comparison.only_greedy.length ? listText(pb.comparison.only_greedy.map(title)) : t('pbr.none'),
        mes: pb.comparison.only_equal_shares.length ? listText(pb.comparison.only_equal_shares.map(title)) : t('pbr.none'),
      }))
      : h('p', null, t('pbr.compare.same')),
    titledTable(`${key}-compare`, t('pbr.compare.caption'),
      [t('results.project'), t('pb.col.cost'), t('results.support'), ...sides.map(o => named('pbr.family', o.rule))],
      compareRows, 'pb-support')) : null;

  // 4. Districts: each with its own budget and voters.
  const districts = outcome.districts ? h('section', { class: 'pb-districts' },
    h('h4', null, t('pbr.districts.title')),
    h('ul', null, outcome.districts.map(d => h('li', null, t('pbr.districts.line', {
      name: d.district === null ? t('pbr.districts.city') : d.district,
      n: formatNumber(d.outcome.funded.length), total: money(d.outcome.total_cost), budget: money(d.budget),
      satisfied: percentText(d.outcome.satisfied_voters, d.voters), voters: formatNumber(d.voters),
    }))))) : null;

  // 5. The rule's numbers, for those who want to check them.
  const payment = (f) => {
    if (f.max_payment === undefined) return '';
    const lo = formatMoney(f.min_payment, pb.currency, 2);
    const hi = formatMoney(f.max_payment, pb.currency, 2);
    return lo === hi ? hi : `${lo}–${hi}`;
  };
  const es = outcome.rule === 'equal_shares';
  const numberRows = outcome.funded.map(f => h('tr', { dataset: { projectId: f.project_id } },
    h('th', { scope: 'row' }, f.title || title(f.project_id)),
    h('td', null, named('pb.stage', f.stage)),
    h('td', null, f.rho !== undefined ? f.rho : f.load !== undefined ? f.load : ''),
    h('td', null, payment(f))));
  const share = es && outcome.per_voter_share
    ? h('p', null, t('pbr.numbers.share', {
      share: formatMoney(fraction(outcome.per_voter_share) / unit, pb.currency, 2), exact: outcome.per_voter_share,
      rounds: formatNumber(outcome.completion_rounds),
    })) : null;
  const details = h('section', { class: 'pb-numbers', 'aria-labelledby': `${key}-numbers-h` },
    h('h4', { id: `${key}-numbers-h` }, t('pbr.numbers.title')),
    outcome.funded.length ? titledTable(`${key}-numbers`, t('pbr.numbers.caption'),
      [t('results.project'), t('pb.col.stage'), es ? t('pb.col.rho') : t('pbr.col.load'), t('pb.col.payment')],
      numberRows, 'pb-funded', outcome.rule) : null,
    share,
    h('p', { class: 'muted' }, t('pbr.numbers.tie', { keys: outcome.tie_keys.join(' → ') })),
    // The server's sentence is English; the catalogue has it in the page's language.
    h('p', { class: 'muted' }, has(`pb.tie.${outcome.rule}`) ? t(`pb.tie.${outcome.rule}`) : outcome.tie_rule));

  if (projector && funded.length) {
    // Readable from the back of the room: the funded projects as a list of their own.
    summary.append(h('ul', { class: 'pb-funded-list' }, outcome.funded.map(f => h('li', { dataset: { projectId: f.project_id } },
      h('span', { class: 'pb-funded-title' }, f.title || title(f.project_id)), ' ',
      h('span', { class: 'pb-funded-cost' }, money(f.cost))))));
  }
  if (expander) {
    // Plain language first; every number of the count one click away.
    return h('div', { class: 'results pb-results', id: key }, head, counting, summary,
      h('details', { class: 'pb-details' }, h('summary', null, t('pb.details')),
        projects, compare, districts, details));
  }
  return h('div', { class: 'results pb-results', id: key },
    head, counting, summary, projects, compare, districts, details);
}

/**
 * The pages' entry point (vote page, facilitator's console, projector): the same view, with
 * the projector's larger type when `projector` is set.
 */
export function pbResultsView(poll, results, { projector = false } = {}) {
  const node = pbResults(poll, results, { expander: projector, projector });
  if (projector && node.classList) node.classList.add('pb-projector');
  return node;
}

// Pieces several pages share: page headings, meeting summaries, seat counts, agenda, results.

import { h } from './dom.js';
import { t, formatRange, formatTime, formatNumber } from './i18n.js';
import { errorBox } from './ui.js';
import { pbResultsView } from './pb_results.js';

export { errorBox };

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

export function meetingWhen(m) {
  return formatRange(m.starts_at, m.ends_at, m.zone);
}

/** "På plats och digitalt: Uddevalla stadshus, Varvsvägen 1" ("Digitalt" alone online). */
export function meetingWhere(m) {
  const place = m.format !== 'digital' ? [m.venue, m.address].filter(Boolean).join(', ') : '';
  return place ? `${t(`format.${m.format}`)}: ${place}` : t(`format.${m.format}`);
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
      : t('seats.taken', { confirmed: c.confirmed, capacity: c.capacity, count: 'capacity' });
    const wait = c.waitlisted ? `, ${t('seats.waitlisted', { n: c.waitlisted })}` : '';
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

/**
 * A word cloud drawn as one: each word sized by how often it was given (five steps), in a
 * wrapping row, most frequent first; the table beside it says the same for screen readers.
 */
export function wordCloud(words) {
  if (!words.length) return h('p', { class: 'muted' }, t('results.nowords'));
  const max = Math.max(...words.map(w => w.count));
  const min = Math.min(...words.map(w => w.count));
  const step = (count) => (max === min ? 3 : 1 + Math.round(((count - min) * 4) / (max - min)));
  return h('p', { class: 'word-cloud', 'aria-hidden': 'true' }, words.slice(0, 60).map(w =>
    h('span', { class: `cloud-word size-${step(w.count)}`, title: t('results.word.count', { word: w.word, n: w.count }) }, w.word)));
}

/**
 * Results of a poll: a bar chart (or word cloud) for the eye and a table for everyone (screen
 * readers too). Without results yet (none visible, or nothing counted), the options are still
 * listed, at 0, so the room sees what it is voting on. `projector`: large type, PB in plain
 * language first.
 */
export function resultsView(poll, results, { projector = false } = {}) {
  if (results && results.pb) return pbResultsView(poll, results, { projector });
  if (!results) {
    if (poll && poll.options && poll.options.length && projector) {
      return h('ul', { class: 'option-list' }, poll.options.map(o => h('li', null, o.label)));
    }
    return h('p', null, t('results.hidden'));
  }
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
  const chart = results.words ? wordCloud(results.words) : h('div', { class: 'chart', 'aria-hidden': 'true' }, rows.map(([label, count, pct]) => {
    const bar = h('span', { class: 'bar' });
    bar.style.width = `${pct}%`;
    return h('div', { class: 'chart-row' },
      h('span', { class: 'chart-label' }, label),
      h('span', { class: 'bar-track' }, bar),
      h('span', { class: 'chart-value' }, `${formatNumber(count)}`));
  }));
  const table = h('table', { class: projector ? 'results-table visually-hidden' : 'results-table' },
    h('caption', null, t('results.caption', { question: poll ? poll.question : '' })),
    h('thead', null, h('tr', null, headers.map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', null, rows.map(([label, count, pct]) => h('tr', null,
      h('th', { scope: 'row' }, label), h('td', null, formatNumber(count)), h('td', null, `${pct} %`)))));
  const extra = results.scale && results.scale.mean !== null
    ? h('p', null, t('results.mean', { mean: formatNumber(results.scale.mean) })) : null;
  return h('div', { class: 'results' },
    h('p', { class: 'ballots' }, t(results.final ? 'results.final' : 'results.live', { n: total })),
    chart, extra, table);
}

/**
 * The two live pages a participant's phone switches between, "Omröstningar" and "Frågor", as a
 * small navigation with the current one marked (aria-current). Both run with the same token
 * (the device's, for a browser that joined through the poll link), so switching does not
 * reconnect.
 */
export function meetingTabs(meetingId, current) {
  const tab = (name, href, key) => h('li', null,
    h('a', { href, id: `tab-${name}`, 'aria-current': current === name ? 'page' : null }, t(key)));
  return h('nav', { class: 'tabs', 'aria-label': t('tabs.label') }, h('ul', null,
    tab('vote', `#/vote/${meetingId}`, 'tabs.polls'),
    tab('questions', `#/questions/${meetingId}`, 'tabs.questions')));
}

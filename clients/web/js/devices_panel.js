// The devices that joined a meeting's polls through its poll link, for its facilitators and
// coordinators (PROTOCOL.md "audience.list / audience.revoke"): how many are live of the
// meeting's cap, how many voted and were revoked; the devices a page at a time (by the order they
// joined); revoking the selected ones, or all of them after a confirmation that says how many.
// The server pushes no device events, so the counts are read again every REFRESH_MS while the
// console is in view (the list too while it is unfolded), when a poll event says someone voted
// (at most once per NUDGE_MS), after each revocation and when the link is rotated. Revoking all
// leaves the link working for new devices, so the panel then offers to rotate it until it is.

import { h, patch, idemKey } from './dom.js';
import { t, formatTime, formatDateTime, formatNumber } from './i18n.js';
import { feedback, send, confirmDialog, errorBox } from './ui.js';

/** Devices per page of the list: a phone's screenful or two; more come with "Visa fler". */
const PAGE = 25;
/** The protocol's largest `limit` and largest `token_ids` per call. */
const MAX_PER_CALL = 500;
/** Counts are re-read this often while the page is visible: cheap (one indexed query). */
const REFRESH_MS = 15000;
/** A vote seen on polls-staff:M re-reads the list after this long, at most once per period. */
const NUDGE_MS = 3000;

/**
 * The panel. `zone()` gives the meeting's time zone (times are the meeting's, as in the rest
 * of the console); `onRotate()` starts the poll link's rotation (its own confirmation), offered
 * after every device was revoked, since only a new link stops new joins. Returns {el, refresh,
 * nudge, stop}.
 */
export function devicesPanel(conn, meetingId, { zone = () => undefined, onRotate } = {}) {
  const s = { devices: [], next: null, counts: null, max: null, error: null, selected: new Set(), updatedAt: null };
  const fb = feedback('devices-feedback');
  const countsEl = h('div', { id: 'devices-counts' });
  const updated = h('p', { class: 'hint', id: 'devices-updated' });
  const rotateOffer = h('div', { id: 'devices-rotate-offer' });
  const listEl = h('div', { id: 'devices-list' });
  const refreshBtn = h('button', { type: 'button', id: 'devices-refresh', onclick: () => refresh({ announce: true }) }, t('devices.refresh'));
  const allBtn = h('button', { type: 'button', class: 'danger', id: 'devices-revoke-all', onclick: revokeAll }, t('devices.revokeall'));
  const details = h('details', { class: 'editor-details', id: 'devices-details' },
    h('summary', null, t('devices.show')), listEl);
  details.addEventListener('toggle', () => { if (details.open) refresh(); });
  const el = h('div', { class: 'devices-panel' },
    h('p', null, t('devices.help')),
    countsEl, updated,
    h('div', { class: 'actions' }, refreshBtn, allBtn),
    fb.el, rotateOffer, details);

  const notRevoked = () => (s.counts ? s.counts.joined - s.counts.revoked : 0);

  function renderCounts() {
    if (s.error && !s.counts) { patch(countsEl, errorBox(s.error, { alert: false })); return; }
    if (!s.counts) { patch(countsEl, h('p', null, t('app.loading'))); return; }
    const c = s.counts;
    const row = (key, value, id) => [h('dt', null, t(key)), h('dd', { id }, value)];
    patch(countsEl, h('dl', { class: 'facts device-counts' },
      row('devices.count.live', t('devices.count.live.of', { n: c.live, max: s.max }), 'devices-live'),
      row('devices.count.voted', formatNumber(c.voted), 'devices-voted'),
      row('devices.count.joined', formatNumber(c.joined), 'devices-joined'),
      row('devices.count.revoked', formatNumber(c.revoked), 'devices-revoked')));
    updated.textContent = s.updatedAt ? t('devices.updated', { time: formatTime(s.updatedAt, zone()) }) : '';
    allBtn.disabled = notRevoked() === 0;
  }

  /** "10:15" for today, else date and time, in the meeting's zone. */
  function when(instant) {
    const z = zone();
    const day = (d) => new Date(d).toLocaleDateString('sv-SE', { timeZone: z });
    return day(instant) === day(Date.now()) ? formatTime(instant, z) : formatDateTime(instant, z);
  }

  function stateText(d) {
    if (d.revoked_at) return t('devices.state.revoked', { time: when(d.revoked_at) });
    return d.live ? t('devices.state.live') : t('devices.state.idle');
  }

  function renderList() {
    if (!details.open) return;
    if (!s.devices.length) {
      patch(listEl, s.error ? errorBox(s.error, { alert: false }) : h('p', { id: 'devices-none' }, t('devices.none')));
      return;
    }
    const pickable = s.devices.filter(d => !d.revoked_at);
    const allPicked = pickable.length > 0 && pickable.every(d => s.selected.has(d.token_id));
    const pickAll = h('input', { type: 'checkbox', id: 'devices-pick-all', checked: allPicked, disabled: pickable.length === 0 });
    pickAll.addEventListener('change', () => {
      for (const d of pickable) { if (pickAll.checked) s.selected.add(d.token_id); else s.selected.delete(d.token_id); }
      renderList();
    });
    const revokeSel = h('button', { type: 'button', class: 'danger', id: 'devices-revoke-selected', disabled: s.selected.size === 0, onclick: revokeSelected },
      t('devices.revokeselected', { n: s.selected.size }));
    const total = s.counts ? s.counts.joined : s.devices.length;
    patch(listEl,
      h('div', { class: 'actions' }, revokeSel),
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'devices-caption' },
        h('table', { class: 'devices' },
          h('caption', { id: 'devices-caption' }, t('devices.caption', { n: s.devices.length, total, count: 'total' })),
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, h('label', { class: 'device-pick', for: 'devices-pick-all' }, pickAll, h('span', { class: 'visually-hidden' }, t('devices.pickall')))),
            [t('devices.col.device'), t('devices.col.joined'), t('devices.col.voted'), t('devices.col.state')].map(x => h('th', { scope: 'col' }, x)))),
          h('tbody', null, s.devices.map((d) => {
            const pid = `device-${d.token_id}-pick`;
            const box = h('input', { type: 'checkbox', id: pid, checked: s.selected.has(d.token_id), disabled: Boolean(d.revoked_at) });
            box.addEventListener('change', () => {
              if (box.checked) s.selected.add(d.token_id); else s.selected.delete(d.token_id);
              renderList();
            });
            return h('tr', { class: d.revoked_at ? 'revoked' : d.live ? 'live' : 'idle', dataset: { tokenId: d.token_id } },
              h('td', null, h('label', { class: 'device-pick', for: pid }, box, h('span', { class: 'visually-hidden' }, t('devices.pick', { id: String(d.token_id) })))),
              // The bare number (the column says "Enhet"): the row fits a phone's width.
              h('th', { scope: 'row' }, String(d.token_id)),
              h('td', null, when(d.joined_at)),
              h('td', null, d.voted ? t('devices.voted.yes') : t('devices.voted.no')),
              h('td', null, stateText(d)));
          })))),
      h('p', { class: 'hint' }, t('devices.states.help')),
      s.next !== null ? h('div', { class: 'actions pager' }, h('button', { type: 'button', id: 'devices-more', onclick: loadMore }, t('devices.more'))) : null);
  }

  function render() { renderCounts(); renderList(); }

  let generation = 0;
  let stopped = false;
  /** Reads the counts (and, unfolded, as many devices as are shown, at least a page) again. */
  async function refresh({ announce = false } = {}) {
    const mine = ++generation;
    const want = details.open ? Math.max(PAGE, s.devices.length) : 1;
    try {
      let devices = [];
      let after = 0;
      let r;
      do {
        r = await conn.request('audience.list', { meeting_id: meetingId, after, limit: Math.min(MAX_PER_CALL, want - devices.length) });
        devices = devices.concat(r.devices);
        after = r.next_after;
      } while (after !== null && devices.length < want);
      if (mine !== generation || stopped) return;
      s.counts = r.counts; s.max = r.max_devices; s.error = null; s.updatedAt = Date.now();
      if (details.open) {
        s.devices = devices; s.next = r.next_after;
        // What was revoked meanwhile (by another facilitator) cannot stay selected.
        const open = new Set(devices.filter(d => !d.revoked_at).map(d => d.token_id));
        for (const id of [...s.selected]) if (!open.has(id)) s.selected.delete(id);
      }
      if (announce) fb.ok(t('devices.refreshed'), { focus: false });
    } catch (err) {
      if (mine !== generation || stopped) return;
      s.error = err;
      if (announce || !s.counts) fb.fail(err, { focus: false });
    }
    render();
  }

  async function loadMore() {
    if (s.next === null) return;
    const mine = ++generation;
    try {
      const r = await conn.request('audience.list', { meeting_id: meetingId, after: s.next, limit: PAGE });
      if (mine !== generation || stopped) return;
      s.devices = s.devices.concat(r.devices);
      s.next = r.next_after; s.counts = r.counts; s.max = r.max_devices; s.updatedAt = Date.now();
      render();
      // Keyboard focus goes on to the first of the newly shown devices.
      const first = r.devices[0] && document.getElementById(`device-${r.devices[0].token_id}-pick`);
      if (first && !first.disabled) first.focus(); else document.getElementById('devices-more')?.focus();
    } catch (err) {
      fb.fail(err);
    }
  }

  async function revokeIds(ids) {
    let revoked = 0;
    for (let i = 0; i < ids.length; i += MAX_PER_CALL) {
      const r = await conn.request('audience.revoke', { meeting_id: meetingId, token_ids: ids.slice(i, i + MAX_PER_CALL) }, { idem: idemKey('rv') });
      revoked += r.revoked;
    }
    return { revoked };
  }

  async function revokeSelected() {
    const ids = [...s.selected].sort((a, b) => a - b);
    if (!ids.length) return;
    const res = await send(fb, revokeIds(ids), r => (r.revoked === ids.length
      ? t('devices.revoked', { n: r.revoked })
      : t('devices.revoked.some', { n: r.revoked, asked: ids.length, count: 'asked' })));
    if (res) s.selected.clear();
    await refresh();
  }

  async function revokeAll() {
    const n = notRevoked();
    if (n === 0) return;
    const ok = await confirmDialog({
      title: t('devices.revokeall.title', { n }),
      body: [t('devices.revokeall.body', { n }), t('devices.revokeall.link', { rotate: t('fac.link.rotate') })],
      confirm: t('devices.revokeall.yes', { n }),
    });
    if (!ok) return;
    const res = await send(fb, conn.request('audience.revoke', { meeting_id: meetingId, all: true }, { idem: idemKey('rvall') }),
      r => t('devices.revoked.all', { n: r.revoked }));
    if (res) {
      s.selected.clear();
      // Only a new link stops new joins: offer it right here, until the link is rotated.
      if (onRotate) {
        patch(rotateOffer, h('div', { class: 'warning' },
          h('p', null, t('devices.rotate.why')),
          h('button', { type: 'button', id: 'devices-rotate', onclick: onRotate }, t('devices.rotate'))));
      }
    }
    await refresh();
  }

  let nudgeTimer = null;
  /** Something happened that may change the devices (a vote): read them again soon. */
  function nudge() {
    if (nudgeTimer || stopped) return;
    nudgeTimer = setTimeout(() => { nudgeTimer = null; refresh(); }, NUDGE_MS);
  }
  const timer = setInterval(() => { if (document.visibilityState === 'visible') refresh(); }, REFRESH_MS);

  render();
  refresh();
  return {
    el,
    refresh,
    /** The link was rotated: no more offer to rotate it; the rotation revoked devices too. */
    rotated() { patch(rotateOffer); return refresh(); },
    nudge,
    stop() { stopped = true; clearInterval(timer); clearTimeout(nudgeTimer); },
  };
}

// Minimal live meeting list: subscribes to the network topic and re-renders on every event.
// All user text goes in with textContent, never as HTML.

const statusEl = document.getElementById('status');
const meetingsEl = document.getElementById('meetings');
const membersEl = document.getElementById('members');
const networkEl = document.getElementById('network-name');

const state = { network: null, meetings: new Map(), members: [], epoch: null, seq: 0 };
const formatLabel = { in_person: 'På plats', digital: 'Digitalt', hybrid: 'På plats och digitalt' };
const statusLabel = { published: 'Publicerad', cancelled: 'Inställd', draft: 'Utkast' };

function when(m) {
  const opts = { timeZone: m.zone, dateStyle: 'long', timeStyle: 'short' };
  const start = new Date(m.starts_at).toLocaleString('sv-SE', opts);
  const end = new Date(m.ends_at).toLocaleTimeString('sv-SE', { timeZone: m.zone, timeStyle: 'short' });
  return `${start}–${end}`;
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function render() {
  networkEl.textContent = state.network ? state.network.name : '';
  meetingsEl.replaceChildren();
  const list = [...state.meetings.values()].sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  for (const m of list) {
    const li = el('li', undefined, m.status);
    li.append(el('h3', m.title));
    li.append(el('p', when(m)));
    const where = [formatLabel[m.format], m.venue, m.address].filter(Boolean).join(' · ');
    li.append(el('p', where));
    li.append(el('span', statusLabel[m.status] || m.status, 'badge'));
    if (m.status !== 'draft') {
      const add = el('a', 'Lägg till i kalendern');
      add.href = `/calendar/meetings/${m.meeting_id}.ics`;
      li.append(' ', add);
    }
    meetingsEl.append(li);
  }
  membersEl.replaceChildren(...state.members.map(x =>
    el('li', `${x.organisation.name} (${x.membership.decision.deciding_body}, ${x.membership.decision.diary_number})`)));
}

function connect(networkId) {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`, 'traffpunkt.v1');
  let nextId = 1;
  ws.onopen = () => {
    statusEl.textContent = '';
    statusEl.classList.remove('offline');
    const args = { topic: `network:${networkId}` };
    if (state.epoch) { args.since = state.seq; args.epoch = state.epoch; }
    ws.send(JSON.stringify({ id: nextId++, op: 'subscribe', args }));
  };
  ws.onmessage = (msg) => {
    const f = JSON.parse(msg.data);
    if (f.result && f.result.topic) {
      state.epoch = f.result.epoch;
      state.seq = f.result.seq - (f.result.replayed || 0);
      const snap = f.result.snapshot;
      if (snap) {
        state.network = snap.network;
        state.members = snap.members;
        state.meetings = new Map(snap.meetings.map(m => [m.meeting_id, m]));
      }
    } else if (f.ev) {
      state.seq = f.seq;
      if (f.data.meeting) state.meetings.set(f.data.meeting.meeting_id, f.data.meeting);
      if (f.data.member) state.members = [...state.members.filter(x => x.organisation.organisation_id !== f.data.member.organisation.organisation_id), f.data.member];
      if (f.data.network) state.network = f.data.network;
    }
    render();
  };
  ws.onclose = () => {
    statusEl.textContent = 'Ingen anslutning just nu – vi försöker igen automatiskt.';
    statusEl.classList.add('offline');
    setTimeout(() => connect(networkId), 2000);
  };
}

// The network's calendar: a webcal:// link calendar apps subscribe to (and poll), and a download.
function calendarLinks(networkId) {
  const feed = `/calendar/network/${networkId}.ics`;
  const subscribe = el('a', 'Prenumerera på kalendern');
  subscribe.href = `webcal://${location.host}${feed}`;
  const download = el('a', 'Ladda ner kalendern (.ics)');
  download.href = feed;
  download.setAttribute('download', `natverk-${networkId}.ics`);
  const p = el('p', undefined, 'calendar-links');
  p.append(subscribe, ' · ', download);
  networkEl.after(p);
}

const params = new URLSearchParams(location.search);
const requested = Number(params.get('network') || 1);
const networkId = Number.isSafeInteger(requested) && requested > 0 ? requested : 1;
calendarLinks(networkId);
connect(networkId);

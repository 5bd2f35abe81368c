// The one WebSocket connection of the page (protocol traffpunkt.v1). It authenticates with the
// `auth` op (the token never goes into the URL), reconnects by itself with a growing delay, and
// on every reconnect resumes each subscription with `since` and `epoch`, so nothing is missed and
// nothing comes twice; when the server cannot replay, the answer is a fresh snapshot (resync).

const REQUEST_TIMEOUT_MS = 10000;
const RETRY_MIN_MS = 300;
const RETRY_MAX_MS = 5000;

export class Connection extends EventTarget {
  constructor(token) {
    super();
    this.token = token || null;
    this.ws = null;
    this.nextId = 1;
    this.pending = new Map();   // id -> {resolve, reject, timer}
    this.subs = new Map();      // topic -> {handlers, epoch, seq}
    this.identity = null;       // the auth answer, or {role: 'public'}
    this.online = false;
    this.retryMs = RETRY_MIN_MS;
    this.readyWaiters = [];
    this.stopped = false;
    this.reconnectNow = false;
  }

  start() { this.connect(); }

  /** Changes the identity: reconnects with the new token (subscriptions are resumed). */
  setToken(token) {
    this.token = token || null;
    this.identity = null;
    this.reconnectNow = true;
    this.tokenChanged = true;
    if (this.ws) this.ws.close(1000);
    else this.connect();
  }

  connect() {
    if (this.stopped) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/ws`, 'traffpunkt.v1');
    this.ws = ws;
    ws.onopen = () => this.onOpen(ws);
    ws.onmessage = (msg) => this.onMessage(msg);
    ws.onclose = (ev) => this.onClose(ws, ev);
    ws.onerror = () => { /* onclose follows and retries */ };
  }

  async onOpen(ws) {
    this.retryMs = RETRY_MIN_MS;
    let identity = { role: 'public', person: null, facilitates: [] };
    if (this.token) {
      try {
        identity = await this.send('auth', { token: this.token });
      } catch (err) {
        if (ws !== this.ws) return;
        if (err.code === 'unauthorized') {
          this.lastToken = this.token;
          this.token = null;
          this.dispatchEvent(new CustomEvent('token-rejected'));
        }
      }
    }
    if (ws !== this.ws) return;
    // A new token always counts as a change (two devices of different meetings look alike).
    const changed = this.tokenChanged || !this.identity || this.identity.role !== identity.role
      || (this.identity.person && this.identity.person.person_id) !== (identity.person && identity.person.person_id);
    this.tokenChanged = false;
    this.identity = identity;
    this.online = true;
    this.dispatchEvent(new CustomEvent('online', { detail: true }));
    if (changed) this.dispatchEvent(new CustomEvent('identity', { detail: identity }));
    // Resume with `since`; after a change of identity start over (what we may see has changed).
    for (const [topic, sub] of this.subs) this.sendSubscribe(topic, sub, changed);
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    waiters.forEach(w => w());
  }

  onClose(ws, ev) {
    if (ws !== this.ws) return;
    this.ws = null;
    this.online = false;
    // 4001: the token was revoked (PROTOCOL.md, Close codes). Do not come back with it: go on
    // without it at once, as when `auth` refuses a token.
    if (ev && ev.code === 4001 && this.token) {
      this.lastToken = this.token;
      this.token = null;
      this.tokenChanged = true;
      this.reconnectNow = true;
      this.dispatchEvent(new CustomEvent('token-rejected', { detail: { revoked: true } }));
    }
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject({ code: 'offline', message: '' });
    }
    this.pending.clear();
    // A close of ours (setToken) reconnects at once; anything else after a growing delay.
    const delay = this.reconnectNow ? 0 : this.retryMs;
    if (!this.reconnectNow) {
      this.dispatchEvent(new CustomEvent('online', { detail: false }));
      this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
    }
    this.reconnectNow = false;
    setTimeout(() => this.connect(), delay + Math.random() * 200);
  }

  onMessage(msg) {
    let frame;
    try { frame = JSON.parse(msg.data); } catch { return; }
    if ('re' in frame) {
      const p = this.pending.get(frame.re);
      if (!p) return;
      this.pending.delete(frame.re);
      clearTimeout(p.timer);
      if (frame.error) p.reject(frame.error);
      else p.resolve(frame.result);
      return;
    }
    if (frame.ev) {
      const sub = this.subs.get(frame.topic);
      if (!sub || sub.seq === null) return;
      if (frame.epoch !== sub.epoch || frame.seq <= sub.seq) return;  // already applied
      sub.seq = frame.seq;
      for (const handler of sub.handlers) {
        if (handler.onEvent) handler.onEvent(frame.ev, frame.data, frame);
      }
    }
  }

  /** Sends a request now (the connection must be open). */
  send(op, args, idem) {
    return new Promise((resolve, reject) => {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
        reject({ code: 'offline', message: '' });
        return;
      }
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject({ code: 'timeout', message: '' });
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      const frame = { id, op };
      if (args && Object.keys(args).length) frame.args = args;
      if (idem) frame.idem = idem;
      this.ws.send(JSON.stringify(frame));
    });
  }

  /** Resolves once the connection is open and authenticated (or rejects after a timeout). */
  ready(timeoutMs = REQUEST_TIMEOUT_MS) {
    if (this.online) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject({ code: 'offline', message: '' }), timeoutMs);
      this.readyWaiters.push(() => { clearTimeout(timer); resolve(); });
    });
  }

  /** A request: waits for the connection, answers with the result or rejects with the error. */
  async request(op, args, { idem } = {}) {
    await this.ready();
    return this.send(op, args, idem);
  }

  /**
   * Follows a topic: onSnapshot(snapshot) with the whole state (first time and on resync),
   * onEvent(ev, data) for each event in order, onError(error) when the topic is refused.
   * Returns a function that stops following.
   */
  subscribe(topic, handler) {
    let sub = this.subs.get(topic);
    if (sub) {
      sub.handlers.add(handler);
      this.sendSubscribe(topic, sub, true);
    } else {
      sub = { handlers: new Set([handler]), epoch: null, seq: null };
      this.subs.set(topic, sub);
      if (this.online) this.sendSubscribe(topic, sub);
    }
    return () => {
      sub.handlers.delete(handler);
      if (sub.handlers.size === 0 && this.subs.get(topic) === sub) {
        this.subs.delete(topic);
        if (this.online) this.send('unsubscribe', { topic }).catch(() => {});
      }
    };
  }

  sendSubscribe(topic, sub, fresh = false) {
    const args = { topic };
    if (!fresh && sub.epoch !== null && sub.seq !== null) {
      args.since = sub.seq;
      args.epoch = sub.epoch;
    }
    this.send('subscribe', args).then((res) => {
      if (this.subs.get(topic) !== sub) return;
      sub.epoch = res.epoch;
      // Replayed events follow the answer with seq from here + 1.
      sub.seq = res.seq - (res.replayed || 0);
      if (res.snapshot) {
        for (const handler of sub.handlers) {
          if (handler.onSnapshot) handler.onSnapshot(res.snapshot, res);
        }
      }
    }, (err) => {
      if (err.code === 'offline' || err.code === 'timeout') return;  // retried on reconnect
      for (const handler of sub.handlers) {
        if (handler.onError) handler.onError(err);
      }
    });
  }
}

// The e2e harness: a real server (demo data, fresh temp dir, loopback, a free port), tokens, a
// small WebSocket client for test setup, and Debian's chromium driven by playwright-core.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const SERVER = process.env.TRAFFPUNKT_SERVER || path.join(REPO, 'build', 'server', 'traffpunkt');
export const SCREENSHOTS = process.env.TRAFFPUNKT_SCREENSHOTS || path.join(REPO, 'build', 'e2e-screenshots');
export const CHROMIUM = process.env.TRAFFPUNKT_CHROMIUM || '/usr/bin/chromium';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the server with demo data. The browser's Origin must be allowed, and the allowed origin
 * follows public_base_url, so the port is chosen first (a free one) rather than port 0. `env`
 * adds settings of the test's own (e.g. a mail server to send to).
 */
export async function startServer({ env: extra = {} } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'traffpunkt-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // Only our own settings: an unrelated TRAFFPUNKT_* variable would be an error.
  const env = {
    PATH: process.env.PATH,
    TRAFFPUNKT_DATA_DIR: path.join(dir, 'data'),
    TRAFFPUNKT_LISTEN: `127.0.0.1:${port}`,
    TRAFFPUNKT_PUBLIC_BASE_URL: base,
    // TRAFFPUNKT_E2E_WEB_ROOT serves another copy of the client (e.g. main's, to see a test fail there).
    TRAFFPUNKT_WEB_ROOT: process.env.TRAFFPUNKT_E2E_WEB_ROOT || path.join(REPO, 'clients', 'web'),
    TRAFFPUNKT_LOG_LEVEL: 'warn',
    // The tests drive several browsers through one server quickly; fsync adds nothing here.
    TRAFFPUNKT_STORE_SYNCHRONOUS: 'NORMAL',
    // The stories watch one or two phones vote: an anonymous vote is stored within 300 ms and
    // every tally shows. The batch and threshold defaults (5 votes, 3 new ballots) that keep
    // anonymous ballots unlinkable are checked in tests/integration/ballot_secrecy_test.cpp.
    TRAFFPUNKT_POLLS_ANONYMOUS_BATCH_MAX_WAIT_MS: '300',
    TRAFFPUNKT_POLLS_ANONYMOUS_TALLY_MIN_NEW: '1',
    ...extra,
  };
  mkdirSync(env.TRAFFPUNKT_DATA_DIR);
  let proc = null;
  let run = 0;
  async function launch() {
    run += 1;
    const ready = path.join(dir, `ready-${run}`);
    proc = spawn(SERVER, ['--demo-data', '--ready-file', ready], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    const deadline = Date.now() + 15000;
    while (!existsSync(ready) || !readFileSync(ready, 'utf8').includes('\n')) {
      if (proc.exitCode !== null) throw new Error(`server exited: ${stderr}`);
      if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error(`server did not start: ${stderr}`); }
      await sleep(50);
    }
  }
  async function halt() {
    if (proc && proc.exitCode === null) {
      proc.kill('SIGTERM');
      const gone = new Promise(r => proc.once('exit', r));
      const timedOut = await Promise.race([gone.then(() => false), sleep(5000).then(() => true)]);
      if (timedOut) proc.kill('SIGKILL');
    }
  }
  await launch();
  const token = (...args) => execFileSync(SERVER, ['token', 'create', ...args], { env, stdio: ['ignore', 'pipe', 'ignore'], timeout: 10000 }).toString().trim();
  return {
    base,
    dir,
    token,
    /** Stops the server but keeps its data, for an outage; `start()` brings it back. */
    halt,
    start: launch,
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A protocol client for setting up data (no Origin header: a non-browser client). */
export async function api(base, token) {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`, 'traffpunkt.v1');
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  let next = 1;
  const pending = new Map();
  ws.on('message', (raw) => {
    const f = JSON.parse(raw.toString());
    if (f.re !== undefined && pending.has(f.re)) {
      const p = pending.get(f.re);
      pending.delete(f.re);
      if (f.error) p.reject(Object.assign(new Error(`${f.error.code}: ${f.error.message}`), f.error));
      else p.resolve(f.result);
    }
  });
  const call = (op, args = {}) => new Promise((resolve, reject) => {
    const id = next++;
    const timer = setTimeout(() => { pending.delete(id); reject(new Error(`${op} timed out`)); }, 10000);
    pending.set(id, { resolve: (r) => { clearTimeout(timer); resolve(r); }, reject: (e) => { clearTimeout(timer); reject(e); } });
    ws.send(JSON.stringify({ id, op, args }));
  });
  if (token) await call('auth', { token });
  return { call, close: () => ws.close() };
}

// A launch takes about a second; on a 2-core machine busy with two sanitized servers and the
// other suites, two browsers starting at once once took over 30 s. So: a long bound, and one
// more try after a launch that timed out (a real failure fails twice, with its reason).
const LAUNCH_OPTIONS = {
  executablePath: CHROMIUM,
  headless: true,
  timeout: 90000,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export async function launchBrowser() {
  try {
    return await chromium.launch(LAUNCH_OPTIONS);
  } catch (err) {
    if (err.name !== 'TimeoutError') throw err;
    console.error(`chromium did not start within ${LAUNCH_OPTIONS.timeout} ms; trying once more`);
    return chromium.launch(LAUNCH_OPTIONS);
  }
}

/** A browser context (its own storage) with a token and a language set before any page runs. */
export async function newContext(browser, { token, lang = 'sv', viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, locale: lang === 'sv' ? 'sv-SE' : 'en-GB', timezoneId: 'Europe/Stockholm' });
  context.setDefaultTimeout(10000);
  await context.addInitScript(([t, l]) => {
    if (sessionStorage.getItem('e2e-init')) return;  // only once: later changes (sign-out) stay
    sessionStorage.setItem('e2e-init', '1');
    if (t) localStorage.setItem('traffpunkt.token', t); else localStorage.removeItem('traffpunkt.token');
    localStorage.setItem('traffpunkt.lang', l);
  }, [token || null, lang]);
  return context;
}

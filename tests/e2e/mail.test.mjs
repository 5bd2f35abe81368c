// Mail in the web client (issue 19): a person without their link has it mailed from "Få din
// länk mejlad" (the same answer for a known and an unknown address, too many requests and a
// wrong address said in Swedish) and follows the link in the mail; a person chooses the
// language of their mail on Mina träffar and a coordinator sets it on a person; a mail that the
// mail server refuses shows in the coordinator's attendee list and on the mail page with the
// server's reply, and is sent again after the address is corrected, with a new personal link
// too; a facilitator sees none of it. The server sends to a real SMTP server on loopback
// (tests/mail/smtp_capture.py, python3-aiosmtpd) that refuses one address with a 550, and the
// test reads what arrived there.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { setup, open, go, shot, axe, press, tabTo, settled, DEMO, PHONE } from './pages.mjs';
import { REPO } from './harness.mjs';

const BOUNCE = 'studs.adress@kalmar.example.se';
let w;
let capture;

/** The capturing SMTP server: every accepted message lands in `dir`; BOUNCE gets a 550. */
async function startCapture() {
  const dir = mkdtempSync(path.join(tmpdir(), 'traffpunkt-e2e-smtp-'));
  const ready = path.join(dir, 'ready');
  // Debian's Python, which has python3-aiosmtpd (a python3 earlier on PATH may not).
  const proc = spawn('/usr/bin/python3', [path.join(REPO, 'tests/mail/smtp_capture.py'), '--dir', path.join(dir, 'mail'), '--ready', ready, '--reject', BOUNCE],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const deadline = Date.now() + 10000;
  while (!existsSync(ready)) {
    if (proc.exitCode !== null || Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error(`smtp_capture did not start: ${stderr}`); }
    await sleep(50);
  }
  const port = Number(readFileSync(ready, 'utf8').trim());
  return {
    port,
    dir: path.join(dir, 'mail'),
    async stop() {
      proc.kill('SIGTERM');
      await Promise.race([new Promise(r => proc.once('exit', r)), sleep(3000)]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A captured message, readable: headers unfolded, quoted-printable text decoded. */
function readMail(file) {
  const raw = readFileSync(file, 'latin1');
  const envelope = JSON.parse(readFileSync(file.replace(/\.eml$/, '.json'), 'utf8'));
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const header = name => (new RegExp(`^${name}: (.*)$`, 'im').exec(head) || [])[1] || '';
  const decoded = Buffer.from(raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (m, x) => String.fromCharCode(parseInt(x, 16))), 'latin1').toString('utf8');
  const link = (/https?:\/\/[^\s"<>]+#\/me\?token=[A-Za-z0-9_-]+/.exec(decoded) || [])[0] || null;
  return { to: envelope.rcpt_tos, language: header('Content-Language'), messageId: header('Message-ID'), text: decoded, link };
}

/** Every message the mail server accepted for `address`, oldest first. */
function mailsTo(address) {
  if (!existsSync(capture.dir)) return [];
  return readdirSync(capture.dir).filter(n => n.endsWith('.eml')).sort()
    .map(n => readMail(path.join(capture.dir, n))).filter(m => m.to.includes(address));
}

/** Waits until `count` messages for `address` have arrived; returns them. */
async function waitForMails(address, count = 1, timeout = 10000) {
  const started = Date.now();
  for (;;) {
    const got = mailsTo(address);
    if (got.length >= count) return got;
    if (Date.now() - started > timeout) assert.fail(`${got.length} of ${count} mails to ${address} within ${timeout} ms`);
    await sleep(100);
  }
}

/** Back up (Shift+Tab) to a field from the answer below it, and type into it. */
async function retype(page, name, text) {
  await tabTo(page, name, { back: true });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/** Back up to a button from the answer below it and press it. */
async function pressBack(page, name) {
  await tabTo(page, name, { back: true });
  await page.keyboard.press('Enter');
}

before(async () => {
  capture = await startCapture();
  w = await setup({
    env: {
      TRAFFPUNKT_MAIL_TRANSPORT: 'smtp',
      TRAFFPUNKT_MAIL_URL: `smtp://127.0.0.1:${capture.port}`,
      TRAFFPUNKT_MAIL_REQUIRE_TLS: 'false',
      TRAFFPUNKT_MAIL_POLL_INTERVAL_MS: '100',
      TRAFFPUNKT_MAIL_TIMEOUT_MS: '3000',
    },
  });
});
after(async () => {
  if (w) await w.close();
  if (capture) await capture.stop();
});

test('send me my link: the same answer for a known and an unknown address, the mailed link opens Mina träffar', { timeout: 60000 }, async () => {
  const c = await open(w, null, '#/me');
  const { page } = c;
  await page.locator('#lost-link').getByText('Har du ingen länk, eller har du tappat bort den?').waitFor();
  await axe(page, 'me without a link sv');
  await shot(page, 'mail-01-me-nolink-sv');
  await press(page, 'Få din länk mejlad');
  await settled(page, '/link');
  await page.getByRole('heading', { level: 1, name: 'Få din personliga länk mejlad' }).waitFor();
  await axe(page, 'send link sv');
  await shot(page, 'mail-02-sendlink-sv');

  // Not an address: said in Swedish, the server's English behind details.
  const fb = page.locator('#sendlink-feedback');
  await tabTo(page, 'E-post');
  await page.keyboard.type('inte-en-adress');
  await page.keyboard.press('Enter');
  await fb.getByText('E-postadressen ser inte ut att stämma.').waitFor();
  assert.equal(await fb.locator('details').getAttribute('open'), null);
  await shot(page, 'mail-03-sendlink-invalid-sv');

  // A known and an unknown address get the same answer (but for the address itself).
  await retype(page, 'E-post', 'erik.johansson@example.se');
  await page.keyboard.press('Enter');
  await fb.getByText('Om adressen erik.johansson@example.se finns hos oss har vi skickat en länk dit.', { exact: false }).waitFor();
  const known = (await fb.textContent()).replace('erik.johansson@example.se', 'X');
  const unknown = 'ingen.alls@example.se';
  await retype(page, 'E-post', unknown);
  await pressBack(page, 'Mejla min länk');
  await fb.getByText(`Om adressen ${unknown} finns hos oss`, { exact: false }).waitFor();
  assert.equal((await fb.textContent()).replace(unknown, 'X'), known);
  await axe(page, 'send link accepted sv');
  await shot(page, 'mail-04-sendlink-accepted-sv');

  // The known address got a link mail; the link opens Erik's Mina träffar in another browser.
  const [mail] = await waitForMails('erik.johansson@example.se');
  assert.equal(mail.language, 'sv');
  assert.ok(mail.link && mail.link.startsWith(`${w.server.base}/#/me?token=`), mail.text.slice(0, 400));
  const erik = await open(w, null, mail.link.slice(w.server.base.length + 1));
  await erik.page.getByText('Hej Erik Johansson!', { exact: false }).waitFor();
  assert.doesNotMatch(erik.page.url(), /token=/);
  await shot(erik.page, 'mail-05-link-followed-sv');
  await erik.close();

  // Three requests an hour for one address: the fourth is refused, said as such. The answer
  // reads the same each time, so each request is awaited by its answer arriving (the feedback
  // is replaced twice: "Skickar …", then the answer).
  await page.evaluate(() => {
    window.answers = 0;
    new MutationObserver(() => { window.answers += 1; }).observe(document.getElementById('sendlink-feedback'), { childList: true });
  });
  for (let i = 1; i <= 2; i += 1) {
    const seen = await page.evaluate(() => window.answers);
    await pressBack(page, 'Mejla min länk');
    await page.waitForFunction(n => window.answers >= n + 2, seen);
    await fb.getByText(`Om adressen ${unknown} finns hos oss`, { exact: false }).waitFor();
  }
  await pressBack(page, 'Mejla min länk');
  await fb.locator('.error').getByText('Länken har begärts för många gånger på kort tid', { exact: false }).waitFor();
  await fb.getByText('Försök igen om en timme, eller fråga din samordnare.', { exact: false }).waitFor();
  await axe(page, 'send link rate limited sv');
  await shot(page, 'mail-06-sendlink-rate-limited-sv');

  // In English too.
  await page.locator('#lang-switch').click();
  await settled(page, '/link');
  await page.getByRole('heading', { level: 1, name: 'Get your personal link by e-mail' }).waitFor();
  await axe(page, 'send link en');
  await shot(page, 'mail-07-sendlink-en');
  // The unknown address never got anything.
  assert.deepEqual(mailsTo(unknown), []);
  assert.deepEqual(c.errors, []);
  await c.close();
});

test('the language of my mail: chosen on Mina träffar, set by the coordinator on the person', { timeout: 60000 }, async () => {
  const olle = await w.person('Olle Olsson', 'olle.olsson@uddevalla.example.se', DEMO.uddevalla);
  await waitForMails('olle.olsson@uddevalla.example.se');  // the link person.create sends
  const c = await open(w, olle.token, '#/me');
  const { page } = c;
  const sec = page.locator('#my-language');
  assert.equal(await sec.getByLabel('Svenska').isChecked(), true);
  await sec.getByLabel('English').check();
  await sec.getByRole('button', { name: 'Spara språket' }).click();
  await page.locator('#language-feedback').getByText('Sparat. Dina mejl kommer på engelska.').waitFor();
  assert.equal((await w.coord.call('person.get', { person_id: olle.id })).person.language, 'en');
  await axe(page, 'me language saved sv');
  await shot(page, 'mail-08-me-language-sv');
  await c.close();

  // The coordinator mails Olle a new link: it comes in English.
  const p = await open(w, w.tokens.coordinator, '#/coordinate/people');
  await p.page.getByLabel('Sök', { exact: true }).fill('olle.olsson');
  await p.page.locator('#people-count').getByText('Visar 1–1 av 1 person').waitFor();
  await p.page.getByRole('button', { name: 'Mejla ny länk: Olle Olsson' }).click();
  await p.page.locator('#people-feedback').getByText('En ny personlig länk mejlas till Olle Olsson (olle.olsson@uddevalla.example.se).', { exact: false }).waitFor();
  const mails = await waitForMails('olle.olsson@uddevalla.example.se', 2);
  assert.equal(mails[1].language, 'en');
  assert.ok(mails[1].link);
  assert.notEqual(mails[1].link, mails[0].link);

  // And sets Swedish again on the person.
  await p.page.getByRole('button', { name: 'Ändra: Olle Olsson' }).click();
  const edit = p.page.locator('form[id^="edit-"]');
  assert.equal(await edit.getByLabel('Språk i mejl').inputValue(), 'en');
  await edit.getByLabel('Språk i mejl').selectOption('sv');
  await axe(p.page, 'people edit with language sv');
  await shot(p.page, 'mail-09-people-language-sv');
  await edit.getByRole('button', { name: 'Spara personen' }).click();
  await p.page.locator('#people-feedback').getByText('Olle Olsson är sparad.').waitFor();
  assert.equal((await w.coord.call('person.get', { person_id: olle.id })).person.language, 'sv');
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('a refused mail: the attendee list and the mail page show it with the reply; corrected and sent again', { timeout: 60000 }, async () => {
  // Someone whose address the mail server refuses, registered by the coordinator.
  const studs = await w.person('Studs Adress', BOUNCE, DEMO.kalmar);
  await w.coord.call('registration.create', { meeting_id: DEMO.hybrid, mode: 'remote', person_id: studs.id });
  for (let i = 0; i < 100; i += 1) {
    const failed = await w.coord.call('mail.list', { person_id: studs.id, status: 'failed' });
    if (failed.mails.length >= 2) break;
    await sleep(100);
  }

  // The attendee list in the facilitator console: the coordinator sees the failure.
  const c = await open(w, w.tokens.coordinator, `#/facilitate/${DEMO.hybrid}`);
  const { page } = c;
  const row = page.locator('table.checkin tr', { hasText: 'Studs Adress' });
  await row.locator('.mail-badge').getByText('Misslyckades').waitFor();
  await row.getByText('550 5.1.1', { exact: false }).waitFor();
  await axe(page, 'facilitate with mail column sv');
  await shot(page, 'mail-10-attendees-failed-sv');

  // The meeting's mail page: the refused confirmation with the server's reply.
  await page.getByRole('link', { name: 'Mejl till deltagarna' }).click();
  await settled(page, '/coordinate/mail');
  const failedSec = page.locator('#mail-failed');
  const item = failedSec.locator('.mail-item', { hasText: 'Bekräftelse till studs.adress@kalmar.example.se' });
  await item.getByText('Recipient address rejected', { exact: false }).waitFor();
  assert.equal(await page.getByLabel('Träff', { exact: true }).inputValue(), String(DEMO.hybrid));
  await page.locator('#mail-registrations tr', { hasText: 'Studs Adress' }).getByText('Misslyckades').waitFor();
  await axe(page, 'mail page sv');
  await shot(page, 'mail-11-mail-page-failed-sv');

  // Correct the address, then send the confirmation again and a new personal link.
  await w.coord.call('person.update', { person_id: studs.id, email: 'studs.ratt@kalmar.example.se' });
  await item.getByRole('button', { name: `Skicka igen: ${BOUNCE}` }).click();
  await page.locator('#mail-feedback').getByText('Ett nytt mejl till studs.ratt@kalmar.example.se ligger i kön.').waitFor();
  await item.getByRole('button', { name: `Skicka ny personlig länk: ${BOUNCE}` }).click();
  await page.locator('#mail-feedback').getByText('En ny personlig länk till studs.ratt@kalmar.example.se ligger i kön.', { exact: false }).waitFor();
  const arrived = await waitForMails('studs.ratt@kalmar.example.se', 2);
  assert.ok(arrived.some(m => m.link), 'the new personal link arrived');
  assert.ok(arrived.some(m => /ICS|text\/calendar/i.test(m.text)), 'the confirmation with its invitation arrived');
  // The page sees them sent by itself (it looks again while mails are queued).
  await page.locator('#mail-registrations tr', { hasText: 'Studs Adress' }).locator('.mail-badge').getByText('Skickat').waitFor({ timeout: 10000 });
  await page.locator('#mail-all .mail-item', { hasText: 'studs.ratt@kalmar.example.se' }).first().locator('.mail-badge').getByText('Skickat').waitFor({ timeout: 10000 });
  // The refused one stays listed (it did fail), saying that it went out again.
  await item.getByText('Skickat igen till studs.ratt@kalmar.example.se: skickat.').waitFor({ timeout: 10000 });
  await axe(page, 'mail page after resend sv');
  await shot(page, 'mail-12-mail-page-resent-sv');
  const linkMail = arrived.find(m => m.link);
  const s2 = await open(w, null, linkMail.link.slice(w.server.base.length + 1));
  await s2.page.getByText('Hej Studs Adress!', { exact: false }).waitFor();
  await s2.close();
  assert.deepEqual(c.errors, []);
  await c.close();

  for (const [lang, viewport, tag] of [['en', undefined, 'en'], ['sv', PHONE, 'mobile-sv']]) {
    const v = await open(w, w.tokens.coordinator, `#/coordinate/mail?meeting=${DEMO.hybrid}`, { lang, viewport });
    await v.page.locator('#mail-failed .mail-item').first().waitFor();
    await axe(v.page, `mail page ${tag}`);
    await shot(v.page, `mail-13-mail-page-${tag}`);
    await v.close();
  }
});

test('a facilitator sees no mail: no column, no mail request, the mail page is for coordinators', { timeout: 30000 }, async () => {
  const anna = await open(w, w.tokens.anna, '#/me');
  const sent = [];
  anna.page.on('websocket', ws => ws.on('framesent', f => sent.push(String(f.payload))));
  // A fresh load, so the page's own connection is the one watched.
  await anna.page.reload();
  await settled(anna.page);
  await go(anna.page, `#/facilitate/${DEMO.hybrid}`);
  await anna.page.locator('table.checkin').waitFor();
  assert.equal(await anna.page.locator('table.checkin th', { hasText: 'Senaste mejl' }).count(), 0);
  assert.equal(await anna.page.getByRole('link', { name: 'Mejl till deltagarna' }).count(), 0);
  assert.ok(sent.some(f => f.includes('"registration.list"')), 'the attendee list was asked for');
  assert.deepEqual(sent.filter(f => /"mail"\s*:\s*true|"mail\.list"/.test(f)), []);
  await go(anna.page, '#/coordinate/mail');
  await anna.page.getByText('Den här sidan är för nätverkets samordnare.', { exact: false }).waitFor();
  await axe(anna.page, 'mail page as facilitator');
  assert.deepEqual(anna.errors, []);
  await anna.close();
});

// Devices that joined through the poll link, seen and revoked from the facilitator console
// (issue 16 item 8): two phones open the link and 28 more devices join over the protocol (the
// devices are not who is under test); the facilitator sees them counted against the meeting's
// cap, pages through them, sees a vote change the counts without reloading, revokes one phone
// (its page says it was disconnected, the other phone keeps voting), learns when a device was
// revoked by someone else meanwhile, revokes all after a confirmation that says how many and
// that only a new link stops new joins, and rotates the link from there. English, a phone and
// 1280x800 pass axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, shot, axe, textIs, DEMO, PHONE, DESKTOP } from './pages.mjs';
import path from 'node:path';
import { api, SCREENSHOTS } from './harness.mjs';

let w;
const M = DEMO.hybrid;  // Anna facilitates it
let code;
let poll;
const wsDevices = [];  // {token, token_id, conn} of devices that joined over the protocol

before(async () => {
  w = await setup();
  code = (await w.coord.call('poll.link', { meeting_id: M })).code;
  poll = (await w.coord.call('poll.create', { meeting_id: M, kind: 'single', question: 'Fika nu?', options: ['Ja', 'Nej'], audience: 'link' })).poll;
  await w.coord.call('poll.open', { poll_id: poll.poll_id });
});
after(async () => {
  for (const d of wsDevices) d.conn.close();
  if (w) await w.close();
});

/** A device that joins through the link over the protocol and stays connected. */
async function wsDevice(joinCode = code) {
  const pub = await api(w.server.base);
  const r = await pub.call('audience.join', { code: joinCode });
  pub.close();
  const d = { token: r.token, token_id: r.token_id, conn: await api(w.server.base, r.token) };
  wsDevices.push(d);
  return d;
}

/** A phone that opens the poll link; returns it with its device's token id. */
async function phone() {
  const p = await open(w, null, `?join=${code}`, { viewport: PHONE });
  await p.page.locator(`main[data-route="/vote/${M}"]:not([aria-busy])`).waitFor();
  await p.page.getByRole('button', { name: 'Ja' }).waitFor();
  const token = await p.page.evaluate(m => localStorage.getItem(`traffpunkt.device.${m}`), M);
  const probe = await api(w.server.base);
  const who = await probe.call('auth', { token });
  probe.close();
  p.tokenId = Number(/(\d+)$/.exec(who.name)[1]);
  return p;
}

const fact = (page, id) => page.locator(`#devices-${id}`);

test('a facilitator sees the devices counted, pages through them, revokes one and then all', { timeout: 60000 }, async () => {
  const phone1 = await phone();
  const phone2 = await phone();
  await phone1.page.getByRole('button', { name: 'Ja' }).click();
  await phone1.page.locator('#vote-status').getByText('Tack! Din röst är mottagen.').waitFor();
  for (let i = 0; i < 28; i += 1) await wsDevice();
  await wsDevices[0].conn.call('poll.vote', { poll_id: poll.poll_id, ballot: { option: 2 } });

  const fac = await open(w, w.tokens.anna, `#/facilitate/${M}`);
  const { page } = fac;
  const panel = page.locator('#fac-devices');
  await panel.getByRole('heading', { name: 'Enheter' }).waitFor();
  await textIs(fact(page, 'joined'), '30');
  await textIs(fact(page, 'live'), /^30 av högst 20\s000$/);
  await textIs(fact(page, 'voted'), '2');
  await textIs(fact(page, 'revoked'), '0');
  // The same numbers as the server's own answer.
  const listed = await w.coord.call('audience.list', { meeting_id: M, limit: 1 });
  assert.deepEqual(listed.counts, { joined: 30, live: 30, voted: 2, revoked: 0 });
  await axe(page, 'console with devices panel sv');
  await shot(page, 'devices-01-console-counts-sv');

  // The list, a page at a time, in the order the devices joined.
  await panel.getByText('Visa enheterna').click();
  await textIs(page.locator('#devices-caption'), 'Visar 25 av 30 enheter');
  assert.equal(await page.locator('#devices-list tbody tr').count(), 25);
  await panel.getByRole('button', { name: 'Visa fler enheter' }).click();
  await textIs(page.locator('#devices-caption'), 'Visar 30 av 30 enheter');
  assert.equal(await panel.getByRole('button', { name: 'Visa fler enheter' }).count(), 0, 'no more pages');
  const ids = (await page.locator('#devices-list tbody tr').evaluateAll(rows => rows.map(r => Number(r.dataset.tokenId))));
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
  assert.ok(ids.includes(phone1.tokenId) && ids.includes(phone2.tokenId));
  assert.equal(await page.evaluate(() => document.activeElement.id), `device-${ids[25]}-pick`, 'focus goes on to the first new device');
  const row = id => page.locator(`#devices-list tr[data-token-id="${id}"]`);
  await textIs(row(phone1.tokenId).locator('td').nth(2), 'Ja');
  await textIs(row(phone2.tokenId).locator('td').nth(2), 'Nej');
  await textIs(row(phone2.tokenId).locator('td').nth(3), 'Aktiv');
  await axe(page, 'devices list sv');

  // A vote elsewhere shows here without a reload (the console re-reads after poll events).
  await wsDevices[1].conn.call('poll.vote', { poll_id: poll.poll_id, ballot: { option: 1 } });
  await textIs(fact(page, 'voted'), '3', 8000);
  await textIs(row(wsDevices[1].token_id).locator('td').nth(2), 'Ja');

  // Revoke phone 2: its page says it was disconnected; phone 1 goes on.
  await page.getByLabel(`Välj enhet ${phone2.tokenId}`, { exact: true }).check();
  await page.getByRole('button', { name: 'Koppla bort vald enhet (1)' }).click();
  await page.locator('#devices-feedback').getByText('1 enhet är bortkopplad.').waitFor();
  await textIs(row(phone2.tokenId).locator('td').nth(3), /^Bortkopplad \d\d:\d\d$/);
  await textIs(fact(page, 'revoked'), '1');
  await textIs(fact(page, 'live'), /^29 av högst/);
  assert.equal(await page.getByLabel(`Välj enhet ${phone2.tokenId}`, { exact: true }).isDisabled(), true);
  await shot(page, 'devices-02-one-revoked-sv');
  await phone2.page.locator('#vote-revoked').getByText('Den här enheten är bortkopplad från träffens omröstningar', { exact: false }).waitFor();
  assert.equal(await phone2.page.getByRole('button', { name: 'Ja' }).count(), 0, 'no vote buttons on a revoked device');
  assert.equal(await phone2.page.evaluate(m => localStorage.getItem(`traffpunkt.device.${m}`), M), null, 'the revoked token is dropped');
  await axe(phone2.page, 'revoked phone sv');
  await shot(phone2.page, 'devices-03-phone-revoked-sv');
  await phone1.page.getByText('Du röstar via omröstningslänken på den här enheten.').waitFor();
  assert.equal((await phone1.page.evaluate(() => document.body.innerText)).includes('bortkopplad'), false);

  // Revoked by someone else meanwhile: the console says that only some were revoked now.
  await page.getByLabel(`Välj enhet ${wsDevices[2].token_id}`, { exact: true }).check();
  await page.getByLabel(`Välj enhet ${wsDevices[3].token_id}`, { exact: true }).check();
  await w.coord.call('audience.revoke', { meeting_id: M, token_ids: [wsDevices[2].token_id] });
  await page.getByRole('button', { name: 'Koppla bort valda enheter (2)' }).click();
  await page.locator('#devices-feedback').getByText('1 av 2 valda enheter kopplades bort (de andra var redan bortkopplade).').waitFor();
  await textIs(fact(page, 'revoked'), '3');

  // Revoke all: the dialog says how many and that only a new link stops new joins.
  await page.getByRole('button', { name: 'Koppla bort alla enheter' }).click();
  const dialog = page.getByRole('dialog', { name: 'Koppla bort alla 27 enheter?' });
  await dialog.waitFor();
  await dialog.getByText('27 enheter kopplas bort på en gång, även de som har röstat.', { exact: false }).waitFor();
  await dialog.getByText('byt länk (”Byt länk” under Omröstningslänk)', { exact: false }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Avbryt', 'the safe button has focus');
  await axe(page, 'revoke-all dialog sv');
  await shot(page, 'devices-04-revoke-all-dialog-sv', { full: false });
  await dialog.getByRole('button', { name: 'Ja, koppla bort 27 enheter' }).click();
  await page.locator('#devices-feedback').getByText('27 enheter är bortkopplade. Länken fungerar fortfarande för nya enheter.').waitFor();
  await textIs(fact(page, 'revoked'), '30');
  await textIs(fact(page, 'live'), /^0 av högst/);
  assert.equal(await page.getByRole('button', { name: 'Koppla bort alla enheter' }).isDisabled(), true);
  await phone1.page.locator('#vote-revoked').waitFor();
  await assert.rejects(api(w.server.base, wsDevices[5].token), { code: 'unauthorized' });
  // The old link still lets a new device in, until it is rotated from here.
  const late = await wsDevice();
  await page.getByRole('button', { name: 'Uppdatera' }).click();
  await textIs(fact(page, 'joined'), '31');
  await page.locator('#devices-rotate-offer').getByText('omröstningslänken och koden fungerar fortfarande för nya enheter', { exact: false }).waitFor();
  await shot(page, 'devices-05-rotate-offer-sv');
  await panel.screenshot({ path: path.join(SCREENSHOTS, 'devices-05-rotate-offer-panel-sv.png') });
  await page.getByRole('button', { name: 'Byt länk nu' }).click();
  await page.getByRole('dialog', { name: 'Byta omröstningslänk?' }).getByRole('button', { name: 'Ja, byt länk' }).click();
  await page.locator('#link-feedback').getByText('Länken är bytt. Visa den nya. 1 enhet som inte hade röstat kopplades bort.').waitFor();
  assert.equal(await page.locator('#devices-rotate').count(), 0, 'no more offer to rotate once rotated');
  const newUrl = await page.locator('#join-url').inputValue();
  assert.notEqual(newUrl.split('join=')[1], code);
  await textIs(fact(page, 'revoked'), '31');
  await assert.rejects(api(w.server.base, late.token), { code: 'unauthorized' });
  const pub = await api(w.server.base);
  await assert.rejects(pub.call('audience.join', { code }), { code: 'invalid_invitation' });
  pub.close();
  await axe(page, 'console after revoking all sv');
  await shot(page, 'devices-06-link-rotated-sv');

  for (const c of [phone1, phone2, fac]) { assert.deepEqual(c.errors, []); await c.close(); }
});

test('the devices panel in English, on a phone and at 1280x800 passes axe-core', { timeout: 30000 }, async () => {
  const { code: fresh } = await w.coord.call('poll.link', { meeting_id: M });
  for (let i = 0; i < 3; i += 1) await wsDevice(fresh);
  for (const [lang, viewport, tag] of [['en', DESKTOP, 'en'], ['sv', PHONE, 'mobile-sv'], ['en', PHONE, 'mobile-en']]) {
    const c = await open(w, w.tokens.anna, `#/facilitate/${M}`, { lang, viewport });
    const panel = c.page.locator('#fac-devices');
    await panel.getByRole('heading', { name: lang === 'en' ? 'Devices' : 'Enheter' }).waitFor();
    await textIs(fact(c.page, 'joined'), '34');
    await panel.getByText(lang === 'en' ? 'Show the devices' : 'Visa enheterna').click();
    await textIs(c.page.locator('#devices-caption'), lang === 'en' ? 'Showing 25 of 34 devices' : 'Visar 25 av 34 enheter');
    await panel.scrollIntoViewIfNeeded();
    // Nothing wider than the window: the table scrolls inside its own region if it must.
    const overflow = await c.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow} px wider than the window (${tag})`);
    const sideways = await c.page.locator('#devices-list .table-wrap').evaluate(e => e.scrollWidth - e.clientWidth);
    assert.ok(sideways <= 0, `the table needs ${sideways} px more than its region (${tag})`);
    await axe(c.page, `devices panel ${tag}`);
    await panel.screenshot({ path: path.join(SCREENSHOTS, `devices-panel-${tag}.png`) });
    assert.deepEqual(c.errors, []);
    await c.close();
  }
});

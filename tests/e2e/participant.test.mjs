// The participant's story (issue 18): #/me lists meetings open for registration; the form says
// the seats in the room are full and offers the free online seats; a waitlisted registration
// looks different, says what happens next and offers "Lämna väntelistan"; cancelling asks
// first; the waitlisted person is promoted live in another browser; no check-in code for remote
// participants; an edit made while the server is down for 20 seconds shows "inte sparat", is
// kept across the reconnect and is saved when the server is back. Screens of each step.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, go, shot, axe, DEMO, PHONE } from './pages.mjs';
import { api } from './harness.mjs';

let w;
let small;  // a meeting with one seat in the room and online seats
const people = {};
before(async () => {
  w = await setup();
  const m = await w.coord.call('meeting.create', {
    network_id: 1, title: 'Studiebesök i Kalmar 2031', format: 'hybrid',
    starts_at: '2031-03-30T10:00:00+02:00', ends_at: '2031-03-30T15:00:00+02:00',
    venue: 'Kalmar slott', address: 'Kungsgatan 1, Kalmar', capacity_in_person: 1, capacity_remote: 50,
    online_url: 'https://meet.example.se/kalmar', description: 'En plats i lokalen, så att väntelistan syns.',
    contact_name: 'Lena Berg, SKR', contact_email: 'lena.berg@skr.example.se',
  });
  small = m.meeting.meeting_id;
  await w.coord.call('meeting.publish', { meeting_id: small });
  people.petra = await w.person('Petra Persson', 'petra@kalmar.example.se', DEMO.kalmar);
  people.olle = await w.person('Olle Olsson', 'olle@uddevalla.example.se', DEMO.uddevalla);
  people.greta = await w.person('Greta Gran', 'greta@orebro.example.se', DEMO.orebro);
});
after(async () => { if (w) await w.close(); });

test('register, the room is full, waitlist, leave it or be promoted live', { timeout: 90000 }, async () => {
  // #/me shows what one can still register for.
  const a = await open(w, people.petra.token, '#/me');
  const open1 = a.page.locator('#my-open');
  await open1.getByRole('link', { name: 'Anmäl dig: Studiebesök i Kalmar 2031' }).waitFor();
  await open1.getByRole('link', { name: 'Anmäl dig: Nätverksträff: medborgarbudget i praktiken' }).waitFor();
  await axe(a.page, 'me with open meetings sv');
  await shot(a.page, 'part-01-me-open-sv');
  await open1.getByRole('link', { name: 'Anmäl dig: Studiebesök i Kalmar 2031' }).click();
  await a.page.locator(`main[data-route="/meetings/${small}"]:not([aria-busy])`).waitFor();
  await a.page.getByText('Lena Berg, SKR').waitFor();
  await a.page.getByLabel('På plats – 1 plats kvar').check();
  await a.page.getByLabel('Specialkost (valfritt)').fill('Glutenfri');
  await a.page.getByRole('button', { name: 'Anmäl mig' }).click();
  await a.page.locator('#reg-state').getByText('Du är anmäld och har en plats på plats.').waitFor();
  assert.equal(await a.page.evaluate(() => document.activeElement.id), 'reg-state', 'focus moves to the result');
  await a.page.getByText('Din incheckningskod:').waitFor();
  await shot(a.page, 'part-02-registered-sv');

  // Olle, on a phone: the room is full; the form says so and offers the free online seats.
  const b = await open(w, people.olle.token, `#/meetings/${small}`, { viewport: PHONE });
  const form = b.page.locator('#register-form');
  await form.getByText('Platserna i lokalen är fulla. Det finns lediga digitala platser', { exact: false }).waitFor();
  await form.getByLabel('På plats – fullt, du hamnar på väntelistan').waitFor();
  assert.equal(await form.getByLabel('Digitalt – 50 platser kvar').isChecked(), true, 'the free online seat is chosen first');
  await axe(b.page, 'register form, room full, phone sv');
  await shot(b.page, 'part-03-full-offers-online-mobile-sv');
  // He wants the room anyway: the waitlist, which looks different and says what happens next.
  await form.getByLabel('På plats – fullt, du hamnar på väntelistan').check();
  await form.getByRole('button', { name: 'Anmäl mig' }).click();
  await b.page.locator('#reg-state').getByText('Du står på väntelistan (på plats), plats 1.').waitFor();
  const box = b.page.locator('.reg-box.waitlisted');
  await box.getByText('Blir en plats ledig får du den automatiskt', { exact: false }).waitFor();
  await box.getByText('Det finns lediga digitala platser.', { exact: false }).waitFor();
  await b.page.getByRole('button', { name: 'Lämna väntelistan' }).waitFor();
  assert.equal(await b.page.getByRole('button', { name: 'Avboka min plats' }).count(), 0);
  assert.equal(await b.page.getByText('Din incheckningskod:').count(), 0);
  await axe(b.page, 'waitlisted, phone sv');
  await shot(b.page, 'part-04-waitlisted-mobile-sv');
  await go(b.page, '#/me');
  await b.page.locator(`.meeting-card.waitlisted[data-meeting-id="${small}"]`).getByText('Väntelista').waitFor();
  await shot(b.page, 'part-05-me-waitlisted-mobile-sv');
  await go(b.page, `#/meetings/${small}`);

  // Petra cancels: asked first; "no" keeps the seat.
  await a.page.getByRole('button', { name: 'Avboka min plats' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'Avboka din plats?' });
  await dialog.getByText('Din plats på Studiebesök i Kalmar 2031 går till nästa person i kön.', { exact: false }).waitFor();
  await axe(a.page, 'cancel confirmation sv');
  await shot(a.page, 'part-06-cancel-confirm-sv', { full: false });
  await dialog.getByRole('button', { name: 'Nej, behåll min plats' }).click();
  assert.equal((await w.coord.call('registration.get', { meeting_id: small, person_id: people.petra.id })).registration.status, 'confirmed');
  await a.page.getByRole('button', { name: 'Avboka min plats' }).click();
  await dialog.getByRole('button', { name: 'Ja, avboka' }).click();
  await a.page.locator('#reg-status').getByText('Din anmälan är avbokad.').waitFor();
  // Olle is promoted at once, on his phone, without a reload.
  await b.page.locator('#reg-status').getByText('Du har fått en plats (på plats)! Din anmälan är bekräftad.').waitFor({ timeout: 3000 });
  await b.page.locator('.reg-box.confirmed #reg-state').getByText('Du är anmäld och har en plats på plats.').waitFor();
  await b.page.getByText('Din incheckningskod:').waitFor();
  await shot(b.page, 'part-07-promoted-mobile-sv');

  // Greta joins online: confirmed, and no check-in code (nobody checks her in at a door).
  const c = await open(w, people.greta.token, `#/meetings/${small}`);
  await c.page.getByLabel('Digitalt – 50 platser kvar').check();
  await c.page.getByRole('button', { name: 'Anmäl mig' }).click();
  await c.page.locator('#reg-state').getByText('Du är anmäld och deltar digitalt.').waitFor();
  assert.equal(await c.page.getByText('Din incheckningskod:').count(), 0);
  await c.page.getByRole('link', { name: 'https://meet.example.se/kalmar' }).waitFor();
  for (const x of [a, b, c]) { assert.deepEqual(x.errors, []); await x.close(); }

  // Leaving the waitlist: its own words, and asked first.
  const d = await open(w, people.petra.token, `#/meetings/${small}`);
  await d.page.getByLabel('På plats – fullt, du hamnar på väntelistan').check();
  await d.page.getByRole('button', { name: 'Anmäl mig' }).click();
  await d.page.locator('#reg-state').getByText('Du står på väntelistan (på plats), plats 1.').waitFor();
  await d.page.getByRole('button', { name: 'Lämna väntelistan' }).click();
  const leave = d.page.getByRole('dialog', { name: 'Lämna väntelistan?' });
  await leave.getByRole('button', { name: 'Lämna väntelistan' }).click();
  await d.page.locator('#reg-status').getByText('Du har lämnat väntelistan.').waitFor();
  await d.close();
});

test('an edit made while the server is down for 20 s is kept, shown as not saved, and saved after', { timeout: 120000 }, async () => {
  const p = await open(w, people.greta.token, `#/meetings/${small}`, { viewport: PHONE });
  const { page } = p;
  await page.locator('#change-form').waitFor();
  await page.getByLabel('Specialkost (valfritt)').fill('Vegetarisk');
  await w.server.halt();
  await page.locator('#connection-banner.offline').waitFor({ timeout: 10000 });
  // Typing goes on during the outage, then "Spara ändringar": not saved, and it says so.
  await page.getByLabel('Specialkost (valfritt)').fill('Vegetarisk, inga nötter');
  await page.getByLabel('Behov av tillgänglighet (valfritt)').fill('Hörslinga');
  await page.getByRole('button', { name: 'Spara ändringar' }).click();
  const unsaved = page.locator('#reg-unsaved');
  await unsaved.getByText('Inte sparat: ingen anslutning just nu.', { exact: false }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'reg-unsaved');
  await axe(page, 'offline, not saved, phone sv');
  await shot(page, 'part-08-offline-unsaved-mobile-sv');
  // The rest of the 20 seconds, then the server comes back (new epoch: a fresh snapshot).
  await page.waitForTimeout(16000);
  await w.server.start();
  // The test's own protocol connection went down with the server.
  w.coord.close();
  w.coord = await api(w.server.base, w.tokens.coordinator);
  await page.locator('#connection-banner.back').waitFor({ timeout: 15000 });
  await page.locator('#reg-status').getByText('Ändringarna är sparade.', { exact: false }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator('#reg-unsaved').count(), 0);
  assert.equal(await page.getByLabel('Specialkost (valfritt)').inputValue(), 'Vegetarisk, inga nötter');
  const saved = await w.coord.call('registration.get', { meeting_id: small, person_id: people.greta.id });
  assert.equal(saved.registration.dietary_needs, 'Vegetarisk, inga nötter');
  assert.equal(saved.registration.accessibility_needs, 'Hörslinga');
  await shot(page, 'part-09-saved-after-outage-mobile-sv');

  // Typed but not sent when the page reloads: still there, marked as not saved yet.
  await page.getByLabel('Specialkost (valfritt)').fill('Vegan');
  await page.reload();
  await page.locator('main:not([aria-busy])').waitFor();
  assert.equal(await page.getByLabel('Specialkost (valfritt)').inputValue(), 'Vegan');
  await page.locator('#change-unsaved').getByText('Inte sparat än: tryck på Spara ändringar.').waitFor();
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('the participant pages in English and on a phone pass axe-core', { timeout: 60000 }, async () => {
  for (const [lang, viewport, tag] of [['en', undefined, 'en'], ['en', PHONE, 'mobile-en'], ['sv', undefined, 'sv']]) {
    const c = await open(w, people.olle.token, `#/meetings/${small}`, { lang, viewport });
    await axe(c.page, `meeting, registered ${tag}`);
    await shot(c.page, `part-meeting-registered-${tag}`);
    await go(c.page, '#/me');
    await axe(c.page, `me ${tag}`);
    await shot(c.page, `part-me-${tag}`);
    await go(c.page, `#/meetings/${DEMO.digital}`);
    await axe(c.page, `meeting, register form ${tag}`);
    await shot(c.page, `part-meeting-form-${tag}`);
    await c.close();
  }
});

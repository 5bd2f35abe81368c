// The coordinator's story (issue 18): a meeting from nothing to published, with its agenda and a
// facilitator, edited after publishing (the page says what calendars will see change), the
// attendee list exported in Swedish, and cancelled behind a confirmation. Once with the mouse,
// once with the keyboard alone. Each step is screenshotted; axe-core checks each new state.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  setup, open, go, shot, axe, textIs, tabTo, typeInto, chooseOption, press, typeDateTime, typeTime,
  DEMO, PHONE,
} from './pages.mjs';

let w;
before(async () => { w = await setup(); });
after(async () => { if (w) await w.close(); });

test('a coordinator sets up a meeting from nothing to published, with agenda and facilitator', { timeout: 90000 }, async () => {
  const c = await open(w, w.tokens.coordinator, '#/coordinate');
  const { page } = c;
  await axe(page, 'coordinate sv');
  await shot(page, 'coord-01-overview-sv');

  // A new meeting.
  await page.getByRole('link', { name: 'Ny träff' }).click();
  await page.locator('main[data-route="/coordinate/meeting/new"]:not([aria-busy])').waitFor();
  await page.getByLabel('Titel').fill('Vårträff 2031: medborgarbudget i Kalmar');
  await page.getByLabel('Beskrivning').fill('Vi besöker Kalmar och lär oss av deras medborgarbudget.');
  await page.getByLabel('Mötesform').selectOption('hybrid');
  await page.getByLabel('Börjar (lokal tid i tidszonen)').fill('2031-05-20T10:00');
  await page.getByLabel('Slutar (lokal tid i tidszonen)').fill('2031-05-20T16:00');
  await page.getByLabel('Lokal', { exact: true }).fill('Kalmar slott');
  await page.getByLabel('Adress', { exact: true }).fill('Kungsgatan 1, Kalmar');
  await page.getByLabel('Länk för digitalt deltagande').fill('https://meet.example.se/kalmar-2031');
  await page.getByLabel('Platser i lokalen', { exact: true }).fill('30');
  await page.getByLabel('Digitala platser').fill('80');
  await page.getByLabel('Högst antal platser i lokalen per organisation').fill('3');
  await page.getByLabel('Anmälan öppnar').fill('2030-01-01T08:00');
  await page.getByLabel('Sista anmälningsdag').fill('2031-05-13T23:59');
  await page.getByLabel('Kontaktperson', { exact: true }).fill('Lena Berg, SKR');
  await page.getByLabel('Kontaktpersonens e-post').fill('lena.berg@skr.example.se');
  await page.getByLabel('Kostnad').fill('Lunch ingår.');
  await axe(page, 'meeting editor (new) sv');
  await shot(page, 'coord-02-new-meeting-sv');
  await page.getByRole('button', { name: 'Skapa träffen' }).click();
  await page.locator('#meeting-feedback').getByText('Träffen är skapad som utkast.').waitFor();
  const meetingId = Number(/meeting\/(\d+)/.exec(page.url())[1]);
  const created = await w.coord.call('meeting.get', { meeting_id: meetingId });
  assert.equal(created.meeting.status, 'draft');
  assert.equal(created.meeting.starts_at, '2031-05-20T08:00:00Z');
  assert.equal(created.meeting.capacity_in_person, 30);
  assert.equal(created.meeting.in_person_quota_per_org, 3);
  assert.equal(created.meeting.registration_closes, '2031-05-13T21:59:00Z');
  assert.equal(created.meeting.contact_email, 'lena.berg@skr.example.se');

  // Its facilitator: Anna, found by name.
  await page.getByLabel('Sök person att lägga till').fill('anna');
  await page.getByRole('button', { name: 'Sök', exact: true }).click();
  await page.getByRole('button', { name: 'Gör till mötesledare: Anna Lindqvist' }).click();
  await page.locator('#facilitators-feedback').getByText('Anna Lindqvist är mötesledare för träffen').waitFor();
  await page.locator('#facilitator-list').getByText('Anna Lindqvist', { exact: true }).waitFor();

  // The agenda: two items that overlap, the warning shown at both, then fixed and reordered.
  const add = async (title, kind, time, minutes) => {
    const form = page.locator('#ai-new-form');
    await form.getByLabel('Rubrik').fill(title);
    await form.getByLabel('Typ').selectOption(kind);
    await form.getByLabel('Börjar').fill(time);
    await form.getByLabel('Längd (minuter)').fill(String(minutes));
    await form.getByRole('button', { name: 'Lägg till punkten' }).click();
    await page.locator('#agenda-feedback').getByText(`”${title}” är tillagd i programmet.`).waitFor();
  };
  await add('Välkommen till Kalmar', 'talk', '10:00', 30);
  await add('Workshop: våra förslag', 'workshop', '10:15', 60);
  await add('Lunch', 'break', '12:00', 60);
  const items = page.locator('#agenda-editor-list li.agenda-edit-item');
  await items.nth(1).getByText('Krockar i tid med ”Välkommen till Kalmar”.').waitFor();
  await items.nth(0).getByText('Krockar i tid med ”Workshop: våra förslag”.').waitFor();
  await axe(page, 'meeting editor with overlap warning sv');
  await shot(page, 'coord-03-agenda-overlap-sv');
  await page.getByRole('button', { name: 'Ändra: Workshop: våra förslag' }).click();
  await page.locator('#agenda-editor-list form').getByLabel('Börjar').fill('10:30');
  await page.getByRole('button', { name: 'Spara punkten' }).click();
  await page.locator('#agenda-feedback').getByText('”Workshop: våra förslag” är sparad.').waitFor();
  assert.equal(await page.locator('#agenda-editor-list .warning').count(), 0);
  await page.getByRole('button', { name: 'Flytta upp: Lunch' }).click();
  await page.locator('#agenda-feedback').getByText('”Lunch” är nu punkt 2.').waitFor();
  // Out of order now: said at the item.
  await items.nth(2).getByText('Börjar före punkten innan', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Flytta ner: Lunch' }).click();
  await page.locator('#agenda-feedback').getByText('”Lunch” är nu punkt 3.').waitFor();
  const agenda = await w.coord.call('agenda.get', { meeting_id: meetingId });
  assert.deepEqual(agenda.agenda.items.map(i => i.title), ['Välkommen till Kalmar', 'Workshop: våra förslag', 'Lunch']);
  assert.deepEqual(agenda.agenda.warnings, []);

  // Publish.
  await page.getByRole('button', { name: 'Publicera träffen' }).click();
  await page.locator('#publish-feedback').getByText('Träffen är publicerad.').waitFor();
  await shot(page, 'coord-04-published-sv');

  // After publishing, the form says what participants and calendars will see change.
  await page.getByLabel('Börjar (lokal tid i tidszonen)').fill('2031-05-20T10:30');
  await page.getByLabel('Platser i lokalen', { exact: true }).fill('35');
  const changes = page.locator('#m-changes');
  await changes.getByText('Det här ändras för deltagare och i prenumererade kalendrar när du sparar:').waitFor();
  await changes.getByText('Tid:', { exact: false }).waitFor();
  await changes.getByText('Det här ändras på träffens sida:').waitFor();
  await changes.getByText('Platser i lokalen:', { exact: false }).waitFor();
  await axe(page, 'meeting editor, changes after publishing sv');
  await shot(page, 'coord-05-edit-published-sv');
  await page.getByRole('button', { name: 'Spara ändringar' }).click();
  await page.locator('#meeting-feedback').getByText('Ändringarna är sparade. Deltagarna ser dem direkt', { exact: false }).waitFor();
  const moved = await w.coord.call('meeting.get', { meeting_id: meetingId });
  assert.equal(moved.meeting.starts_at, '2031-05-20T08:30:00Z');
  assert.equal(moved.meeting.sequence, 1, 'a change calendars show: SEQUENCE grew');

  // Someone registers; the attendee list comes in Swedish, named after the meeting.
  const kalle = await w.person('Kalle Karlsson', 'kalle.k@kalmar.example.se', DEMO.kalmar, 'elected');
  await w.coord.call('registration.create', { meeting_id: meetingId, mode: 'in_person', person_id: kalle.id, dietary_needs: 'Vegetarisk' });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner deltagarlistan (svenska)' }).click()]);
  assert.equal(download.suggestedFilename(), '2031-05-20 Vårträff 2031 medborgarbudget i Kalmar - deltagare.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^\uFEFFNamn;Organisation;Roll;Deltagande;Status;Plats i kön;E-post;Specialkost;Tillgänglighet;Incheckad\r\n/);
  assert.match(csv, /Kalle Karlsson;Kalmar kommun;förtroendevald;på plats;bekräftad;;kalle\.k@kalmar\.example\.se;Vegetarisk;;\r\n/);
  await page.locator('#export-feedback').getByText('Hämtad: 2031-05-20 Vårträff 2031 medborgarbudget i Kalmar - deltagare.csv').waitFor();

  // The facilitator sees it under "Träffar jag leder" and reaches the console from there.
  const anna = await open(w, w.tokens.anna, '#/me');
  const lead = anna.page.locator('#my-lead');
  await lead.getByRole('link', { name: 'Led träffen: Vårträff 2031: medborgarbudget i Kalmar' }).click();
  await anna.page.locator(`main[data-route="/facilitate/${meetingId}"]:not([aria-busy])`).waitFor();
  await anna.page.getByRole('heading', { name: 'Led: Vårträff 2031: medborgarbudget i Kalmar' }).waitFor();
  await anna.close();

  // Cancelling asks first and says how many people it concerns; "no" keeps the meeting.
  await page.getByRole('button', { name: 'Ställ in träffen …' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ställa in Vårträff 2031: medborgarbudget i Kalmar?' });
  await dialog.getByText('1 anmäld person ser att träffen är inställd', { exact: false }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Nej, behåll träffen');
  await axe(page, 'cancel confirmation sv');
  await shot(page, 'coord-06-cancel-confirm-sv', { full: false });
  await dialog.getByRole('button', { name: 'Nej, behåll träffen' }).click();
  assert.equal((await w.coord.call('meeting.get', { meeting_id: meetingId })).meeting.status, 'published');
  await page.getByRole('button', { name: 'Ställ in träffen …' }).click();
  await dialog.getByRole('button', { name: 'Ja, ställ in träffen' }).click();
  await page.locator('#cancel-feedback').getByText('Träffen är inställd.').waitFor();
  assert.equal((await w.coord.call('meeting.get', { meeting_id: meetingId })).meeting.status, 'cancelled');
  await shot(page, 'coord-07-cancelled-sv');
  assert.deepEqual(c.errors, []);
  await c.close();
});

test('keyboard only: a coordinator makes and publishes a meeting with an agenda item and a facilitator', { timeout: 90000 }, async () => {
  const c = await open(w, w.tokens.coordinator, '#/coordinate');
  const { page } = c;
  await press(page, 'Ny träff');
  await page.locator('main[data-route="/coordinate/meeting/new"]:not([aria-busy])').waitFor();
  await typeInto(page, 'Titel', 'Höstträff med tangentbordet');
  await chooseOption(page, 'Mötesform', 'På plats och digitalt');
  await typeDateTime(page, 'Börjar (lokal tid i tidszonen)', '2031-09-10T13:00');
  await typeDateTime(page, 'Slutar (lokal tid i tidszonen)', '2031-09-10T16:00');
  await typeInto(page, 'Lokal', 'Örebro slott');
  await typeInto(page, 'Platser i lokalen', '25');
  await press(page, 'Skapa träffen');
  await page.locator('#meeting-feedback').getByText('Träffen är skapad som utkast.').waitFor();
  const meetingId = Number(/meeting\/(\d+)/.exec(page.url())[1]);
  const m = (await w.coord.call('meeting.get', { meeting_id: meetingId })).meeting;
  assert.equal(m.starts_at, '2031-09-10T11:00:00Z');
  assert.equal(m.venue, 'Örebro slott');

  await typeInto(page, 'Sök person att lägga till', 'Erik');
  await page.keyboard.press('Enter');
  // Focus moves to the first result's button.
  await page.waitForFunction(() => document.activeElement && document.activeElement.getAttribute('aria-label') === 'Gör till mötesledare: Erik Johansson');
  await page.keyboard.press('Enter');
  await page.locator('#facilitator-list').getByText('Erik Johansson', { exact: true }).waitFor();

  await typeInto(page, 'Rubrik', 'Inledning');
  await chooseOption(page, 'Typ', 'Föredrag');
  await typeTime(page, 'Börjar', '13:00');
  await typeInto(page, 'Längd (minuter)', '20');
  await page.keyboard.press('Enter');
  await page.locator('#agenda-feedback').getByText('”Inledning” är tillagd i programmet.').waitFor();
  // Back up the page to the publish button (Shift+Tab).
  await tabTo(page, 'Publicera träffen', { back: true });
  await page.keyboard.press('Enter');
  await page.locator('#publish-feedback').getByText('Träffen är publicerad.').waitFor();
  // The feedback took focus, so the keyboard user is where the answer is.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'publish-feedback');
  const done = await w.coord.call('meeting.get', { meeting_id: meetingId });
  assert.equal(done.meeting.status, 'published');
  assert.deepEqual(done.facilitators.map(p => p.name), ['Erik Johansson']);
  const agenda = await w.coord.call('agenda.get', { meeting_id: meetingId });
  assert.equal(agenda.agenda.items[0].starts_at, '2031-09-10T11:00:00Z');
  await shot(page, 'coord-08-keyboard-done-sv');
  assert.deepEqual(c.errors, []);
  await c.close();
});

test('the coordinator pages in English and on a phone pass axe-core', { timeout: 60000 }, async () => {
  for (const [lang, viewport, tag] of [['en', undefined, 'en'], ['sv', PHONE, 'mobile-sv'], ['en', PHONE, 'mobile-en']]) {
    const c = await open(w, w.tokens.coordinator, '#/coordinate', { lang, viewport });
    await axe(c.page, `coordinate ${tag}`);
    await shot(c.page, `coord-overview-${tag}`);
    for (const route of [`#/coordinate/meeting/${DEMO.hybrid}`, '#/coordinate/meeting/new']) {
      await go(c.page, route);
      await axe(c.page, `${route} ${tag}`);
      await shot(c.page, `coord-editor${route.endsWith('new') ? '-new' : ''}-${tag}`);
    }
    if (lang === 'en') {
      await go(c.page, `#/coordinate/meeting/${DEMO.hybrid}`);
      await c.page.getByRole('button', { name: 'Cancel the meeting …' }).click();
      await c.page.getByRole('dialog').getByText('Nobody is registered yet.').waitFor();
      await axe(c.page, `cancel dialog ${tag}`);
      await c.page.keyboard.press('Escape');
      assert.equal(await c.page.getByRole('dialog').count(), 0);
    }
    assert.deepEqual(c.errors, []);
    await c.close();
  }
});

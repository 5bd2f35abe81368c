// Browser tests of the web client (issue 7): registration with waitlist promotion, live polls,
// the agenda's "now" marker, axe-core (WCAG 2.1 A/AA) on every page in Swedish and English,
// keyboard-only reach of every control, and screenshots of each page for review.
//
// Run: node --test tests/e2e/ (CTest passes TRAFFPUNKT_SERVER and TRAFFPUNKT_SCREENSHOTS).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startServer, api, launchBrowser, newContext, SCREENSHOTS } from './harness.mjs';

const KICKOFF = 1;  // the demo network's kickoff; Anna Lindqvist (person 1) facilitates it
let server;
let browser;
let coord;
const tokens = {};
let smallMeeting;   // a future meeting with one seat, for the waitlist
let pbPoll;         // the knapsack PB poll on the kickoff (open; axe sees it on the vote page)

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startServer();
  tokens.coordinator = server.token('--role', 'coordinator', '--name', 'e2e');
  tokens.anna = server.token('--role', 'participant', '--person', '1', '--name', 'e2e-anna');
  coord = await api(server.base, tokens.coordinator);
  const people = [['Petra Persson', 'petra@kalmar.example.se', 1], ['Olle Olsson', 'olle@uddevalla.example.se', 2],
    ['Greta Gran', 'greta@orebro.example.se', 3]];
  for (const [name, email, org] of people) {
    const r = await coord.call('person.create', { name, email, organisation_id: org, role: 'official' });
    tokens[name.split(' ')[0].toLowerCase()] = r.token;
    tokens[`${name.split(' ')[0].toLowerCase()}_id`] = r.person.person_id;
  }
  // The demo kickoff's registration closed in 2022: the coordinator registers the voters (staff
  // may register outside the window). The waitlist needs a meeting that has not started, since
  // nobody is promoted once a meeting has begun: a future kickoff with a single seat.
  for (const who of ['petra', 'olle']) {
    await coord.call('registration.create', { meeting_id: KICKOFF, mode: 'remote', person_id: tokens[`${who}_id`] });
  }
  const m = await coord.call('meeting.create', {
    network_id: 1, title: 'Uppstartsträff 2031: medborgarbudget', format: 'in_person',
    starts_at: '2031-03-30T10:00:00+02:00', ends_at: '2031-03-30T15:00:00+02:00',
    venue: 'Kalmar slott', address: 'Kungsgatan 1, Kalmar', capacity_in_person: 1, capacity_remote: 0,
    description: 'En träff med en enda plats, så att väntelistan syns.',
  });
  smallMeeting = m.meeting.meeting_id;
  await coord.call('meeting.publish', { meeting_id: smallMeeting });
  browser = await launchBrowser();
});

after(async () => {
  if (coord) coord.close();
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function open(token, route, opts = {}) {
  const context = await newContext(browser, { token, ...opts });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await page.goto(`${server.base}/${route}`);
  await page.locator('h1').first().waitFor();
  return { context, page, errors };
}

/** The page has its data: the connection is up and the sections are filled in. */
async function settled(page) {
  await page.locator('main:not([aria-busy])').waitFor({ timeout: 10000 });
  await page.waitForTimeout(150);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

test('register, cancel, and the waitlisted person is promoted in another browser', { timeout: 60000 }, async () => {
  const a = await open(tokens.petra, `#/meetings/${smallMeeting}`);
  const b = await open(tokens.olle, `#/meetings/${smallMeeting}`);
  await a.page.getByRole('button', { name: 'Anmäl mig' }).click();
  await a.page.getByText('Du är anmäld och har en plats på plats.').first().waitFor();
  await shot(a.page, 'meeting-registered-sv');
  // The second person gets the waitlist; the seat count updated on both screens without reload.
  await b.page.locator('#seats').getByText('1 av 1 platser tagna').waitFor();
  await b.page.getByRole('button', { name: 'Anmäl mig' }).click();
  await b.page.locator('#reg-state').getByText('Du står på väntelistan (på plats), plats 1.').waitFor();
  await a.page.locator('#seats').getByText('1 på väntelistan').waitFor();
  await shot(b.page, 'meeting-waitlisted-sv');
  await a.page.getByRole('button', { name: 'Avboka min plats' }).click();
  await a.page.getByText('Din anmälan är avbokad.').waitFor();
  await a.page.getByRole('button', { name: 'Anmäl mig' }).waitFor();
  await b.page.locator('#reg-status').getByText('Du har fått en plats (på plats)! Din anmälan är bekräftad.').waitFor({ timeout: 2000 });
  await b.page.locator('#reg-state').getByText('Du är anmäld och har en plats på plats.').waitFor();
  await shot(b.page, 'meeting-promoted-sv');
  // My meetings shows it too.
  await b.page.goto(`${server.base}/#/me`);
  await b.page.locator('.meeting-card').getByText('Uppstartsträff 2031: medborgarbudget').waitFor();
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});

test('a facilitator opens a poll; two participants vote; all three see the results live', { timeout: 60000 }, async () => {
  const fac = await open(tokens.anna, `#/facilitate/${KICKOFF}`);
  const p1 = await open(tokens.petra, `#/vote/${KICKOFF}`);
  const p2 = await open(tokens.olle, `#/vote/${KICKOFF}`, { viewport: { width: 360, height: 740 } });
  await p1.page.getByText('Ingen omröstning är öppen just nu.', { exact: false }).waitFor();
  await fac.page.getByLabel('Fråga').fill('Ska nätverket ses i Malmö i vår?');
  await fac.page.getByLabel('Alternativ', { exact: true }).fill('Ja\nNej\nVet inte');
  await fac.page.getByRole('button', { name: 'Skapa omröstning' }).click();
  await fac.page.getByRole('button', { name: 'Öppna: Ska nätverket ses i Malmö i vår?' }).click();
  // The poll appears on both phones without a reload.
  for (const p of [p1, p2]) await p.page.getByRole('button', { name: 'Ja' }).waitFor({ timeout: 2000 });
  await shot(p2.page, 'vote-open-mobile-sv');

  const countOf = (page, label) => page.locator('.results-table tbody tr').filter({ has: page.locator('th', { hasText: label }) }).locator('td').first();
  await p1.page.getByRole('button', { name: 'Ja' }).click();
  await p1.page.locator('#vote-status').getByText('Tack! Din röst är mottagen.').waitFor();
  for (const p of [fac, p1, p2]) await assertText(countOf(p.page, 'Ja'), '1', 1000);
  await p2.page.getByRole('button', { name: 'Nej' }).click();
  await p2.page.locator('#vote-status').getByText('Tack! Din röst är mottagen.').waitFor();
  for (const p of [fac, p1, p2]) {
    await assertText(countOf(p.page, 'Nej'), '1', 1000);
    await assertText(countOf(p.page, 'Ja'), '1', 1000);
  }
  await shot(p1.page, 'vote-results-sv');
  await shot(p2.page, 'vote-results-mobile-sv');
  await shot(fac.page, 'facilitate-sv');
  await fac.page.getByRole('button', { name: 'Storbildsläge' }).click();
  await shot(fac.page, 'facilitate-projector-sv');
  await fac.page.getByRole('button', { name: 'Storbildsläge' }).click();
  assert.deepEqual([...fac.errors, ...p1.errors, ...p2.errors], []);
  for (const c of [fac, p1, p2]) await c.context.close();
});

// The facilitator console makes the plain kinds; a PB poll is set up over the protocol.
test('participatory budgeting: a knapsack ballot over the budget cannot be sent; the outcome is shown', { timeout: 60000 }, async () => {
  const created = await coord.call('poll.create', {
    meeting_id: KICKOFF, kind: 'pb', question: 'Vilka projekt ska nätverkets pott räcka till?', anonymous: false,
    pb: { budget: 100000, ballot: 'knapsack', projects: [
      { title: 'Lekplats i Kvarnholmen', cost: 60000, description: 'Ny lekplats med gungor och sandlåda.' },
      { title: 'Belysning längs ån', cost: 50000 },
      { title: 'Bänkar i stadsparken', cost: 30000 },
    ] },
  });
  pbPoll = created.poll.poll_id;
  await coord.call('poll.open', { poll_id: pbPoll });
  const p = await open(tokens.olle, `#/vote/${KICKOFF}`, { viewport: { width: 360, height: 740 } });
  const sec = p.page.locator(`section[data-poll-id="${pbPoll}"]`);
  const box = title => sec.getByRole('checkbox', { name: title });
  await box('Lekplats i Kvarnholmen').waitFor();
  assert.match(await sec.locator('.pb-project').nth(0).textContent(), /Lekplats i Kvarnholmen\s*Kostnad: 60\s000\s*kr\s*Ny lekplats med gungor och sandlåda\./);
  assert.match(await sec.locator('legend').textContent(), /högst 100\s000\s*kr/);
  const budget = p.page.locator(`#poll-${pbPoll}-budget`);
  assert.equal(await budget.getAttribute('aria-live'), 'polite');
  const submit = sec.getByRole('button', { name: 'Skicka min röst' });

  // 60 000 + 50 000 is over the budget: the message says by how much, and the vote cannot be sent.
  await box('Lekplats i Kvarnholmen').check();
  await box('Belysning längs ån').check();
  await budget.getByText('Över budgeten med', { exact: false }).waitFor({ timeout: 1000 });
  assert.match(await budget.textContent(), /Valt: 110\s000\s*kr av 100\s000\s*kr\..*Över budgeten med 10\s000\s*kr/);
  assert.equal(await submit.isDisabled(), true);
  await shot(p.page, 'vote-pb-over-mobile-sv');

  // 60 000 + 30 000 fits.
  await box('Belysning längs ån').uncheck();
  await box('Bänkar i stadsparken').check();
  assert.match(await budget.textContent(), /^Valt: 90\s000\s*kr av 100\s000\s*kr\. Kvar: 10\s000\s*kr\.$/);
  assert.equal(await submit.isDisabled(), false);
  await submit.click();
  await p.page.locator('#vote-status').getByText('Tack! Din röst är mottagen.').waitFor();

  // The server counted it, and the page shows the support and both outcomes as tables.
  const res = await coord.call('poll.results', { poll_id: pbPoll });
  const support = Object.fromEntries(res.results.pb.support.map(x => [x.project_id, x.support]));
  assert.deepEqual(support, { 1: 1, 2: 0, 3: 1 });
  assert.deepEqual(res.results.pb.equal_shares.funded.map(f => f.project_id).sort(), [1, 3]);
  const supportOf = title => sec.locator('table.pb-support tbody tr').filter({ has: p.page.locator('th', { hasText: title }) }).locator('td').nth(1);
  await assertText(supportOf('Lekplats i Kvarnholmen'), '1', 2000);
  await assertText(supportOf('Bänkar i stadsparken'), '1', 1000);
  await assertText(supportOf('Belysning längs ån'), '0', 1000);
  // The plain summary first, then every project with why not, then the rule's numbers.
  await sec.getByText('Dessa projekt får pengar: Lekplats i Kvarnholmen och Bänkar i stadsparken.', { exact: false }).waitFor();
  assert.match(await sec.locator('.pb-summary').textContent(), /De kostar 90\s000\s*kr av 100\s000\s*kr\..*1 av 1 röstande \(100 %\) får minst ett projekt/);
  const whyNot = sec.locator('table.pb-projects tbody tr').filter({ has: p.page.locator('th', { hasText: 'Belysning längs ån' }) }).locator('td').nth(3);
  assert.equal(await whyNot.textContent(), 'Ingen röstade på det');
  const es = sec.locator('table.pb-funded[data-rule="equal_shares"] tbody th');
  assert.deepEqual((await es.allTextContents()).sort(), ['Bänkar i stadsparken', 'Lekplats i Kvarnholmen']);
  await sec.getByText('Mest stöd först jämfört med lika andelar', { exact: true }).waitFor();
  await shot(p.page, 'vote-pb-results-mobile-sv');
  assert.deepEqual(p.errors, []);
  await p.context.close();
});

async function assertText(locator, text, timeout) {
  const started = Date.now();
  while (Date.now() - started < timeout) {
    if ((await locator.textContent({ timeout }).catch(() => null)) === text) return;
    await new Promise(r => setTimeout(r, 25));
  }
  assert.equal(await locator.textContent({ timeout: 100 }).catch(() => null), text, `not "${text}" within ${timeout} ms`);
}

test("the agenda's now marker moves on a participant's screen", { timeout: 60000 }, async () => {
  const fac = await open(tokens.anna, `#/facilitate/${KICKOFF}`);
  const viewer = await open(null, `#/meetings/${KICKOFF}`);
  const current = viewer.page.locator('li.agenda-item[aria-current="step"]');
  await fac.page.getByRole('button', { name: 'Markera som pågående: Lunch' }).click();
  await assertText(current.locator('.agenda-title'), 'Lunch', 1000);
  await viewer.page.locator('#agenda-now').getByText('Pågår nu: Lunch').waitFor();
  await fac.page.getByRole('button', { name: 'Markera som pågående: Fika' }).click();
  await assertText(current.locator('.agenda-title'), 'Fika', 1000);
  await shot(viewer.page, 'meeting-now-sv');
  await fac.page.getByRole('button', { name: 'Avsluta punkten' }).click();
  await viewer.page.locator('#agenda-now').getByText('Just avslutad: Fika').waitFor();
  assert.deepEqual([...fac.errors, ...viewer.errors], []);
  await fac.context.close();
  await viewer.context.close();
});

// Every page, as the person who would use it.
const PAGES = [
  ['network', null, '#/network/1'],
  ['meeting-public', null, `#/meetings/${KICKOFF}`],
  ['meeting-participant', 'petra', () => `#/meetings/${smallMeeting}`],
  ['me', 'olle', '#/me'],
  ['me-signed-out', null, '#/me'],
  ['vote', 'petra', `#/vote/${KICKOFF}`],
  ['facilitate', 'anna', `#/facilitate/${KICKOFF}`],
  ['coordinate', 'coordinator', '#/coordinate'],
];

/** Shows `route` in an open page without a reload (as a click on a link would). */
async function go(page, route) {
  const path = route.replace(/^#/, '').split('?')[0];
  await page.evaluate((r) => { location.hash = r; }, route);
  await page.locator(`main[data-route="${path}"]:not([aria-busy])`).waitFor({ timeout: 10000 });
  await page.waitForTimeout(150);
}

// Both languages side by side (two browser contexts at once), to keep the suite short.
test('axe-core finds no WCAG 2.1 A/AA violations on any page, in Swedish and English', { timeout: 120000 }, async () => {
  await Promise.all(['sv', 'en'].map(async (lang) => {
    // One browser context per person; the pages follow each other by hash, as in use.
    const byPerson = new Map();
    for (const [name, who, route] of PAGES) {
      if (!byPerson.has(who)) byPerson.set(who, []);
      byPerson.get(who).push([name, typeof route === 'function' ? route() : route]);
    }
    for (const [who, pages] of byPerson) {
      const c = await open(who ? tokens[who] : null, '#/', { lang });
      for (const [name, route] of pages) {
        await go(c.page, route);
        assert.equal(await c.page.getAttribute('html', 'lang'), lang);
        const result = await new AxeBuilder({ page: c.page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).options({ resultTypes: ['violations'] }).analyze();
        const summary = result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
        assert.deepEqual(summary, [], `${name} (${lang})`);
        // The vote page holds the PB ballot and its results too, once that test has made them.
        if (name === 'vote' && pbPoll) assert.equal(await c.page.locator(`#poll-${pbPoll}-form`).count(), 1);
        await shot(c.page, `${name}-${lang}`);
      }
      assert.deepEqual(c.errors, [], `${who} (${lang})`);
      await c.context.close();
    }
  }));
});

test('keyboard only: Tab reaches every control on every page', { timeout: 90000 }, async () => {
  for (const [name, who, route] of PAGES) {
    const c = await open(who ? tokens[who] : null, typeof route === 'function' ? route() : route);
    await settled(c.page);
    // Number the controls; a radio group is one stop (arrow keys move inside it).
    const total = await c.page.evaluate(() => {
      const sel = 'a[href], button, input, select, textarea, [tabindex="0"]';
      const seenGroups = new Set();
      let n = 0;
      for (const el of document.querySelectorAll(sel)) {
        if (el.disabled || el.closest('[hidden]') || !(el.offsetWidth || el.offsetHeight || el.getClientRects().length)) continue;
        if (el.type === 'radio') {
          if (seenGroups.has(el.name)) { el.dataset.kb = [...seenGroups].indexOf(el.name) + 10000; continue; }
          seenGroups.add(el.name);
          el.dataset.kb = [...seenGroups].indexOf(el.name) + 10000;
          continue;
        }
        el.dataset.kb = String(n++);
      }
      return n + seenGroups.size;
    });
    const reached = new Set();
    // From the top of the document (the skip link comes first). Date inputs have a stop per
    // part, hence the generous bound; stop once every control was reached.
    await c.page.evaluate(() => {
      document.activeElement && document.activeElement.blur();
      window.kbReached = new Set();
      document.addEventListener('focusin', (e) => { if (e.target.dataset.kb) window.kbReached.add(e.target.dataset.kb); });
    });
    for (let i = 0; i < total * 4 + 20; i += 10) {
      for (let k = 0; k < 10; k += 1) await c.page.keyboard.press('Tab');
      if (await c.page.evaluate(n => window.kbReached.size >= n, total)) break;
    }
    for (const kb of await c.page.evaluate(() => [...window.kbReached])) reached.add(kb);
    const missing = await c.page.evaluate((got) => [...document.querySelectorAll('[data-kb]')]
      .filter(el => !got.includes(el.dataset.kb)).map(el => `${el.tagName.toLowerCase()}#${el.id} "${(el.textContent || el.name || '').trim().slice(0, 40)}"`),
    [...reached]);
    assert.deepEqual(missing, [], `${name}: controls Tab never reached`);
    await c.context.close();
  }
});

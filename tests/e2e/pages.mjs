// What the browser tests share: one server and one browser per test file (node runs each file in
// a process of its own, so CTest runs files side by side), pages opened as a person would open
// them, axe-core on the page as it stands, screenshots, and keyboard-only driving (Tab until the
// control with a given label has focus, then keys; never the mouse).

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startServer, api, launchBrowser, newContext, SCREENSHOTS } from './harness.mjs';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export const PROJECTOR = { width: 1920, height: 1080 };

/** The demo network's people and meetings (server/service/src/demo/demo_data.cpp). */
export const DEMO = { kickoff: 1, spring: 2, hybrid: 3, digital: 4, anna: 1, erik: 2, kalmar: 1, uddevalla: 2, orebro: 3, gavleborg: 4 };

/**
 * Starts the server (with `options` as startServer takes them) and the browser; returns the
 * world the file's tests share.
 */
export async function setup(options) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const server = await startServer(options);
  const browser = await launchBrowser();
  const tokens = {
    coordinator: server.token('--role', 'coordinator', '--name', 'e2e'),
    anna: server.token('--role', 'participant', '--person', String(DEMO.anna), '--name', 'e2e-anna'),
  };
  const coord = await api(server.base, tokens.coordinator);
  const w = {
    server, browser, tokens, coord,
    /** A person made over the protocol (setup, not what the test is about). */
    async person(name, email, organisationId = DEMO.kalmar, role = 'official') {
      const r = await coord.call('person.create', { name, email, organisation_id: organisationId, role });
      return { id: r.person.person_id, token: r.token, name };
    },
    async close() {
      coord.close();
      await browser.close();
      await server.stop();
    },
  };
  return w;
}

/** A page in a browser context of its own (its own storage), at `route`, with its data in. */
export async function open(w, token, route, { lang = 'sv', viewport = DESKTOP, permissions } = {}) {
  const context = await newContext(w.browser, { token, lang, viewport });
  if (permissions) await context.grantPermissions(permissions, { origin: w.server.base });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await page.goto(`${w.server.base}/${route}`);
  await settled(page);
  return { context, page, errors, close: () => context.close() };
}

/** The page has its data: the connection is up and the sections are filled in. */
export async function settled(page, route) {
  const sel = route ? `main[data-route="${route}"]:not([aria-busy])` : 'main:not([aria-busy])';
  await page.locator(sel).waitFor({ timeout: 10000 });
  await page.waitForTimeout(100);
}

/** Shows `route` in an open page without a reload (as following a link would). */
export async function go(page, route) {
  const p = route.replace(/^#/, '').split('?')[0];
  await page.evaluate((r) => { location.hash = r; }, route);
  await settled(page, p);
}

/** A screenshot of the whole page (or of the window only, for a modal dialog). */
export async function shot(page, name, { full = true } = {}) {
  const at = full ? await page.evaluate(() => [window.scrollX, window.scrollY]) : null;
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: full });
  // A whole-page screenshot resizes the viewport and back, which can leave the page's scroll
  // position (moved meanwhile) and the compositor's (not moved) apart; the compositor's then
  // lands with the next input, between a click's mousedown and mouseup, and the click misses.
  // Scrolling back to where the page was joins them again.
  if (at) await page.evaluate(([x, y]) => window.scrollTo(x, y), at);
}

/** axe-core (WCAG 2.1 A and AA) on the page as it is now: no violations. */
export async function axe(page, what) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).options({ resultTypes: ['violations'] }).analyze();
  const summary = result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(summary, [], `axe: ${what}`);
  // And no program value leaked into the text (a null appended, a missing parameter).
  const stray = await page.evaluate(() => (document.body.innerText.match(/\b(null|undefined|NaN)\b|\[object Object\]|\{[a-z]+\}/g) || []));
  assert.deepEqual(stray, [], `stray values in the text: ${what}`);
}

/** Waits until `locator`'s text is `text` (or matches it). */
export async function textIs(locator, text, timeout = 3000) {
  const started = Date.now();
  let last = null;
  while (Date.now() - started < timeout) {
    last = await locator.textContent({ timeout }).catch(() => null);
    if (last !== null && (text instanceof RegExp ? text.test(last) : last.trim() === text)) return;
    await new Promise(r => setTimeout(r, 25));
  }
  assert.fail(`"${last}" is not "${text}" within ${timeout} ms`);
}

// --- keyboard only ------------------------------------------------------------------------------

/** The accessible name of the focused element, roughly as a screen reader says it. */
function focusedName(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '';
    const aria = el.getAttribute('aria-label');
    if (aria) return aria.trim();
    if (el.labels && el.labels.length) return el.labels[0].textContent.replace(/\s+/g, ' ').trim();
    if (el.tagName === 'SUMMARY' || el.tagName === 'BUTTON' || el.tagName === 'A') return el.textContent.replace(/\s+/g, ' ').trim();
    return (el.getAttribute('title') || el.value || '').trim();
  });
}

/**
 * Presses Tab (Shift+Tab with `back`) until the control named `name` (a string: exact, or a
 * RegExp) has focus; fails after `max` presses. Returns how many presses it took.
 */
export async function tabTo(page, name, { max = 120, back = false } = {}) {
  for (let i = 0; i < max; i += 1) {
    const got = await focusedName(page);
    if (name instanceof RegExp ? name.test(got) : got === name) return i;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`Tab never reached "${name}" (last: "${await focusedName(page)}")`);
}

/** Tab to a text field and type into it (selecting what was there first). */
export async function typeInto(page, name, text) {
  await tabTo(page, name);
  await page.keyboard.press('Control+A');
  if (text === '') await page.keyboard.press('Delete');
  else await page.keyboard.type(text);
}

/** Tab to a select and move through its options with the arrow keys until `label` is chosen. */
export async function chooseOption(page, name, label) {
  await tabTo(page, name);
  for (let i = 0; i < 40; i += 1) {
    const current = await page.evaluate(() => document.activeElement.selectedOptions[0]?.textContent);
    if (current === label) return;
    await page.keyboard.press('ArrowDown');
  }
  assert.fail(`option "${label}" not found in "${name}"`);
}

/** Tab to a button or link and press Enter. */
export async function press(page, name, key = 'Enter') {
  await tabTo(page, name);
  await page.keyboard.press(key);
}

/**
 * Types a date and time into a datetime-local field by keyboard, in the order the test
 * browser's widget takes it (Chromium's en-US form: month, day, year, hour, minute, AM/PM; the
 * year takes up to six digits, so ArrowRight moves on from it).
 */
export async function typeDateTime(page, name, iso) {
  const [, y, mo, d, hh, mm] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(iso);
  await tabTo(page, name);
  const hour = Number(hh) % 12 || 12;
  for (const k of `${mo}${d}${y}`) await page.keyboard.press(k);
  await page.keyboard.press('ArrowRight');
  for (const k of `${String(hour).padStart(2, '0')}${mm}`) await page.keyboard.press(k);
  await page.keyboard.press(Number(hh) < 12 ? 'A' : 'P');
}

/** Types a time of day into a time field by keyboard (Chromium's en-US form, as above). */
export async function typeTime(page, name, hhmm) {
  const [hh, mm] = hhmm.split(':');
  await tabTo(page, name);
  const hour = Number(hh) % 12 || 12;
  for (const k of `${String(hour).padStart(2, '0')}${mm}`) await page.keyboard.press(k);
  await page.keyboard.press(Number(hh) < 12 ? 'A' : 'P');
}

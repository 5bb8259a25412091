#!/usr/bin/env node
// The learner journey of Acquis in headless Chromium, with axe-core on every main page.
//
//   node tests/browser/journey.mjs [BASE_URL] [ARTIFACTS_DIR]
//
// BASE_URL (or $BASE_URL, default http://127.0.0.1:8080) is a running `acquis serve`;
// ARTIFACTS_DIR (or $ARTIFACTS_DIR, default ./browser-artifacts) receives one full-page PNG per
// main page and report.json. $CHROMIUM_PATH overrides /usr/bin/chromium.
//
// Journey: home -> sign-up -> profile -> evaluation of competence 1.1 answered by clicking
// (challenges, checkpoints) -> end page -> results -> profile shows 1.1 completed -> language
// switch to English and back -> sign out -> sign-in page. Exit 0 when the journey completes and
// axe-core (WCAG 2.0/2.1 A and AA) finds no violation; exit 1 otherwise, with the list of
// problems (page, rule id, impact, target).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const MAX_CHALLENGES = 60;
const STEP_TIMEOUT_MS = 15_000;

const BASE_URL = (process.argv[2] || process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const ARTIFACTS = resolve(process.argv[3] || process.env.ARTIFACTS_DIR || 'browser-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** A broken contract: the journey cannot go on. */
class JourneyError extends Error {}

const violations = []; // { page, url, id, impact, help, helpUrl, targets }
const checked = []; // { page, url, screenshot, violations }
const notes = []; // non-fatal observations
const jsErrors = []; // uncaught exceptions in the pages

function log(message) {
  console.log(message);
}

function path(page) {
  return new URL(page.url()).pathname;
}

/** Screenshot of the whole page, then axe-core; violations are collected, not thrown. */
async function check(page, name) {
  await page.waitForLoadState('load');
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary || '' })),
    }));
  }, AXE_TAGS);
  for (const v of result) {
    violations.push({ page: name, url: path(page), ...v });
  }
  checked.push({ page: name, url: path(page), screenshot: file, violations: result.length });
  log(`  [${result.length === 0 ? 'ok' : `${result.length} axe violation(s)`}] ${name} ${path(page)}`);
}

/** Clicks (or presses a key on) `locator` and waits for the page it leads to. */
async function follow(page, action, what) {
  // A marker in the current document: gone once a new document (or an htmx swap of the
  // body) replaces it.
  await page.evaluate(() => {
    const marker = document.createElement('template');
    marker.id = 'journey-marker';
    document.body.appendChild(marker);
  });
  await action();
  try {
    await page.waitForFunction(() => !document.getElementById('journey-marker'), null, {
      timeout: STEP_TIMEOUT_MS,
    });
  } catch {
    const invalid = await page
      .evaluate(() =>
        [...document.querySelectorAll(':invalid')]
          .filter((e) => e.tagName !== 'FORM' && e.tagName !== 'FIELDSET')
          .map((e) => `${e.tagName.toLowerCase()}[name=${e.getAttribute('name')}]: ${e.validationMessage}`),
      )
      .catch(() => []);
    throw new JourneyError(
      `${what} on ${path(page)} did not lead to a new page within ${STEP_TIMEOUT_MS / 1000} s` +
        (invalid.length ? ` (invalid fields: ${invalid.join('; ')})` : ''),
    );
  }
  await page.waitForLoadState('load');
}

/** The first element matching `selector`, or a JourneyError naming the contract. */
async function need(page, selector, what) {
  const locator = page.locator(selector).first();
  if ((await locator.count()) === 0) {
    throw new JourneyError(`${path(page)}: ${what} not found (selector \`${selector}\`)`);
  }
  return locator;
}

/** The first element matching one of `selectors` inside `scope`, or null. */
async function firstOf(scope, selectors) {
  for (const s of selectors) {
    const l = scope.locator(s).first();
    if ((await l.count()) > 0) return l;
  }
  return null;
}

/** Follows the link to `href` if the page has one, else navigates there (noted). */
async function goVia(page, href, what) {
  const link = page.locator(`a[href="${href}"]`).first();
  if ((await link.count()) > 0 && (await link.isVisible())) {
    await follow(page, () => link.click(), `the link to ${href}`);
  } else {
    notes.push(`${path(page)} has no visible link to ${href} (${what}); went there by URL`);
    const response = await page.goto(BASE_URL + href);
    expectOk(page, response, href);
  }
}

function expectOk(page, response, what) {
  if (response && !response.ok()) {
    throw new JourneyError(`${what} answered HTTP ${response.status()}`);
  }
}

function expectPath(page, pattern, what) {
  const p = path(page);
  if (!pattern.test(p)) {
    throw new JourneyError(`expected ${what} (${pattern}), got ${p}`);
  }
}

async function visibleText(page, selector) {
  return page
    .locator(selector)
    .allInnerTexts()
    .then((t) => t.join(' | ').replace(/\s+/g, ' ').trim())
    .catch(() => '');
}

/** Answers the challenge on the page by clicking and typing, then submits it. */
async function answer(page) {
  const form = await need(page, '#answer-form', 'the answer form');
  const radio = form.locator('input[type=radio][name=answer]').first();
  if ((await radio.count()) > 0) await radio.check();
  const box = form.locator('input[type=checkbox][name=answer]').first();
  if ((await box.count()) > 0) await box.check();
  const inputs = form.locator('input[name^="input_"]:not([type=hidden]), textarea[name^="input_"]');
  for (let i = 0; i < (await inputs.count()); i++) {
    const input = inputs.nth(i);
    const type = (await input.getAttribute('type')) || 'text';
    await input.click();
    await input.fill('');
    // A number field takes no letters: type a number there.
    await page.keyboard.type(type === 'number' ? '1' : 'test');
  }
  const selects = form.locator('select');
  for (let i = 0; i < (await selects.count()); i++) {
    await selects.nth(i).selectOption({ index: 1 });
  }
  const submit = await need(page, '#answer-form button[name=action][value=answer]', 'the answer button');
  await follow(page, () => submit.click(), 'submitting the answer');
}

async function signature(page) {
  return page
    .locator('#answer-form')
    .first()
    .evaluate((f) => f.innerText + [...f.querySelectorAll('input[type=hidden]')].map((i) => `${i.name}=${i.value}`).join('&'))
    .catch(() => '');
}

async function journey(page) {
  const email = `parcours-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.org`;

  log('home');
  expectOk(page, await page.goto(`${BASE_URL}/`), '/');
  await check(page, 'home');
  // Keyboard: the first Tab stop should be the skip link.
  await page.keyboard.press('Tab');
  const firstStop = await page.evaluate(() => {
    const e = document.activeElement;
    return e ? { tag: e.tagName, href: e.getAttribute('href') || '' } : null;
  });
  if (!firstStop || firstStop.tag !== 'A' || !firstStop.href.startsWith('#')) {
    throw new JourneyError(`/: the first Tab stop is not a skip link (got ${JSON.stringify(firstStop)})`);
  }

  log('sign-up');
  await goVia(page, '/inscription', 'sign-up');
  expectPath(page, /^\/inscription$/, 'the sign-up page');
  await check(page, 'inscription');
  const signup = await need(page, 'form[action="/inscription"]', 'the sign-up form');
  const field = async (selectors, what) => {
    const f = await firstOf(signup, selectors);
    if (!f) throw new JourneyError(`/inscription: ${what} field not found (tried ${selectors.join(', ')})`);
    return f;
  };
  await (await field(['[name=first_name]', '[autocomplete=given-name]', '[name=firstname]', '[name=firstName]'], 'first name')).fill('Camille');
  await (await field(['[name=last_name]', '[autocomplete=family-name]', '[name=lastname]', '[name=lastName]'], 'last name')).fill('Parcours');
  await (await field(['input[type=email]', '[name=email]'], 'email')).fill(email);
  const passwords = signup.locator('input[type=password]');
  if ((await passwords.count()) === 0) throw new JourneyError('/inscription: no password field');
  for (let i = 0; i < (await passwords.count()); i++) await passwords.nth(i).fill('Motdepasse1');
  const terms = await field(
    ['input[type=checkbox][name*=terms]', 'input[type=checkbox][name*=cgu]', 'input[type=checkbox][required]', 'input[type=checkbox]'],
    'terms',
  );
  // Keyboard: tick the terms with the space bar.
  await terms.focus();
  await page.keyboard.press('Space');
  if (!(await terms.isChecked())) throw new JourneyError('/inscription: the terms checkbox does not tick with the space bar');
  const signupButton = await need(page, 'form[action="/inscription"] button[type=submit], form[action="/inscription"] button:not([type])', 'the sign-up button');
  await follow(page, () => signupButton.click(), 'submitting the sign-up form');
  if (path(page) !== '/competences') {
    const errors = await visibleText(page, '[role=alert], .error, .errors, .flash');
    throw new JourneyError(`after sign-up expected /competences, got ${path(page)}${errors ? `: ${errors}` : ''}`);
  }

  log('profile');
  await check(page, 'competences');
  await need(page, '[data-competence="1.1"]', 'the card of competence 1.1');
  const start = await need(
    page,
    '[data-competence="1.1"] form[action="/competences/1.1/evaluation"] button, form[action="/competences/1.1/evaluation"] button',
    'the start button of competence 1.1',
  );
  await follow(page, () => start.click(), 'starting the evaluation of 1.1');
  expectPath(page, /^\/evaluations\/[^/]+$/, 'a challenge page');

  log('evaluation of 1.1');
  let answers = 0;
  let checkpoints = 0;
  let lastSignature = '';
  let repeats = 0;
  for (let step = 0; ; step++) {
    const p = path(page);
    if (/^\/evaluations\/[^/]+\/fin$/.test(p)) break;
    if (step > MAX_CHALLENGES * 2) throw new JourneyError(`no end page after ${step} pages (last: ${p})`);
    if (/^\/evaluations\/[^/]+\/point-etape$/.test(p)) {
      if (checkpoints === 0) await check(page, 'checkpoint');
      checkpoints++;
      const next = await need(page, '[data-continue]', 'the continue button of the checkpoint');
      await follow(page, () => next.click(), 'continuing after the checkpoint');
    } else if (/^\/evaluations\/[^/]+$/.test(p)) {
      if (answers >= MAX_CHALLENGES) throw new JourneyError(`still no end page after ${MAX_CHALLENGES} challenges`);
      const sig = await signature(page);
      repeats = sig === lastSignature ? repeats + 1 : 0;
      lastSignature = sig;
      if (repeats >= 2) {
        const errors = await visibleText(page, '[role=alert], .error, .errors, .flash');
        throw new JourneyError(`${p}: the same challenge came back 3 times after answering${errors ? `: ${errors}` : ''}`);
      }
      if (answers === 0) await check(page, 'challenge');
      await answer(page);
      answers++;
    } else {
      throw new JourneyError(`unexpected page during the evaluation: ${p}`);
    }
  }
  log(`  ${answers} challenge(s) answered, ${checkpoints} checkpoint(s)`);
  if (checkpoints === 0) {
    if (answers >= 5) throw new JourneyError(`${answers} answers but no checkpoint page (expected one every 5 answers)`);
    notes.push(`only ${answers} answer(s): no checkpoint page seen`);
  }

  log('end and results');
  await check(page, 'end');
  const results = await need(page, '[data-results]', 'the link to the results');
  await follow(page, () => results.click(), 'opening the results');
  await check(page, 'results');

  log('profile after the evaluation');
  await goVia(page, '/competences', 'profile');
  expectPath(page, /^\/competences$/, 'the profile');
  if ((await page.locator('[data-competence="1.1"][data-status="completed"]').count()) === 0) {
    const status = await page.locator('[data-competence="1.1"]').first().getAttribute('data-status').catch(() => null);
    throw new JourneyError(`/competences: the 1.1 card is not completed (data-status=${JSON.stringify(status)})`);
  }
  await check(page, 'competences-completed');

  log('language');
  const toEnglish = await need(page, 'form[action="/langue"] [data-lang-switch], [data-lang-switch]', 'the language switch');
  await follow(page, () => toEnglish.click(), 'switching the language');
  const langEn = await page.evaluate(() => document.documentElement.lang);
  if (langEn !== 'en') throw new JourneyError(`after the language switch <html lang> is ${JSON.stringify(langEn)}, expected "en"`);
  if (path(page) !== '/competences') notes.push(`the language switch on /competences led to ${path(page)}`);
  await check(page, 'competences-en');
  const toFrench = await need(page, '[data-lang-switch]', 'the language switch (English page)');
  await follow(page, () => toFrench.click(), 'switching the language back');
  const langFr = await page.evaluate(() => document.documentElement.lang);
  if (langFr !== 'fr') throw new JourneyError(`after switching back <html lang> is ${JSON.stringify(langFr)}, expected "fr"`);

  log('sign out');
  const signOut = await need(page, 'form[action="/deconnexion"] [data-sign-out], [data-sign-out]', 'the sign-out button');
  await follow(page, () => signOut.click(), 'signing out');
  if (path(page) !== '/connexion') await goVia(page, '/connexion', 'sign-in');
  expectPath(page, /^\/connexion$/, 'the sign-in page');
  await check(page, 'connexion');
  // Signed out: the profile is no longer reachable.
  const after = await page.goto(`${BASE_URL}/competences`);
  if (path(page) === '/competences' && after && after.ok()) {
    throw new JourneyError('/competences is still shown after signing out');
  }
  return { email, answers, checkpoints };
}

async function main() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'acquis-chromium-'));
  const started = Date.now();
  log(`Acquis browser journey on ${BASE_URL} (screenshots in ${ARTIFACTS})`);
  let context;
  let outcome = null;
  let failure = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
      locale: 'fr-FR',
      // axe-core is injected as a script tag; a strict Content-Security-Policy must not stop it.
      bypassCSP: true,
    });
    const page = context.pages()[0] || (await context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('pageerror', (e) => jsErrors.push(`${path(page)}: ${e.message}`));
    try {
      outcome = await journey(page);
    } catch (e) {
      failure = e;
      await page.screenshot({ path: join(ARTIFACTS, 'failure.png'), fullPage: true }).catch(() => {});
    }
  } catch (e) {
    failure = e;
  } finally {
    if (context) await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  writeFileSync(
    join(ARTIFACTS, 'report.json'),
    JSON.stringify({ base_url: BASE_URL, seconds: Number(seconds), outcome, failure: failure ? String(failure.message) : null, checked, violations, notes, js_errors: jsErrors }, null, 2),
  );

  log('');
  log(`Pages checked with axe-core (${AXE_TAGS.join(', ')}): ${checked.length}`);
  if (outcome) log(`Evaluation of 1.1: ${outcome.answers} answers, ${outcome.checkpoints} checkpoint(s); account ${outcome.email}`);
  for (const n of notes) log(`note: ${n}`);
  for (const e of jsErrors) log(`JavaScript error: ${e}`);
  if (violations.length) {
    log('');
    log(`Accessibility violations (${violations.length}):`);
    for (const v of violations) {
      log(`- ${v.page} (${v.url}): ${v.id} [${v.impact}] ${v.help}`);
      for (const t of v.targets) log(`    target: ${t.target}`);
    }
  }
  if (failure) {
    log('');
    log(`Journey failed: ${failure instanceof JourneyError ? failure.message : failure.stack || failure}`);
    log(`(screenshot of the failing page: ${join(ARTIFACTS, 'failure.png')})`);
  }
  const ok = !failure && violations.length === 0;
  log('');
  log(`${ok ? 'PASS' : 'FAIL'}: journey ${failure ? 'broken' : 'complete'}, ${violations.length} accessibility violation(s), ${seconds} s; screenshots in ${ARTIFACTS}`);
  process.exit(ok ? 0 : 1);
}

main();

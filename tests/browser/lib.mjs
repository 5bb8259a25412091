// What the browser scenarios of Acquis share: the command line, launching headless Chromium,
// screenshots with axe-core checks, following links and forms, answering an adaptive test, and
// the final report.
//
//   node tests/browser/<scenario>.mjs [BASE_URL] [ARTIFACTS_DIR]
//
// BASE_URL (or $BASE_URL, default http://127.0.0.1:8080) is a running `acquis serve`;
// ARTIFACTS_DIR (or $ARTIFACTS_DIR, default ./browser-artifacts) receives one full-page PNG per
// main page and report.json (its PNG files from an earlier run are deleted first).
// $CHROMIUM_PATH overrides /usr/bin/chromium.

import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
// Evaluated through the DevTools protocol, which the pages' Content-Security-Policy does not
// govern: the pages are tested under their real policy (no bypassCSP).
const AXE_SOURCE = readFileSync(AXE_PATH, 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const STEP_TIMEOUT_MS = 15_000;
/** How long a control named by role or label may take to show up before the step fails. */
const FIND_TIMEOUT_MS = 5_000;

export const BASE_URL = (process.argv[2] || process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const ARTIFACTS = resolve(process.argv[3] || process.env.ARTIFACTS_DIR || 'browser-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** A broken contract: the scenario cannot go on. */
export class JourneyError extends Error {}

const violations = []; // { page, url, id, impact, help, helpUrl, targets }
const checked = []; // { page, url, screenshot, violations }
/** Non-fatal observations, listed in the report. */
export const notes = [];
const jsErrors = []; // uncaught exceptions in the pages
const cspViolations = []; // what the pages' Content-Security-Policy refused (a broken page)
const broken = []; // { page, url, status }: a src or href of a checked page, or a subresource, that failed
const requested = new Set(); // URLs already requested by linkCheck
let lastPage = null; // the page of the latest step, screenshot when the scenario fails

export function log(message) {
  console.log(message);
}

export function path(page) {
  return new URL(page.url()).pathname;
}

/**
 * Requests every `src` and `href` of the page on the site's own origin (stylesheets, scripts,
 * images, frames, links), once per URL per run; any answer of 400 or more is collected as
 * broken. GET only: visiting a link never changes anything on the server.
 */
async function linkCheck(page, name) {
  const origin = new URL(BASE_URL).origin;
  const refs = await page.evaluate(() =>
    [...document.querySelectorAll('[src], link[href], a[href], use[href]')].map((e) => e.getAttribute('src') ?? e.getAttribute('href')),
  );
  for (const ref of refs) {
    if (!ref || ref.startsWith('#') || /^(mailto|tel|javascript|data):/i.test(ref)) continue;
    const url = new URL(ref, page.url());
    if (url.origin !== origin) continue;
    url.hash = '';
    const key = url.toString();
    if (requested.has(key)) continue;
    requested.add(key);
    const response = await page.request.get(key, { maxRedirects: 5 }).catch((e) => ({ status: () => `failed: ${e.message}` }));
    const status = response.status();
    if (typeof status !== 'number' || status >= 400) broken.push({ page: name, url: url.pathname + url.search, status });
  }
}

/** Screenshot of the whole page, then axe-core; violations are collected, not thrown. */
export async function check(page, name) {
  lastPage = page;
  await page.waitForLoadState('load');
  await linkCheck(page, name);
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) {
    await page.evaluate(AXE_SOURCE);
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

/** Runs `action` (a click, a key press) and waits for the page it leads to. */
export async function follow(page, action, what) {
  lastPage = page;
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

/** Clicks `locator` (found with `find`) and waits for the page it leads to. */
export async function clickThrough(page, locator, what) {
  const target = await find(page, locator, what);
  await follow(page, () => target.click(), `clicking ${what}`);
}

/** The first element matching `selector`, or a JourneyError naming the contract. */
export async function need(page, selector, what) {
  const locator = page.locator(selector).first();
  if ((await locator.count()) === 0) {
    throw new JourneyError(`${path(page)}: ${what} not found (selector \`${selector}\`)`);
  }
  return locator;
}

/**
 * The first element of `locator` (built with getByRole, getByLabel…) once visible, or a
 * JourneyError naming what is missing and how it was looked for.
 */
export async function find(page, locator, what) {
  lastPage = page;
  const first = locator.first();
  try {
    await first.waitFor({ state: 'visible', timeout: FIND_TIMEOUT_MS });
  } catch {
    const alerts = await visibleText(page, '[role=alert]');
    throw new JourneyError(
      `${path(page)}: ${what} not found (${locator})${alerts ? `; the page says: ${alerts}` : ''}`,
    );
  }
  return first;
}

/** The first element matching one of `selectors` inside `scope`, or null. */
export async function firstOf(scope, selectors) {
  for (const s of selectors) {
    const l = scope.locator(s).first();
    if ((await l.count()) > 0) return l;
  }
  return null;
}

/** Follows the link to `href` if the page has one, else navigates there (noted). */
export async function goVia(page, href, what) {
  const link = page.locator(`a[href="${href}"]`).first();
  if ((await link.count()) > 0 && (await link.isVisible())) {
    await follow(page, () => link.click(), `the link to ${href}`);
  } else {
    notes.push(`${path(page)} has no visible link to ${href} (${what}); went there by URL`);
    await open(page, href);
  }
}

/** Types `href` (a path, or a URL whose path and query are kept) in the address bar. */
export async function open(page, href) {
  lastPage = page;
  const url = new URL(href, BASE_URL);
  const target = BASE_URL + url.pathname + url.search;
  expectOk(page, await page.goto(target), url.pathname + url.search);
}

export function expectOk(page, response, what) {
  if (response && !response.ok()) {
    throw new JourneyError(`${what} answered HTTP ${response.status()}`);
  }
}

/** Fails unless the page's path matches `pattern`, quoting the page's alerts if any. */
export async function expectPath(page, pattern, what) {
  const p = path(page);
  if (!pattern.test(p)) {
    const alerts = await visibleText(page, '[role=alert], .errors');
    throw new JourneyError(`expected ${what} (${pattern}), got ${p}${alerts ? `: ${alerts}` : ''}`);
  }
}

/** Fails unless `locator` (a region of the page) shows `expected` (a string or RegExp). */
export async function expectText(page, locator, expected, what) {
  const text = (await locator.allInnerTexts().catch(() => [])).join(' | ').replace(/\s+/g, ' ').trim();
  const ok = typeof expected === 'string' ? text.includes(expected) : expected.test(text);
  if (!ok) {
    throw new JourneyError(`${path(page)}: ${what}: expected ${expected} in ${JSON.stringify(text.slice(0, 400))}`);
  }
  return text;
}

export async function visibleText(page, selector) {
  return page
    .locator(selector)
    .allInnerTexts()
    .then((t) => t.join(' | ').replace(/\s+/g, ' ').trim())
    .catch(() => '');
}

/** Answers the challenge on the page by clicking and typing, then submits it. */
export async function answer(page) {
  // A timed challenge first says so; its clock starts when the learner is ready.
  const start = page.locator('[data-start-clock]');
  if ((await start.count()) > 0) {
    await follow(page, () => start.first().click(), 'starting a timed challenge');
  }
  // A simulator is answered by acting in it (tests/browser/challenges.mjs does); here, skip it.
  if ((await page.locator('iframe[data-embed]').count()) > 0) {
    const skip = await need(page, '#answer-form button[name=action][value=skip]', 'the skip button');
    await follow(page, () => skip.click(), 'skipping a simulator challenge');
    return;
  }
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

/**
 * Answers the adaptive test the page is on (challenges, checkpoints) until its path matches
 * `end`; screenshots and checks the first challenge as `${shots}challenge` and the first
 * checkpoint as `${shots}checkpoint`. Returns the number of answers and checkpoints.
 */
export async function completeTest(page, { end, maxChallenges, shots = '' }) {
  let answers = 0;
  let checkpoints = 0;
  let lastSignature = '';
  let repeats = 0;
  for (let step = 0; ; step++) {
    const p = path(page);
    if (end.test(p)) break;
    if (step > maxChallenges * 2) throw new JourneyError(`no end of the test after ${step} pages (last: ${p})`);
    if (/^\/evaluations\/[^/]+\/point-etape$/.test(p)) {
      if (checkpoints === 0) await check(page, `${shots}checkpoint`);
      checkpoints++;
      const next = await need(page, '[data-continue]', 'the continue button of the checkpoint');
      await follow(page, () => next.click(), 'continuing after the checkpoint');
    } else if (/^\/evaluations\/[^/]+$/.test(p)) {
      if (answers >= maxChallenges) throw new JourneyError(`the test did not end after ${maxChallenges} challenges`);
      const sig = await signature(page);
      repeats = sig === lastSignature ? repeats + 1 : 0;
      lastSignature = sig;
      if (repeats >= 2) {
        const errors = await visibleText(page, '[role=alert], .error, .errors, .flash');
        throw new JourneyError(`${p}: the same challenge came back 3 times after answering${errors ? `: ${errors}` : ''}`);
      }
      if (answers === 0) await check(page, `${shots}challenge`);
      await answer(page);
      answers++;
    } else {
      throw new JourneyError(`unexpected page during the test: ${p} (expected a challenge, a checkpoint or ${end})`);
    }
  }
  if (checkpoints === 0) {
    if (answers >= 5) throw new JourneyError(`${answers} answers but no checkpoint page (expected one every 5 answers)`);
    notes.push(`only ${answers} answer(s): no checkpoint page seen`);
  }
  return { answers, checkpoints };
}

/**
 * Runs `scenario` with a fresh headless Chromium, writes report.json and prints the summary,
 * then exits: 0 when the scenario completes and axe-core finds no violation, 1 otherwise.
 * `scenario(browser)` opens its pages with `browser.newPage(who)` — each a new context (its
 * own cookies), in French — and may return `{ summary: [lines], … }` for the report.
 */
export async function run(title, scenario) {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Screenshots of an earlier run would pass for this one's.
  for (const f of readdirSync(ARTIFACTS)) {
    if (f.endsWith('.png')) rmSync(join(ARTIFACTS, f), { force: true });
  }
  const started = Date.now();
  log(`${title} on ${BASE_URL} (screenshots in ${ARTIFACTS})`);
  let browser;
  let outcome = null;
  let failure = null;
  try {
    browser = await chromium.launch({
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
    });
    const session = {
      async newPage(who) {
        const context = await browser.newContext({
          viewport: { width: 1280, height: 900 },
          locale: 'fr-FR',
          // The real Content-Security-Policy applies: whatever it refuses fails the scenario.
          bypassCSP: false,
          acceptDownloads: true,
        });
        // In every document and frame (simulators too), before its own scripts: each refusal of
        // the Content-Security-Policy is reported on the console, where it is collected.
        await context.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (e) => {
            console.error(`CSP violation: ${e.effectiveDirective} refused ${e.blockedURI || 'inline'} in ${e.documentURI} (${e.sourceFile || ''}:${e.lineNumber || ''})`);
          });
        });
        const page = await context.newPage();
        page.setDefaultTimeout(STEP_TIMEOUT_MS);
        page.on('console', (m) => {
          const text = m.text();
          if (m.type() === 'error' && /CSP violation|Content Security Policy/i.test(text)) {
            cspViolations.push(`${who} on ${path(page)}: ${text}`);
          }
        });
        page.on('pageerror', (e) => jsErrors.push(`${who} on ${path(page)}: ${e.message}`));
        // Every asset a page loads must load: a 404 stylesheet or script is a broken page.
        page.on('response', (r) => {
          if (r.status() >= 400 && r.request().resourceType() !== 'document' && r.url().startsWith(BASE_URL)) {
            broken.push({ page: `${who} on ${path(page)}`, url: new URL(r.url()).pathname, status: r.status() });
          }
        });
        lastPage = page;
        return page;
      },
    };
    try {
      outcome = await scenario(session);
    } catch (e) {
      failure = e;
      if (lastPage) await lastPage.screenshot({ path: join(ARTIFACTS, 'failure.png'), fullPage: true }).catch(() => {});
    }
  } catch (e) {
    failure = e;
  } finally {
    if (browser) await browser.close().catch(() => {});
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  writeFileSync(
    join(ARTIFACTS, 'report.json'),
    JSON.stringify({ base_url: BASE_URL, seconds: Number(seconds), outcome, failure: failure ? String(failure.message) : null, checked, violations, broken, links_requested: requested.size, notes, js_errors: jsErrors, csp_violations: cspViolations }, null, 2),
  );

  log('');
  log(`Pages checked with axe-core (${AXE_TAGS.join(', ')}): ${checked.length}`);
  for (const line of outcome?.summary || []) log(line);
  for (const n of notes) log(`note: ${n}`);
  for (const e of jsErrors) log(`JavaScript error: ${e}`);
  for (const v of cspViolations) log(`Content-Security-Policy violation: ${v}`);
  if (violations.length) {
    log('');
    log(`Accessibility violations (${violations.length}):`);
    for (const v of violations) {
      log(`- ${v.page} (${v.url}): ${v.id} [${v.impact}] ${v.help}`);
      for (const t of v.targets) log(`    target: ${t.target}`);
    }
  }
  log(`Links and assets requested: ${requested.size}`);
  if (broken.length) {
    log('');
    log(`Broken links or assets (${broken.length}):`);
    for (const b of broken) log(`- ${b.page}: ${b.url} answered ${b.status}`);
  }
  if (failure) {
    log('');
    log(`Scenario failed: ${failure instanceof JourneyError ? failure.message : failure.stack || failure}`);
    log(`(screenshot of the failing page: ${join(ARTIFACTS, 'failure.png')})`);
  }
  const ok = !failure && violations.length === 0 && broken.length === 0 && jsErrors.length === 0 && cspViolations.length === 0;
  log('');
  log(`${ok ? 'PASS' : 'FAIL'}: ${failure ? 'broken' : 'complete'}, ${violations.length} accessibility violation(s), ${broken.length} broken link(s) or asset(s), ${jsErrors.length} JavaScript error(s), ${cspViolations.length} CSP violation(s), ${seconds} s; screenshots in ${ARTIFACTS}`);
  process.exit(ok ? 0 : 1);
}

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
// problems (page, rule id, impact, target). The helpers are in lib.mjs, shared with orga.mjs.

import {
  BASE_URL,
  JourneyError,
  check,
  completeTest,
  expectOk,
  expectPath,
  firstOf,
  follow,
  goVia,
  log,
  need,
  notes,
  path,
  run,
  visibleText,
} from './lib.mjs';

const MAX_CHALLENGES = 60;

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
  await expectPath(page, /^\/inscription$/, 'the sign-up page');
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
  await expectPath(page, /^\/evaluations\/[^/]+$/, 'a challenge page');

  log('evaluation of 1.1');
  const { answers, checkpoints } = await completeTest(page, { end: /^\/evaluations\/[^/]+\/fin$/, maxChallenges: MAX_CHALLENGES });
  log(`  ${answers} challenge(s) answered, ${checkpoints} checkpoint(s)`);

  log('end and results');
  await check(page, 'end');
  const results = await need(page, '[data-results]', 'the link to the results');
  await follow(page, () => results.click(), 'opening the results');
  await check(page, 'results');

  log('profile after the evaluation');
  await goVia(page, '/competences', 'profile');
  await expectPath(page, /^\/competences$/, 'the profile');
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
  await expectPath(page, /^\/connexion$/, 'the sign-in page');
  await check(page, 'connexion');
  // Signed out: the profile is no longer reachable.
  const after = await page.goto(`${BASE_URL}/competences`);
  if (path(page) === '/competences' && after && after.ok()) {
    throw new JourneyError('/competences is still shown after signing out');
  }
  return { email, answers, checkpoints };
}

run('Acquis browser journey', async (browser) => {
  const page = await browser.newPage('the learner');
  const { email, answers, checkpoints } = await journey(page);
  return { email, answers, checkpoints, summary: [`Evaluation of 1.1: ${answers} answers, ${checkpoints} checkpoint(s); account ${email}`] };
});

#!/usr/bin/env node
// What a new user finds on the site (issue 10), in headless Chromium, with axe-core on every
// page visited.
//
//   SITE_INVITATION=… SITE_ORG_NAME=… node tests/browser/site.mjs [BASE_URL] [ARTIFACTS_DIR]
//
// $SITE_INVITATION is an invitation link printed by `acquis org create` (only its path and
// query are used, on BASE_URL), for an account that does not exist yet. Scenario:
//   1. a visitor finds "J'ai un code" on the home page and in the navigation, the legal notice,
//      privacy policy and accessibility statement in the footer, a favicon and the logo, and a
//      404 page in the site's layout (French, then English);
//   2. the visitor opens the invitation, is sent to sign-in, which names the organisation;
//      follows "Créer un compte", submits the empty form: every error is listed, the summary
//      has the focus, each field is aria-invalid and described by its message; the focus ring
//      contrasts at least 3:1 with the page; signs up properly and lands back on the invitation;
//   3. accepts it and finds the organisation portal's link in the navigation;
//   4. opens a tutorial, keeps it, finds it in "Mes tutos", sees "Mes parcours" (empty), and on
//      an English page the French tutorial title is marked lang="fr";
//   5. changes their name on the account page and downloads their data (JSON).
// No page may show an emoji (they render as empty boxes without an emoji font).

import { readFileSync } from 'node:fs';
import {
  JourneyError,
  check,
  clickThrough,
  expectPath,
  expectText,
  find,
  log,
  open,
  path,
  run,
} from './lib.mjs';
import { BASE_URL } from './lib.mjs';

const INVITATION = process.env.SITE_INVITATION || '';
const ORG_NAME = process.env.SITE_ORG_NAME || '';
const PASSWORD = 'Motdepasse1';
const EMOJI = /[\u{1F300}-\u{1FAFF}\u{2600}-\u{27BF}\u{23E9}-\u{23FF}\u{2B50}\u{25D0}-\u{25D3}\u{2190}-\u{21FF}\u{2713}\u{2717}]/u;

function main(page) {
  return page.getByRole('main');
}

/** Fails when the page's text shows an emoji or a symbol that needs an emoji font. */
async function noEmoji(page) {
  const text = await page.evaluate(() => document.body.innerText);
  const found = text.match(EMOJI);
  if (found) throw new JourneyError(`${path(page)} shows ${JSON.stringify(found[0])}, which needs an emoji font`);
}

async function visit(page, href, shot) {
  await open(page, href);
  await check(page, shot);
  await noEmoji(page);
}

/** The contrast ratio of the focused element's outline against the page behind it. */
async function focusContrast(page) {
  return page.evaluate(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const el = document.activeElement;
    const style = getComputedStyle(el);
    if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) return 0;
    let bgEl = el.parentElement;
    let bg = 'rgba(0, 0, 0, 0)';
    while (bgEl) {
      bg = getComputedStyle(bgEl).backgroundColor;
      if (!bg.startsWith('rgba(0, 0, 0, 0)') && bg !== 'transparent') break;
      bgEl = bgEl.parentElement;
    }
    if (!bgEl) bg = 'rgb(255, 255, 255)';
    const [a, b] = [lum(rgb(style.outlineColor)), lum(rgb(bg))].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  });
}

async function visitorLooksAround(page) {
  log('visitor: home, footer, 404');
  await visit(page, '/', '01-accueil');
  await find(page, main(page).getByRole('heading', { name: "J'ai un code" }), 'the code box of the home page');
  await find(page, page.getByRole('navigation').getByRole('link', { name: "J'ai un code" }), 'the code link in the navigation');
  const icon = await page.locator('link[rel="icon"]').getAttribute('href');
  if (icon !== '/assets/favicon.svg') throw new JourneyError(`favicon link is ${icon}`);
  const logo = await page.request.get(`${BASE_URL}/assets/logo.svg`);
  if (!logo.ok() || !(logo.headers()['content-type'] || '').startsWith('image/svg+xml')) {
    throw new JourneyError('the logo is not served as SVG');
  }
  const footer = page.getByRole('contentinfo');
  for (const [name, url, shot] of [
    ['Mentions légales', /^\/mentions-legales$/, '02-mentions-legales'],
    ['Politique de confidentialité', /^\/confidentialite$/, '03-confidentialite'],
    ["Déclaration d'accessibilité", /^\/accessibilite$/, '04-accessibilite'],
  ]) {
    await clickThrough(page, page.getByRole('contentinfo').getByRole('link', { name }), `the footer link ${name}`);
    await expectPath(page, url, name);
    await check(page, shot);
    await noEmoji(page);
  }
  void footer;
  const missing = await page.goto(`${BASE_URL}/nulle-part`);
  if (missing.status() !== 404) throw new JourneyError(`/nulle-part answered ${missing.status()}`);
  await expectText(page, page.getByRole('heading', { level: 1 }), 'Page introuvable', 'the 404 heading');
  await find(page, page.getByRole('navigation', { name: 'Navigation principale' }), 'the navigation on the 404 page');
  await check(page, '05-introuvable');
}

async function visitorSignsUpFromTheInvitation(page) {
  log('visitor: invitation -> sign-in -> sign-up, errors first');
  await open(page, INVITATION);
  await expectPath(page, /^\/connexion$/, 'sign-in, for the invitation');
  await expectText(page, main(page), ORG_NAME, 'sign-in names the organisation of the invitation');
  await check(page, '06-connexion-invitation');
  await clickThrough(page, main(page).getByRole('link', { name: 'Créer un compte' }), 'the sign-up link');
  await expectPath(page, /^\/inscription$/, 'sign-up');
  await expectText(page, main(page), ORG_NAME, 'sign-up names the organisation too');
  await clickThrough(page, main(page).getByRole('button', { name: 'Créer mon compte' }), 'the sign-up button, form empty');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  if (focused !== 'erreurs') throw new JourneyError(`after a refused sign-up the focus is on #${focused}, not the error summary`);
  const links = await page.locator('#erreurs a').count();
  if (links < 4) throw new JourneyError(`the error summary lists ${links} errors, expected every one (at least 4)`);
  for (const label of ['Prénom', 'Adresse électronique']) {
    const field = await find(page, main(page).getByLabel(label, { exact: true }), `the field ${label}`);
    const invalid = await field.getAttribute('aria-invalid');
    const described = await field.getAttribute('aria-describedby');
    const message = described ? await page.locator(`#${described.split(' ').pop()}`).innerText() : '';
    if (invalid !== 'true' || !message) throw new JourneyError(`${label}: aria-invalid=${invalid}, message ${JSON.stringify(message)}`);
  }
  await check(page, '07-inscription-erreurs');
  await noEmoji(page);
  // Keyboard: the first error link takes the focus ring.
  await page.locator('#erreurs a').first().focus();
  const ratio = await focusContrast(page);
  if (ratio < 3) throw new JourneyError(`the focus ring contrasts ${ratio.toFixed(2)}:1 with the page, below 3:1`);
  log(`  focus ring contrast ${ratio.toFixed(1)}:1`);
  const form = main(page);
  await (await find(page, form.getByLabel('Prénom'), 'first name')).fill('Noé');
  await (await find(page, form.getByLabel('Nom', { exact: true }), 'last name')).fill('Site');
  await (await find(page, form.getByLabel('Adresse électronique'), 'email')).fill(process.env.SITE_EMAIL || 'site@example.org');
  await (await find(page, form.getByLabel('Mot de passe'), 'password')).fill(PASSWORD);
  await (await find(page, form.getByRole('checkbox', { name: /conditions d'utilisation/ }), 'terms')).check();
  await clickThrough(page, form.getByRole('button', { name: 'Créer mon compte' }), 'the sign-up button');
  await expectPath(page, /^\/orga\/rejoindre$/, 'the invitation again, after signing up');
  await check(page, '08-invitation');
  await clickThrough(page, main(page).getByRole('button', { name: "Accepter l'invitation" }), 'the accept button');
  await expectPath(page, /^\/orga\/\d+$/, "the organisation's page");
  await find(page, page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: /Espace organisation/ }), 'the organisation portal in the navigation');
  await check(page, '09-orga');
}

async function learnerKeepsATutorial(page) {
  log('learner: tutorial, Mes tutos, Mes parcours, English');
  await visit(page, '/tutos/tuto-mots-cles', '10-tuto');
  await clickThrough(page, main(page).getByRole('button', { name: 'Garder dans Mes tutos' }), 'the keep button');
  await expectText(page, page.getByRole('status'), 'Mes tutos', 'the confirmation');
  await clickThrough(page, page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mes tutos' }), 'Mes tutos');
  await expectText(page, main(page), 'Choisir ses mots-clés', 'the kept tutorial');
  await check(page, '11-mes-tutos');
  await clickThrough(page, page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mes parcours' }), 'Mes parcours');
  await expectText(page, main(page), "J'ai un code", 'the way to join from Mes parcours');
  await check(page, '12-mes-parcours');
  await open(page, '/tutos/tuto-mots-cles');
  await clickThrough(page, page.locator('[data-lang-switch]'), 'the language switch');
  const lang = await page.getByRole('heading', { level: 1 }).getAttribute('lang');
  if ((await page.locator('html').getAttribute('lang')) !== 'en' || lang !== 'fr') {
    throw new JourneyError(`on the English page the French tutorial title has lang=${lang}`);
  }
  await check(page, '13-tuto-en');
  await clickThrough(page, page.locator('[data-lang-switch]'), 'the language switch back');
}

async function learnerManagesTheAccount(page) {
  log('learner: name and data');
  await clickThrough(page, page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon compte' }), 'Mon compte');
  const names = main(page).getByRole('region', { name: 'Changer de nom' });
  await (await find(page, names.getByLabel('Prénom'), 'first name')).fill('Noémie');
  await clickThrough(page, names.getByRole('button', { name: 'Enregistrer mon nom' }), 'the save-name button');
  await expectText(page, main(page), 'Noémie', 'the new first name');
  await check(page, '14-compte');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    main(page).getByRole('link', { name: 'Télécharger mes données (JSON)' }).click(),
  ]);
  const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
  if (data.account?.first_name !== 'Noémie' || !Array.isArray(data.evaluations) || !Array.isArray(data.campaign_participations)) {
    throw new JourneyError(`the data download is not the account's: ${JSON.stringify(data).slice(0, 300)}`);
  }
  log(`  data download: ${download.suggestedFilename()}, ${data.saved_tutorials.length} saved tutorial(s)`);
}

run('Acquis site (issue 10)', async (session) => {
  if (!INVITATION || !ORG_NAME) throw new JourneyError('SITE_INVITATION and SITE_ORG_NAME must be set (see `acquis org create`)');
  const page = await session.newPage('visitor');
  await visitorLooksAround(page);
  await visitorSignsUpFromTheInvitation(page);
  await learnerKeepsATutorial(page);
  await learnerManagesTheAccount(page);
  return { summary: ['site scenario complete'] };
});

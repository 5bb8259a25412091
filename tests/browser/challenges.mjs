#!/usr/bin/env node
// Every kind of challenge of Acquis in headless Chromium: the twelve simulators of the demo
// content, a timed challenge (its notice, its countdown), a timed challenge whose time is over,
// a focused challenge left for another window, and a challenge with attachments.
//
//   CASES='[{"name","competence","challenge","assessment"}]' LEARNER_EMAIL=… LEARNER_PASSWORD=… \
//     node tests/browser/challenges.mjs [BASE_URL] [ARTIFACTS_DIR]
//
// The cases come from crates/cli/tests/browser.rs, which leaves each challenge current in an
// assessment of the learner (one competence per case). For each case the scenario opens the
// real challenge page, does what the instruction asks (inside the simulator's sandboxed frame
// where there is one), answers, then reads the competence's results page: the verdict, and
// what the learner did in words — never the simulator's internal token.

import {
  JourneyError,
  check,
  expectPath,
  expectText,
  find,
  follow,
  log,
  need,
  open,
  path,
  run,
  visibleText,
} from './lib.mjs';

const CASES = JSON.parse(process.env.CASES || '[]');
const EMAIL = process.env.LEARNER_EMAIL;
const PASSWORD = process.env.LEARNER_PASSWORD;

/**
 * What to do in each simulator (`sim` is the frame), the words the results page must show for
 * it, and the internal token it must never show.
 */
const SIMULATORS = {
  async moteur(sim) {
    await sim.getByLabel('Rechercher').fill('horaires piscine Saint-Clair');
    await sim.getByRole('button', { name: 'Rechercher' }).click();
    await sim.getByRole('link', { name: 'Piscine municipale – Ville de Saint-Clair' }).click();
    return { words: /ouvert le résultat « Piscine municipale – Ville de Saint-Clair »/, token: 'page:mairie-saint-clair' };
  },
  async explorateur(sim) {
    await sim.getByLabel('Rechercher dans tous les fichiers').fill('2026-02');
    await sim.locator('tr.file', { hasText: '2026-02_facture_electricite.pdf' }).first().click();
    await sim.getByRole('button', { name: 'Ouvrir', exact: true }).click();
    return { words: /Fichier ouvert : \/Documents\/Factures\/2026-02_facture_electricite\.pdf/, token: 'ouvrir:/Documents' };
  },
  async tableur(sim) {
    await sim.locator('#cell-D2').click();
    await sim.locator('#formula').fill('=B2*C2');
    await sim.locator('#formula').press('Enter');
    return { words: /Cellule D2 : =B2\*C2/, token: 'D2:=B2*C2' };
  },
  async messagerie(sim) {
    await sim.getByRole('button', { name: /Sophie Martin/ }).first().click();
    await sim.getByRole('button', { name: 'Répondre', exact: true }).click();
    await sim.getByRole('textbox', { name: 'Message', exact: true }).fill('Avec plaisir, je serai là.');
    await sim.getByRole('button', { name: 'Envoyer' }).click();
    return { words: /Message envoyé à sophie\.martin@asso-tilleuls\.fr/, token: 'a=sophie' };
  },
  async 'reseau-social'(sim) {
    await sim.getByPlaceholder('Quoi de neuf, Camille ?').fill('Joyeux anniversaire !');
    await sim.getByLabel("Gâteau d'anniversaire (sans personne)").check();
    await sim.locator('#audience').selectOption('famille');
    await sim.getByRole('button', { name: 'Publier' }).click();
    return { words: /Publication en ligne \(Liste « Famille »/, token: 'publier;audience' };
  },
  async 'historique-versions'(sim) {
    await sim.locator('#versions button', { hasText: '14:40' }).click();
    await sim.getByRole('button', { name: 'Désigner cette modification' }).click();
    return { words: /désigné la version du lundi 4 mai, 14:40 \(Chloé Martin\)/, token: 'designer:v3' };
  },
  async 'traitement-texte'(sim) {
    await sim.locator('.para').first().click();
    await sim.getByLabel('Style du paragraphe').selectOption('titre1');
    await sim.getByRole('button', { name: 'Terminer' }).click();
    return { words: /paragraphe 1 en « Titre 1 »/, token: 'titre1' };
  },
  async robot(sim) {
    const press = async (name) => sim.getByRole('button', { name, exact: true }).click();
    // A1 facing east: B1, turn south, B2 B3, turn east, C3 D3 E3 F3 (the rocks are elsewhere).
    for (const op of ["Avancer d'une case", 'Tourner à droite', "Avancer d'une case", "Avancer d'une case",
      'Tourner à gauche', "Avancer d'une case", "Avancer d'une case", "Avancer d'une case", "Avancer d'une case"]) {
      await press(op);
    }
    await press('Exécuter le programme');
    return { words: /Programme terminé : le robot est en F3/, token: 'fin:F3', wait: 6_000 };
  },
  async hameconnage(sim) {
    await sim.getByRole('button', { name: /Assurance Maladie/ }).first().click();
    await sim.getByRole('button', { name: 'Signaler comme hameçonnage' }).click();
    return { words: /signalé comme hameçonnage/, token: 'signaler:ameli' };
  },
  async confidentialite(sim) {
    await sim.locator('#profil').selectOption('contacts');
    await sim.getByRole('button', { name: /Enregistrer les réglages/ }).click();
    return { words: /profil visible par « Mes contacts uniquement »/, token: 'profil=contacts' };
  },
  async 'parametres-reseau'(sim) {
    const airplane = sim.getByRole('switch', { name: 'Mode avion' });
    if (await airplane.isChecked()) await airplane.click();
    const wifi = sim.getByRole('switch', { name: 'Wi-Fi' });
    if (!(await wifi.isChecked())) await wifi.click();
    await sim.getByRole('button', { name: 'Se connecter à Maison-5G' }).click();
    await sim.getByRole('button', { name: 'Tester la connexion' }).click();
    return { words: /connecté au réseau « Maison-5G »/, token: 'wifi=Maison-5G' };
  },
  async installateur(sim) {
    const next = () => sim.getByRole('button', { name: 'Suivant' }).click();
    await next(); // welcome
    await sim.locator('#accepte').check();
    await next(); // licence
    await sim.locator('#type-perso').check();
    await next(); // custom install
    await sim.locator('#c-barre').uncheck();
    await sim.locator('#c-moteur').uncheck();
    await next(); // components
    await sim.locator('#offre-non').check();
    await next(); // partner offer
    await sim.getByRole('button', { name: 'Installer' }).click(); // ready: install
    return { words: /terminé l'installation, sans aucune offre supplémentaire/, token: 'installe;extras' };
  },
};

async function signIn(page) {
  await open(page, '/connexion');
  const form = await need(page, 'form[action="/connexion"]', 'the sign-in form');
  await form.locator('input[name=email]').fill(EMAIL);
  await form.locator('input[name=password]').fill(PASSWORD);
  const submit = await find(page, page.locator('form[action="/connexion"] button[type=submit]'), 'the sign-in button');
  await follow(page, () => submit.click(), 'signing in');
}

async function submitAnswer(page) {
  const submit = await need(page, '#answer-form button[name=action][value=answer]', 'the answer button');
  await follow(page, () => submit.click(), 'submitting the answer');
}

/** The first reviewed item of the competence's results page (the case's answer). */
async function firstResult(page, c) {
  await open(page, `/competences/${c.competence}/resultats`);
  await expectPath(page, /\/resultats$/, 'the results page');
  return page.locator('ol.review > li').first();
}

async function simulatorCase(page, c) {
  const perform = SIMULATORS[c.name];
  const frame = await need(page, 'iframe[data-embed]', `the simulator frame of ${c.challenge}`);
  const sandbox = await frame.getAttribute('sandbox');
  if (/allow-same-origin/.test(sandbox || '')) throw new JourneyError(`${c.challenge}: the simulator frame is same-origin (${sandbox})`);
  const sim = page.frameLocator('iframe[data-embed]');
  const expected = await perform(sim);
  // The simulator's answer reaches the form: the hidden input and, in words, the page.
  const action = page.locator('[data-embed-action]');
  try {
    await page.waitForFunction(
      () => document.querySelector('#answer-form [data-input]')?.value !== '',
      null,
      { timeout: expected.wait || 5_000 },
    );
  } catch {
    throw new JourneyError(`${c.challenge} (${c.name}): the simulator's answer never reached the form; the page says: ${await visibleText(page, '[data-embed-action]')}`);
  }
  await expectText(page, action, expected.words, `${c.name}: what the learner did, shown before answering`);
  const shown = await page.locator('main').innerText();
  if (shown.includes(expected.token)) throw new JourneyError(`${c.challenge}: the page shows the internal token ${expected.token}`);
  await check(page, `sim-${c.name}`);
  await submitAnswer(page);
  const item = await firstResult(page, c);
  await expectText(page, item.locator('h2'), 'Réussie', `${c.name}: the verdict`);
  await expectText(page, item.locator('dl.answers dd').first(), expected.words, `${c.name}: the answer in words`);
  const review = await item.innerText();
  if (review.includes(expected.token)) throw new JourneyError(`${c.challenge}: the correction shows the internal token ${expected.token}`);
  return `${c.name}: answered in the simulator, marked right, shown in words`;
}

async function timedCase(page, c) {
  await expectText(page, page.locator('main'), 'Cette épreuve est chronométrée', 'the notice before a timed challenge');
  if ((await page.locator('#answer-form').count()) > 0) throw new JourneyError(`${c.challenge}: the challenge shows before its notice is accepted`);
  await check(page, 'timed-notice');
  const start = await find(page, page.getByRole('button', { name: "Commencer l'épreuve" }), 'the start button');
  await follow(page, () => start.click(), 'starting the timed challenge');
  const countdown = page.locator('.timer .countdown');
  const seconds = async () => {
    const t = await countdown.innerText();
    const m = /(?:(\d+) min )?(\d+) s/.exec(t);
    if (!m) throw new JourneyError(`${c.challenge}: unreadable countdown ${JSON.stringify(t)}`);
    return Number(m[1] || 0) * 60 + Number(m[2]);
  };
  const first = await seconds();
  await page.waitForTimeout(2_200);
  const later = await seconds();
  if (!(later < first && first <= 30)) throw new JourneyError(`${c.challenge}: the countdown did not run (${first} s, then ${later} s)`);
  await check(page, 'timed-running');
  await page.getByLabel(/./).and(page.locator('#answer-form input[name^="input_"]')).first().fill('3018');
  await submitAnswer(page);
  const item = await firstResult(page, c);
  await expectText(page, item.locator('h2'), 'Réussie', 'a timed challenge answered in time');
  return `${c.name}: notice, then a countdown from ${first} s (${later} s 2.2 s later), answered in time`;
}

async function expiredCase(page, c) {
  const expired = page.locator('[data-timer-expired]');
  if (!(await expired.isVisible())) throw new JourneyError(`${c.challenge}: no message that the time is over`);
  await expectText(page, expired, 'Le temps est écoulé', 'the time-over message');
  await check(page, 'timed-over');
  await page.locator('#answer-form input[name^="input_"]').first().fill('1000');
  await submitAnswer(page);
  const item = await firstResult(page, c);
  await expectText(page, item.locator('h2'), 'Hors délai', 'a late answer');
  return `${c.name}: time over said on the page, the right answer counted late`;
}

async function focusedCase(page, c, browser) {
  await expectText(page, page.locator('[data-focused]'), 'sans quitter cette page', 'the focused-challenge notice');
  // The learner switches to another tab, then comes back. Playwright keeps every page
  // focused unless told otherwise: let focus really move, as in a browser with tabs.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
  const other = await page.context().newPage();
  await other.goto('about:blank');
  await other.bringToFront();
  await page.waitForTimeout(500);
  await page.bringToFront();
  const said = page.locator('[data-left-page]');
  try {
    await said.waitFor({ state: 'visible', timeout: 5_000 });
  } catch {
    throw new JourneyError(`${c.challenge}: leaving the focused challenge was not said on the page`);
  }
  await other.close();
  await check(page, 'focused-left');
  await page.locator('#answer-form input[type=radio][name=answer]').first().check();
  await submitAnswer(page);
  const item = await firstResult(page, c);
  await expectText(page, item.locator('h2'), 'Page quittée', 'a focused challenge left');
  void browser;
  return `${c.name}: leaving the page recorded (the right choice counted as left) and said`;
}

async function attachmentCase(page, c) {
  const links = page.locator('.attachments a');
  const n = await links.count();
  if (n === 0) throw new JourneyError(`${c.challenge}: no attachment link`);
  for (let i = 0; i < n; i++) {
    const href = await links.nth(i).getAttribute('href');
    const response = await page.request.get(new URL(href, page.url()).toString());
    if (!response.ok()) throw new JourneyError(`${c.challenge}: attachment ${href} answered HTTP ${response.status()}`);
    if ((await response.body()).length === 0) throw new JourneyError(`${c.challenge}: attachment ${href} is empty`);
  }
  await expectText(page, page.locator('.attachments'), /\(HTML, [\d,]+\s?Ko\)/, 'the type and size of the attachment');
  // A page can be read in a new tab as well as downloaded.
  const opened = page.waitForEvent('popup');
  await page.locator('.attachments a[target=_blank]').first().click();
  const tab = await opened;
  await tab.waitForLoadState('load');
  const tabText = await tab.locator('body').innerText();
  if (!tabText.trim()) throw new JourneyError(`${c.challenge}: the attachment opened in a new tab is empty`);
  await tab.close();
  const download = page.waitForEvent('download');
  await links.filter({ hasText: /Télécharger/ }).first().click();
  const file = await download;
  const name = file.suggestedFilename();
  await check(page, 'attachments');
  await page.locator('#answer-form input[name^="input_"]').first().fill('2');
  await submitAnswer(page);
  const item = await firstResult(page, c);
  await expectText(page, item.locator('h2'), 'Réussie', 'the attachment challenge');
  return `${c.name}: ${n} attachment link(s) served, one opened in a new tab, ${name} downloaded, answered right`;
}

async function scenario(browser) {
  if (!CASES.length || !EMAIL || !PASSWORD) throw new JourneyError('CASES, LEARNER_EMAIL and LEARNER_PASSWORD are required');
  const page = await browser.newPage('learner');
  log('sign-in');
  await signIn(page);
  const summary = [];
  for (const c of CASES) {
    log(`${c.name} (${c.challenge})`);
    await open(page, `/evaluations/${c.assessment}`);
    await expectPath(page, /^\/evaluations\/\d+$/, `the challenge page of ${c.challenge}`);
    let line;
    if (SIMULATORS[c.name]) line = await simulatorCase(page, c);
    else if (c.name === 'chronometree') line = await timedCase(page, c);
    else if (c.name === 'temps-ecoule') line = await expiredCase(page, c);
    else if (c.name === 'focalisee') line = await focusedCase(page, c, browser);
    else if (c.name === 'pieces-jointes') line = await attachmentCase(page, c);
    else throw new JourneyError(`no steps for case ${c.name}`);
    log(`  ${line}`);
    summary.push(line);
  }
  await check(page, 'results');
  void path;
  return { summary };
}

run('Every kind of challenge', scenario);

#!/usr/bin/env node
// The operator's support journey in headless Chromium, with axe-core on every page visited.
//
//   ACQUIS_BIN=… ACQUIS_WORKDIR=… node tests/browser/support.mjs [BASE_URL] [ARTIFACTS_DIR]
//
// $ACQUIS_BIN and $ACQUIS_WORKDIR are the `acquis` binary and the folder the server runs in:
// the first operator is made there with `acquis admin create`, as on a real server.
//
// Scenario, by clicking and typing, fields found by their labels and controls by their roles:
//   1. a learner signs up, signs out, then mistypes their password ten times: sign-in is
//      locked;
//   2. a support agent signs up; `acquis admin create --email … --role SUPPORT` makes them an
//      operator; the "Administration" link appears; they search the learner (too short a
//      "contains" search is refused with its reason beside the field, then the right one),
//      open their page (locked: yes), unblock the account; the learner signs in again;
//   3. the agent corrects the learner's first name (a blank name is refused beside the
//      field), then anonymises the account after its confirmation page; the learner can no
//      longer sign in;
//   4. the audit log shows the three actions with the agent and their role; the CSV export
//      downloads and holds them.
// Exit 0 when the scenario completes and axe-core (WCAG 2.0/2.1 A and AA) finds no violation on
// any page; exit 1 otherwise.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  ARTIFACTS,
  JourneyError,
  check,
  clickThrough,
  expectPath,
  expectText,
  find,
  log,
  open,
  run,
} from './lib.mjs';

const ACQUIS_BIN = process.env.ACQUIS_BIN || '';
const ACQUIS_WORKDIR = process.env.ACQUIS_WORKDIR || '';
const PASSWORD = 'Motdepasse1';
const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const learner = { first: 'Paulin', last: 'Verrou', email: `paulin-${stamp}@example.org` };
const agent = { first: 'Sandrine', last: 'Support', email: `support-${stamp}@example.org` };

function main(page) {
  return page.getByRole('main');
}

async function signUp(page, person, shot) {
  await open(page, '/inscription');
  if (shot) await check(page, shot);
  const form = main(page);
  await (await find(page, form.getByLabel('Prénom'), 'the first name field')).fill(person.first);
  await (await find(page, form.getByLabel('Nom', { exact: true }), 'the last name field')).fill(person.last);
  await (await find(page, form.getByLabel('Adresse électronique'), 'the email field')).fill(person.email);
  await (await find(page, form.getByLabel('Mot de passe'), 'the password field')).fill(PASSWORD);
  await (await find(page, form.getByRole('checkbox', { name: /conditions d'utilisation/ }), 'the terms checkbox')).check();
  await clickThrough(page, form.getByRole('button', { name: 'Créer mon compte' }), 'the sign-up button');
  await expectPath(page, /^\/competences$/, `the profile after ${person.email} signed up`);
}

async function signIn(page, email, password) {
  await open(page, '/connexion');
  const form = main(page);
  await (await find(page, form.getByLabel('Adresse électronique'), 'the email field')).fill(email);
  await (await find(page, form.getByLabel('Mot de passe'), 'the password field')).fill(password);
  await clickThrough(page, form.getByRole('button', { name: 'Se connecter' }), 'the sign-in button');
}

async function signOut(page) {
  await clickThrough(page, page.getByRole('button', { name: 'Se déconnecter' }), 'the sign-out button');
}

async function learnerGetsLocked(page) {
  log('learner: signs up, then mistypes the password ten times');
  await signUp(page, learner, '01-inscription');
  await signOut(page);
  for (let i = 0; i < 10; i++) {
    await signIn(page, learner.email, 'Mauvais1mot');
  }
  await signIn(page, learner.email, PASSWORD);
  await expectText(page, main(page), 'votre compte est bloqué', 'the lock message');
  await check(page, '02-connexion-bloquee');
}

async function agentBecomesOperator(page) {
  if (!ACQUIS_BIN || !ACQUIS_WORKDIR) throw new JourneyError('ACQUIS_BIN and ACQUIS_WORKDIR must be set');
  log('support agent: signs up and is made an operator from the command line');
  await signUp(page, agent);
  const printed = execFileSync(ACQUIS_BIN, ['admin', 'create', '--email', agent.email, '--role', 'SUPPORT'], {
    cwd: ACQUIS_WORKDIR,
    encoding: 'utf8',
  });
  if (!printed.includes('is now an operator: SUPPORT')) throw new JourneyError(`acquis admin create said: ${printed}`);
  await open(page, '/competences');
  await clickThrough(page, page.getByRole('link', { name: 'Administration' }), 'the Administration link');
  await expectPath(page, /^\/admin$/, "the operator's home");
  await expectText(page, main(page), 'Support', 'the role on the home page');
  await check(page, '03-admin-accueil');
}

async function agentUnblocks(page, learnerPage) {
  log('support agent: finds the learner and unblocks them');
  const nav = page.getByRole('navigation', { name: 'Administration' });
  await clickThrough(page, nav.getByRole('link', { name: 'Personnes' }), 'the People tab');
  await expectPath(page, /^\/admin\/personnes$/, 'the people search');
  await check(page, '04-personnes');
  const form = main(page).getByRole('search');
  const term = await find(page, form.getByLabel('Rechercher', { exact: true }), 'the search field');
  await term.fill('pa');
  await (await find(page, form.getByLabel(/^Contient/), 'the contains choice')).check();
  await clickThrough(page, form.getByRole('button', { name: 'Rechercher' }), 'the search button');
  await expectText(page, main(page), 'au moins 3 caractères', 'the reason a short search is refused');
  await check(page, '05-recherche-trop-courte');
  await (await find(page, main(page).getByRole('search').getByLabel('Rechercher', { exact: true }), 'the search field')).fill(`paulin-${stamp}`);
  await clickThrough(page, main(page).getByRole('search').getByRole('button', { name: 'Rechercher' }), 'the search button');
  const row = main(page).getByRole('link', { name: `${learner.first} ${learner.last}` });
  await clickThrough(page, row, "the learner's row");
  await expectPath(page, /^\/admin\/personnes\/\d+$/, "the learner's page");
  await expectText(page, main(page), learner.email, "the learner's email");
  await check(page, '06-personne-bloquee');
  await clickThrough(page, main(page).getByRole('button', { name: 'Débloquer la connexion' }), 'the unblock button');
  await expectText(page, page.getByRole('status'), 'débloquée', 'the unblock message');
  await signIn(learnerPage, learner.email, PASSWORD);
  await expectPath(learnerPage, /^\/competences$/, 'the learner signed in after the unblock');
  await signOut(learnerPage);
}

async function agentCorrectsAndAnonymises(page, learnerPage) {
  log('support agent: corrects the first name, then anonymises the account');
  const form = main(page).locator('form[data-correct]');
  const first = await find(page, form.getByLabel('Prénom'), 'the first name field');
  // Blank, not empty: the browser's own check lets it through, the server's refuses it.
  await first.fill('   ');
  await clickThrough(page, form.getByRole('button', { name: 'Enregistrer la correction' }), 'the save button');
  await expectText(page, main(page), 'Ce champ est obligatoire', 'the empty name refused');
  const invalid = await main(page).locator('#first_name[aria-invalid="true"]').count();
  if (invalid !== 1) throw new JourneyError('the refused field is not marked aria-invalid');
  await check(page, '07-correction-refusee');
  await (await find(page, main(page).locator('form[data-correct]').getByLabel('Prénom'), 'the first name field')).fill('Paul');
  await clickThrough(page, main(page).locator('form[data-correct]').getByRole('button', { name: 'Enregistrer la correction' }), 'the save button');
  await expectText(page, page.getByRole('status'), 'correction est enregistrée', 'the correction message');
  await expectText(page, main(page).getByRole('heading', { level: 1 }), 'Paul Verrou', 'the corrected name');
  await clickThrough(page, main(page).getByRole('link', { name: 'Anonymiser le compte' }), 'the anonymise link');
  await expectPath(page, /^\/admin\/personnes\/\d+\/anonymiser$/, 'the confirmation page');
  await check(page, '08-anonymiser-confirmation');
  await clickThrough(page, main(page).getByRole('button', { name: 'Anonymiser définitivement' }), 'the confirm button');
  await expectText(page, page.getByRole('status'), 'anonymisé', 'the anonymisation message');
  await expectText(page, main(page).getByRole('heading', { level: 1 }), 'Compte anonymisé', 'the anonymised page');
  await check(page, '09-personne-anonymisee');
  await signIn(learnerPage, learner.email, PASSWORD);
  await expectPath(learnerPage, /^\/connexion$/, 'the anonymised learner cannot sign in');
}

async function agentReadsTheLog(page) {
  log('support agent: reads and exports the audit log');
  const nav = page.getByRole('navigation', { name: 'Administration' });
  await clickThrough(page, nav.getByRole('link', { name: 'Journal' }), 'the audit log tab');
  await expectPath(page, /^\/admin\/journal$/, 'the audit log');
  const table = main(page).getByRole('table');
  for (const action of ['Compte anonymisé', 'Nom modifié', 'Compte débloqué']) {
    await expectText(page, table, action, `the entry « ${action} »`);
  }
  await expectText(page, table, agent.email, 'the operator named');
  await check(page, '10-journal');
  const link = main(page).getByRole('link', { name: 'Exporter en CSV' });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const failed = await download.failure();
  if (failed) throw new JourneyError(`the audit export failed to download: ${failed}`);
  const file = join(ARTIFACTS, 'journal.csv');
  await download.saveAs(file);
  const csv = readFileSync(file, 'utf8');
  for (const action of ['user.anonymised', 'user.renamed', 'user.unlocked']) {
    if (!csv.includes(action)) throw new JourneyError(`the CSV export lacks ${action}`);
  }
  return csv.split('\n').filter((l) => l.trim()).length - 1;
}

await run('Acquis support journey (headless Chromium)', async (browser) => {
  const learnerPage = await browser.newPage('learner');
  await learnerGetsLocked(learnerPage);
  const page = await browser.newPage('support');
  await agentBecomesOperator(page);
  await agentUnblocks(page, learnerPage);
  await agentCorrectsAndAnonymises(page, learnerPage);
  const entries = await agentReadsTheLog(page);
  return { summary: [`audit entries exported: ${entries}`] };
});

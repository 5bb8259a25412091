#!/usr/bin/env node
// Content releases in the operator's portal of Acquis, in headless Chromium, with axe-core on
// every page visited.
//
//   ADMIN_EMAIL=… CONTENT_BROKEN_ZIP=… CONTENT_FIXED_ZIP=… CONTENT_NEW_TITLE=… \
//   ACQUIS_BIN=… ACQUIS_WORKDIR=… node tests/browser/admin_content.mjs [BASE_URL] [ARTIFACTS_DIR]
//
// The two archives are the bundled content folder zipped by the Rust harness: the broken one
// has a YAML error in framework.yaml, the fixed one renames competence 1.1 ($CONTENT_NEW_TITLE)
// and changes the version. $ACQUIS_BIN and $ACQUIS_WORKDIR are the `acquis` binary and the
// folder the server runs in (for `acquis admin create`).
//
// Scenario: a person signs up, is made a super-administrator from the command line, opens
// « Contenu », uploads the broken archive and reads the report (framework.yaml:line), uploads
// the fixed one, reads the diff (competence 1.1, field title), publishes it, sees the new title
// on the learner's profile, rolls back to the first release and sees the old title again.
// Exit 0 when the scenario completes and axe-core finds no violation on any page.

import { execFileSync } from 'node:child_process';

import {
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

const ADMIN_EMAIL = process.env.ADMIN_EMAIL || '';
const BROKEN_ZIP = process.env.CONTENT_BROKEN_ZIP || '';
const FIXED_ZIP = process.env.CONTENT_FIXED_ZIP || '';
const NEW_TITLE = process.env.CONTENT_NEW_TITLE || '';
const ACQUIS_BIN = process.env.ACQUIS_BIN || '';
const ACQUIS_WORKDIR = process.env.ACQUIS_WORKDIR || '';
const PASSWORD = 'Motdepasse1';

function main(page) {
  return page.getByRole('main');
}

async function signUp(page, person) {
  await open(page, '/inscription');
  const form = main(page);
  await (await find(page, form.getByLabel('Prénom'), 'the first name field')).fill(person.first);
  await (await find(page, form.getByLabel('Nom', { exact: true }), 'the last name field')).fill(person.last);
  await (await find(page, form.getByLabel('Adresse électronique'), 'the email field')).fill(person.email);
  await (await find(page, form.getByLabel('Mot de passe'), 'the password field')).fill(PASSWORD);
  await (await find(page, form.getByRole('checkbox', { name: /conditions d'utilisation/ }), 'the terms checkbox')).check();
  await clickThrough(page, form.getByRole('button', { name: 'Créer mon compte' }), 'the sign-up button');
  await expectPath(page, /^\/competences$/, 'the profile after signing up');
}

async function uploadArchive(page, file) {
  const input = await find(page, main(page).getByLabel('Dossier de contenu (.zip)'), 'the archive file input');
  await input.setInputFiles(file);
  await clickThrough(page, main(page).getByRole('button', { name: 'Vérifier et déposer' }), 'the upload button');
}

await run('Content releases (operator portal)', async (browser) => {
  if (!ADMIN_EMAIL || !BROKEN_ZIP || !FIXED_ZIP || !NEW_TITLE || !ACQUIS_BIN || !ACQUIS_WORKDIR) {
    throw new JourneyError('ADMIN_EMAIL, CONTENT_BROKEN_ZIP, CONTENT_FIXED_ZIP, CONTENT_NEW_TITLE, ACQUIS_BIN and ACQUIS_WORKDIR must be set');
  }
  const page = await browser.newPage('super-administrator');
  log('a person signs up and is made a super-administrator from the command line');
  await signUp(page, { first: 'Sacha', last: 'Contenu', email: ADMIN_EMAIL });
  await check(page, '01-profil-avant');
  const created = execFileSync(ACQUIS_BIN, ['admin', 'create', '--email', ADMIN_EMAIL], {
    cwd: ACQUIS_WORKDIR,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!created.includes('is now an operator')) throw new JourneyError(`acquis admin create: ${created}`);

  log('the releases and the upload form');
  await open(page, '/admin');
  const nav = page.getByRole('navigation', { name: 'Administration' });
  await clickThrough(page, nav.getByRole('link', { name: 'Contenu' }), 'the content tab');
  await expectPath(page, /^\/admin\/contenu$/, 'the content releases');
  await expectText(page, main(page), 'En ligne', 'the live release marked');
  await check(page, '02-versions');
  const firstRelease = await main(page).locator('tr[data-live]').getAttribute('data-release');

  log('an archive with an error: the report, nothing stored');
  await uploadArchive(page, BROKEN_ZIP);
  await expectText(page, main(page), 'Le contenu déposé comporte des erreurs', 'the report page');
  await expectText(page, main(page), /framework\.yaml:\d+:/, 'an error at a line of framework.yaml');
  await expectText(page, main(page), 'Rien n’a été enregistré', 'nothing stored');
  await check(page, '03-rapport-erreurs');

  log('the fixed archive: the diff against the live release');
  await uploadArchive(page, FIXED_ZIP);
  await expectPath(page, /^\/admin\/contenu\/\d+$/, 'the new release page');
  await expectText(page, page.getByRole('status'), 'sans être publiée', 'the upload message');
  const competences = main(page).locator('table[data-diff="competences"]');
  await expectText(page, competences, '1.1', 'competence 1.1 in the diff');
  await expectText(page, competences, 'title', 'its changed field');
  await check(page, '04-difference');

  log('publish: the learner side serves the new release');
  await clickThrough(page, main(page).getByRole('button', { name: 'Publier cette version' }), 'the publish button');
  await expectText(page, page.getByRole('status'), 'La version est publiée', 'the publication message');
  await check(page, '05-publiee');
  await open(page, '/competences');
  await expectText(page, main(page), NEW_TITLE, 'the new competence title on the profile');
  await check(page, '06-profil-nouvelle-version');

  log('roll back to the first release');
  await open(page, `/admin/contenu/${firstRelease}`);
  await check(page, '07-version-precedente');
  await clickThrough(page, main(page).getByRole('button', { name: 'Revenir à cette version' }), 'the rollback button');
  await expectText(page, page.getByRole('status'), 'La version est publiée', 'the rollback message');
  await open(page, '/competences');
  const profile = await main(page).innerText();
  if (profile.includes(NEW_TITLE)) throw new JourneyError('the profile still shows the new title after the rollback');
  await check(page, '08-profil-apres-retour');
  return { summary: [`release ${firstRelease} live again after publishing the fixed upload and rolling back`] };
});

#!/usr/bin/env node
// The organisation portal of Acquis in headless Chromium, with axe-core on every page visited.
//
//   ORGA_INVITATION=… ORGA_ADMIN_EMAIL=… ORGA_NAME=… node tests/browser/orga.mjs [BASE_URL] [ARTIFACTS_DIR]
//
// The organisation exists already: `acquis org create` made it and printed the invitation link
// of its first administrator ($ORGA_INVITATION, for $ORGA_ADMIN_EMAIL; only its path and query
// are used, on BASE_URL). Arguments and the other variables as in lib.mjs.
//
// Scenario, by clicking and typing, fields found by their labels and controls by their roles:
//   1. the administrator creates an account, accepts the invitation, signs out and in again,
//      creates a target profile (one tube of competence 1.1 capped at level 2, two stages) and
//      an assessment campaign on it asking for a student number, reads the campaign code, and
//      looks at the members and learners pages;
//   2. a learner (another browser context) creates an account, types the code on /campagnes,
//      goes through the landing page and the student number, answers until the test ends, sees
//      the results page (mastery, stage) and shares the results;
//   3. the administrator copies the campaign code with its "Copier" button, imports the
//      learners list (pasted) which holds the learner — who joined before the list existed — in
//      class 3e A, then imports it again (nobody created twice), searches the learners; sees the
//      participant as shared in the follow-up, now with their class, stage counted 1 of N, and
//      "1–1 sur 1"; asks to remind (confirmation page, cancelled); opens the participant's page
//      and the analysis (data behind "Voir les données"), downloads the CSV export (UTF-8 BOM,
//      `;`, a row with the learner's student number, "Palier obtenu (/2)") and archives the
//      campaign after its confirmation page.
// Exit 0 when the scenario completes and axe-core (WCAG 2.0/2.1 A and AA) finds no violation on
// any page; exit 1 otherwise, with the list of problems.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARTIFACTS,
  BASE_URL,
  JourneyError,
  check,
  clickThrough,
  completeTest,
  expectPath,
  expectText,
  find,
  log,
  open,
  path,
  run,
} from './lib.mjs';

const INVITATION = process.env.ORGA_INVITATION || '';
const ADMIN_EMAIL = process.env.ORGA_ADMIN_EMAIL || '';
const ORG_NAME = process.env.ORGA_NAME || '';
const PASSWORD = 'Motdepasse1';
/** The target profile's only tube (competence 1.1), capped low so the test ends quickly. */
const TUBE = 'Formuler une requête avec des mots-clés';
const CAP = '2';
const MAX_CHALLENGES = 20;
/** The code format of DESIGN.md: 6 letters then 3 digits from the unambiguous sets. */
/** (The « Copier le code » button follows the code in the same definition.) */
const CODE = /\b([BCDFGHJKMPQRTVWXY]{6}[2346789]{3})(?!\d)/;

const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const profileName = `Recherche web ${stamp}`;
const campaignTitle = `Rentrée numérique ${stamp}`;
const landingText = 'Bienvenue ! Ce court test porte sur la recherche avec un moteur.';
const studentNumber = `E${Date.now() % 1_000_000}`;
const learner = { first: 'Camille', last: 'Orga', email: `apprenant-${stamp}@example.org` };
const admin = { first: 'Dominique', last: 'Admin', email: ADMIN_EMAIL };

function main(page) {
  return page.getByRole('main');
}

/** Fills the sign-up form of /inscription for `person` and lands on the profile. */
async function signUp(page, person, shot) {
  await open(page, '/inscription');
  await check(page, shot);
  const form = main(page);
  await (await find(page, form.getByLabel('Prénom'), 'the first name field')).fill(person.first);
  await (await find(page, form.getByLabel('Nom', { exact: true }), 'the last name field')).fill(person.last);
  await (await find(page, form.getByLabel('Adresse électronique'), 'the email field')).fill(person.email);
  await (await find(page, form.getByLabel('Mot de passe'), 'the password field')).fill(PASSWORD);
  // Keyboard: tick the terms with the space bar.
  const terms = await find(page, form.getByRole('checkbox', { name: /conditions d'utilisation/ }), 'the terms checkbox');
  await terms.focus();
  await page.keyboard.press('Space');
  await clickThrough(page, form.getByRole('button', { name: 'Créer mon compte' }), 'the sign-up button');
  await expectPath(page, /^\/competences$/, `the profile after ${person.email} signed up`);
}

async function administratorSetsUp(page) {
  if (!INVITATION || !ADMIN_EMAIL || !ORG_NAME) {
    throw new JourneyError('ORGA_INVITATION, ORGA_ADMIN_EMAIL and ORGA_NAME must be set (see `acquis org create`)');
  }
  log('administrator: account and invitation');
  await signUp(page, admin, '01-admin-inscription');
  await open(page, '/orga');
  await expectPath(page, /^\/orga$/, 'the list of organisations (none yet)');
  await expectText(page, main(page), "Vous n'êtes membre d'aucune organisation", 'the organisations of a new account');
  await check(page, '02-orga-aucune');
  await open(page, INVITATION);
  await expectPath(page, /^\/orga\/rejoindre$/, 'the invitation page');
  await expectText(page, main(page), ORG_NAME, 'the invitation names the organisation');
  await check(page, '03-orga-rejoindre');
  await clickThrough(page, main(page).getByRole('button', { name: "Accepter l'invitation" }), 'the accept button');
  await expectPath(page, /^\/orga\/\d+$/, "the organisation's campaigns");
  await expectText(page, page.getByRole('status'), 'membre de l', 'the welcome message');
  await check(page, '04-orga-campagnes-vide');

  log('administrator: signs out and in again');
  await clickThrough(page, page.getByRole('button', { name: 'Se déconnecter' }), 'the sign-out button');
  await open(page, '/orga');
  await expectPath(page, /^\/connexion$/, 'the sign-in page (the portal needs an account)');
  await (await find(page, main(page).getByLabel('Adresse électronique'), 'the email field')).fill(ADMIN_EMAIL);
  await (await find(page, main(page).getByLabel('Mot de passe'), 'the password field')).fill(PASSWORD);
  await clickThrough(page, main(page).getByRole('button', { name: 'Se connecter' }), 'the sign-in button');
  await expectPath(page, /^\/orga\/\d+$/, 'the organisation (its only one) after signing in');
  const orgPath = path(page);
  const orgNav = page.getByRole('navigation', { name: 'Organisation' });

  log('administrator: target profile');
  await clickThrough(page, orgNav.getByRole('link', { name: 'Profils cibles' }), 'the target profiles tab');
  await expectPath(page, /^\/orga\/\d+\/profils-cibles$/, 'the target profiles');
  await check(page, '05-orga-profils-cibles-vide');
  await clickThrough(page, main(page).getByRole('link', { name: 'Créer un profil cible' }), 'the new profile link');
  await expectPath(page, /^\/orga\/\d+\/profils-cibles\/nouveau$/, 'the target profile form');
  await check(page, '06-orga-profil-cible-formulaire');
  const form = main(page);
  await (await find(page, form.getByLabel('Nom', { exact: true }), 'the name field')).fill(profileName);
  await (await find(page, form.getByLabel('Description'), 'the description field')).fill('Un seul sujet, niveaux 1 et 2.');
  await (await find(page, form.getByLabel(/Durée estimée/), 'the duration field')).fill('5');
  const competence = form.getByRole('group', { name: /^1\.1 / });
  await (await find(page, competence.getByRole('checkbox', { name: TUBE, exact: true }), `the tube « ${TUBE} »`)).check();
  await (await find(page, competence.getByLabel(`Niveau maximum – ${TUBE}`), `the level cap of « ${TUBE} »`)).selectOption(CAP);
  const stages = [
    { threshold: '0', title: 'Premiers pas', forOrg: 'Débutant' },
    { threshold: '50', title: 'Bonne maîtrise', forOrg: 'Confirmé' },
  ];
  for (const [i, s] of stages.entries()) {
    const group = form.getByRole('group', { name: `Palier ${i + 1}`, exact: true });
    await (await find(page, group.getByLabel(/^Seuil/), `the threshold of stage ${i + 1}`)).fill(s.threshold);
    await (await find(page, group.getByLabel('Titre', { exact: true }), `the title of stage ${i + 1}`)).fill(s.title);
    await (await find(page, group.getByLabel("Message à l'apprenant"), `the message of stage ${i + 1}`)).fill(`Palier « ${s.title} » atteint.`);
    await (await find(page, group.getByLabel("Titre pour l'organisation"), `the organisation's title of stage ${i + 1}`)).fill(s.forOrg);
  }
  await clickThrough(page, form.getByRole('button', { name: 'Créer le profil cible' }), 'the create-profile button');
  await expectPath(page, /^\/orga\/\d+\/profils-cibles$/, 'the target profiles after creating one');
  const profileRow = main(page).getByRole('row').filter({ hasText: profileName });
  await find(page, profileRow, `the row of the profile « ${profileName} »`);
  await check(page, '07-orga-profils-cibles');

  log('administrator: campaign');
  await clickThrough(page, orgNav.getByRole('link', { name: 'Campagnes' }), 'the campaigns tab');
  await expectPath(page, /^\/orga\/\d+$/, 'the campaigns');
  await clickThrough(page, main(page).getByRole('link', { name: 'Créer une campagne' }), 'the new campaign link');
  await expectPath(page, /^\/orga\/\d+\/campagnes\/nouvelle$/, 'the campaign form');
  await check(page, '08-orga-campagne-formulaire');
  const cform = main(page);
  await (await find(page, cform.getByRole('radio', { name: 'Évaluation' }), 'the assessment kind')).check();
  await (await find(page, cform.getByLabel('Profil cible'), 'the target profile list')).selectOption({ label: profileName });
  await (await find(page, cform.getByLabel('Titre', { exact: true }), 'the title field')).fill(campaignTitle);
  await (await find(page, cform.getByLabel(/page d'accueil de la campagne/), 'the landing text')).fill(landingText);
  await (await find(page, cform.getByLabel('Texte de la page de résultats'), 'the results text')).fill('Merci ! Envoyez vos résultats à votre établissement.');
  await (await find(page, cform.getByLabel(/^Libellé demandé/), 'the external id label')).fill('Numéro étudiant');
  await (await find(page, cform.getByRole('radio', { name: 'Texte libre' }), 'the free text kind of external id')).check();
  await clickThrough(page, cform.getByRole('button', { name: 'Créer la campagne' }), 'the create-campaign button');
  await expectPath(page, /^\/orga\/\d+\/campagnes\/\d+$/, 'the new campaign');
  const campaignPath = path(page);
  await expectText(page, page.getByRole('heading', { level: 1 }), campaignTitle, 'the campaign title');
  // The code, read as a person reads it: the definition of the term « Code ».
  const codeTerm = await find(page, main(page).getByRole('term').filter({ hasText: /^Code$/ }), 'the term « Code »');
  const shown = (await codeTerm.locator('xpath=following-sibling::dd[1]').innerText()).trim();
  const match = CODE.exec(shown);
  if (!match) throw new JourneyError(`${campaignPath}: the campaign code ${JSON.stringify(shown)} is not 6 letters and 3 digits`);
  const code = match[1];
  await find(page, main(page).getByRole('link', { name: new RegExp(`/campagnes/${code}$`) }), 'the link to share');
  await check(page, '09-orga-campagne-creee');
  log(`  campaign ${campaignPath}, code ${code}`);

  log('administrator: members and learners');
  await clickThrough(page, orgNav.getByRole('link', { name: 'Membres' }), 'the members tab');
  await expectPath(page, /^\/orga\/\d+\/membres$/, 'the members');
  await expectText(page, main(page).getByRole('table', { name: "Membres de l'organisation" }), ADMIN_EMAIL, 'the administrator among the members');
  await check(page, '10-orga-membres');
  await clickThrough(page, orgNav.getByRole('link', { name: 'Apprenants' }), 'the learners tab');
  await expectPath(page, /^\/orga\/\d+\/apprenants$/, 'the learners');
  await check(page, '11-orga-apprenants');
  return { orgPath, campaignPath, code };
}

async function learnerTakesTheCampaign(page, code) {
  log('learner: account, code, landing page');
  await signUp(page, learner, '12-apprenant-inscription');
  await open(page, '/campagnes');
  await check(page, '13-apprenant-code');
  const codeField = await find(page, main(page).getByLabel('Code du parcours'), 'the code field');
  await codeField.click();
  await page.keyboard.type(code);
  await clickThrough(page, main(page).getByRole('button', { name: 'Accéder au parcours' }), 'the code button');
  await expectPath(page, new RegExp(`^/campagnes/${code}$`), 'the landing page');
  await expectText(page, main(page), landingText, 'the landing text');
  await expectText(page, main(page), ORG_NAME, 'the organisation on the landing page');
  await check(page, '14-apprenant-accueil-campagne');
  await (await find(page, main(page).getByLabel('Numéro étudiant'), 'the student number field')).fill(studentNumber);
  await clickThrough(page, main(page).getByRole('button', { name: 'Commencer le parcours' }), 'the start button');

  log('learner: the test');
  const results = new RegExp(`^/campagnes/${code}/resultats$`);
  const { answers, checkpoints } = await completeTest(page, { end: results, maxChallenges: MAX_CHALLENGES, shots: '15-apprenant-' });
  log(`  ${answers} challenge(s) answered, ${checkpoints} checkpoint(s)`);

  log('learner: results and sharing');
  await expectText(page, page.getByRole('heading', { level: 1 }), 'Vos résultats', 'the results heading');
  const masteryText = await expectText(page, main(page), /\d+ % de réussite/, 'the mastery rate');
  const mastery = /(\d+) % de réussite/.exec(masteryText)[1];
  // Stages are counted from 1 of N: with two stages, « Palier 1 / 2 » or « Palier 2 / 2 ».
  const stageHeading = await find(page, main(page).getByRole('heading', { name: /^Palier [12] \/ 2 : / }), 'the stage reached, 1 of 2');
  const stage = (await stageHeading.innerText()).replace(/^Palier [12] \/ 2 : /, '').trim();
  if (!['Premiers pas', 'Bonne maîtrise'].includes(stage)) throw new JourneyError(`${path(page)}: unknown stage ${JSON.stringify(stage)}`);
  await find(page, main(page).getByRole('table', { name: 'Réussite par compétence' }).getByRole('row', { name: /^1\.1 / }), 'the row of competence 1.1');
  await check(page, '16-apprenant-resultats');
  await clickThrough(page, main(page).getByRole('button', { name: "J'envoie mes résultats" }), 'the share button');
  await expectPath(page, results, 'the results page after sharing');
  await expectText(page, page.getByRole('status'), 'Vos résultats ont été envoyés', 'the confirmation of sharing');
  await check(page, '17-apprenant-resultats-envoyes');
  log(`  ${mastery} % mastery, stage « ${stage} », shared`);
  return { answers, checkpoints, mastery, stage };
}

/** The learners list, pasted: the learner who took the campaign is in class 3e A. */
function learnersList() {
  return [
    'INE;Nom;Prénom;Date de naissance;Classe',
    `;${learner.last};${learner.first};14/03/2009;3e A`,
    `111${stamp.slice(-4)}AA;Durand;Léa;02/05/2009;3e A`,
    ';Petit;Tom;21/11/2008;3e B',
  ].join('\n');
}

async function administratorCopiesAndImports(page, { orgPath, campaignPath, code }) {
  log('administrator: copies the campaign code');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(BASE_URL).origin });
  await open(page, campaignPath);
  // A script's button: it copies in place, no page follows (keyboard: focus, then Enter).
  const copy = await find(page, main(page).getByRole('button', { name: 'Copier le code' }), 'the « Copier le code » button');
  await copy.focus();
  await page.keyboard.press('Enter');
  await expectText(page, page.getByRole('status').filter({ hasText: 'Copié' }), 'Copié dans le presse-papiers', 'the copy confirmation');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  if (copied !== code) throw new JourneyError(`${path(page)}: « Copier le code » copied ${JSON.stringify(copied)}, not ${code}`);
  await find(page, main(page).getByRole('button', { name: 'Copier le lien' }), 'the « Copier le lien » button');

  log('administrator: imports the learners twice');
  const orgNav = page.getByRole('navigation', { name: 'Organisation' });
  for (const [round, expected] of [
    // The learner who joined before the list existed is merged, not created again.
    [1, 'Import terminé : 2 créés, 1 mis à jour, 0 inchangé.'],
    [2, 'Import terminé : 0 créé, 0 mis à jour, 3 inchangés.'],
  ]) {
    await clickThrough(page, orgNav.getByRole('link', { name: 'Apprenants' }), 'the learners tab');
    await expectPath(page, new RegExp(`^${orgPath}/apprenants$`), 'the learners');
    await find(page, main(page).getByRole('link', { name: 'Télécharger un modèle de fichier' }), 'the template link');
    await (await find(page, main(page).getByLabel('Ou collez le contenu du fichier'), 'the paste field')).fill(learnersList());
    await clickThrough(page, main(page).getByRole('button', { name: 'Importer' }), 'the import button');
    await expectText(page, page.getByRole('status'), expected, `the counts of import ${round}`);
  }
  await expectText(page, main(page), '1–3 sur 3', 'three learners, not six');
  await check(page, '18-orga-apprenants-importes');
  await (await find(page, main(page).getByLabel('Rechercher un nom'), 'the search field')).fill('durand');
  await clickThrough(page, main(page).getByRole('button', { name: 'Rechercher' }), 'the search button');
  await expectText(page, main(page), '1–1 sur 1', 'one learner found');
  await find(page, main(page).getByRole('row').filter({ hasText: 'Léa' }), 'the row of Léa Durand');
  await check(page, '18b-orga-apprenants-recherche');
}

async function administratorFollowsUp(page, { orgPath, campaignPath }, taken) {
  log('administrator: follow-up');
  const orgNav = page.getByRole('navigation', { name: 'Organisation' });
  await clickThrough(page, orgNav.getByRole('link', { name: 'Campagnes' }), 'the campaigns tab');
  await expectPath(page, new RegExp(`^${orgPath}$`), 'the campaigns');
  const row = main(page).getByRole('row').filter({ hasText: campaignTitle });
  await find(page, row, 'the row of the campaign');
  await check(page, '18c-orga-campagnes');
  await clickThrough(page, row.getByRole('link', { name: campaignTitle }), 'the campaign link');
  await expectPath(page, new RegExp(`^${campaignPath}$`), 'the follow-up of the campaign');
  const participants = main(page).getByRole('table', { name: 'Participants de la campagne' });
  const participant = participants.getByRole('row').filter({ hasText: learner.last });
  await find(page, participant, `the row of ${learner.first} ${learner.last}`);
  const forOrg = { 'Premiers pas': 'Débutant', 'Bonne maîtrise': 'Confirmé' }[taken.stage];
  const number = { 'Premiers pas': 1, 'Bonne maîtrise': 2 }[taken.stage];
  const cells = (await participant.getByRole('cell').allInnerTexts()).map((c) => c.trim());
  const today = new Date().toLocaleDateString('fr-FR', { timeZone: 'UTC' });
  for (const [expected, what] of [
    ['Envoyé', 'the status « Envoyé »'],
    [studentNumber, 'the student number'],
    ['3e A', 'the class from the imported list (the learner joined before it)'],
    [`${taken.mastery} %`, 'the mastery'],
    [`${number} / 2 – ${forOrg}`, "the stage, 1 of N, with its title for the organisation"],
    [today, 'the start date as JJ/MM/AAAA'],
  ]) {
    if (!cells.includes(expected)) {
      throw new JourneyError(`${path(page)}: ${what} ${JSON.stringify(expected)} not in the participant's row: ${JSON.stringify(cells)}`);
    }
  }
  await expectText(page, main(page), '1–1 sur 1', 'the range of participants shown');
  await check(page, '19-orga-suivi');

  log('administrator: reminders ask first');
  await clickThrough(page, main(page).getByRole('link', { name: /^Relancer les participants/ }), 'the remind link');
  await expectPath(page, new RegExp(`^${campaignPath}/relances$`), 'the reminders confirmation');
  await expectText(page, main(page), 'Aucun participant', 'nobody to remind (the learner shared)');
  await check(page, '19b-orga-relances-confirmation');
  await clickThrough(page, main(page).getByRole('link', { name: 'Annuler' }), 'the cancel link');
  await expectPath(page, new RegExp(`^${campaignPath}$`), 'the follow-up after cancelling');

  log('administrator: participant');
  await clickThrough(page, participant.getByRole('link'), "the participant's link");
  await expectPath(page, new RegExp(`^${campaignPath}/participants/\\d+$`), "the participant's page");
  await expectText(page, page.getByRole('heading', { level: 1 }), `${learner.first} ${learner.last}`, "the participant's name");
  await expectText(page, main(page), new RegExp(`Maîtrise : ${taken.mastery} %`), "the participant's mastery");
  await expectText(page, main(page), `${number} / 2 – ${forOrg}`, "the participant's stage, 1 of N");
  await check(page, '20-orga-participant');
  await clickThrough(page, main(page).getByRole('link', { name: campaignTitle }), 'the link back to the campaign');

  log('administrator: analysis');
  const tabs = page.getByRole('navigation', { name: 'Sections de la campagne' });
  await clickThrough(page, tabs.getByRole('link', { name: 'Analyse' }), 'the analysis tab');
  await expectPath(page, new RegExp(`^${campaignPath}/analyse$`), 'the analysis');
  await expectText(page, main(page), /Participations envoyées analysées : 1\b/, 'the number of shared participations');
  await find(page, main(page).getByRole('heading', { name: 'Maîtrise par compétence' }), 'the chart of mastery per competence');
  const tubeChart = main(page).getByRole('img', { name: 'Maîtrise par sujet' });
  const chartText = await (await find(page, tubeChart, 'the chart of mastery per tube')).evaluate((svg) => svg.textContent);
  if (!chartText.includes(TUBE)) throw new JourneyError(`${path(page)}: the tube title is not written inside the chart: ${chartText}`);
  if ((await main(page).innerText()).includes('@')) throw new JourneyError(`${path(page)}: an internal @id shows on the analysis`);
  const fontSizes = await page.evaluate(() => [...document.querySelectorAll('svg.chart text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a || 1)));
  if (fontSizes.length === 0 || Math.min(...fontSizes) < 12) throw new JourneyError(`${path(page)}: chart text drawn below 12 px: ${Math.min(...fontSizes)}`);
  const table = main(page).getByRole('table', { name: 'Maîtrise par sujet' });
  if (await table.isVisible()) throw new JourneyError(`${path(page)}: the data table shows before « Voir les données » is opened`);
  await (await find(page, main(page).locator('summary').filter({ hasText: 'Maîtrise par sujet' }), 'the « Voir les données » of the tube chart')).click();
  await find(page, table.getByRole('row').filter({ hasText: TUBE }), 'the tube in the data table');
  await check(page, '21-orga-analyse');

  log('administrator: CSV export');
  const link = await find(page, tabs.getByRole('link', { name: 'Exporter les résultats (CSV)' }), 'the export link');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const failed = await download.failure();
  if (failed) throw new JourneyError(`the CSV export failed to download: ${failed}`);
  const file = join(ARTIFACTS, 'export.csv');
  await download.saveAs(file);
  const bytes = readFileSync(file);
  if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    throw new JourneyError(`${download.suggestedFilename()}: no UTF-8 byte-order mark (starts with ${[...bytes.subarray(0, 3)].map((b) => b.toString(16)).join(' ')})`);
  }
  const lines = bytes.subarray(3).toString('utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0] || '';
  if (!header.includes(';') || !header.startsWith('Numéro étudiant;')) {
    throw new JourneyError(`export.csv: the header is not \`;\`-separated or does not start with the external id label: ${header.slice(0, 200)}`);
  }
  const rows = lines.slice(1).filter((l) => l.startsWith(`${studentNumber};`));
  if (rows.length !== 1) {
    throw new JourneyError(`export.csv: expected one row starting with ${studentNumber}, found ${rows.length} (${lines.length - 1} rows)`);
  }
  if (!rows[0].includes(learner.last) || !rows[0].includes(learner.first)) {
    throw new JourneyError(`export.csv: the row of ${studentNumber} does not name ${learner.first} ${learner.last}: ${rows[0]}`);
  }
  if (!rows[0].split(';').includes('Envoyé')) {
    throw new JourneyError(`export.csv: the row of ${studentNumber} is not « Envoyé »: ${rows[0]}`);
  }
  if (rows[0].split(';').length !== header.split(';').length) {
    throw new JourneyError(`export.csv: the row has ${rows[0].split(';').length} cells, the header ${header.split(';').length}`);
  }
  if (!header.split(';').includes('Palier obtenu (/2)')) {
    throw new JourneyError(`export.csv: no « Palier obtenu (/2) » column (stages count 1 of N): ${header.slice(0, 300)}`);
  }
  log(`  ${download.suggestedFilename()}: ${lines.length - 1} row(s), ${header.split(';').length} columns, saved as ${file}`);

  log('administrator: archives after confirming');
  await open(page, campaignPath);
  await clickThrough(page, main(page).getByRole('link', { name: /^Archiver la campagne/ }), 'the archive link');
  await expectPath(page, new RegExp(`^${campaignPath}/archiver$`), 'the archive confirmation');
  await expectText(page, page.getByRole('heading', { level: 1 }), `Archiver la campagne « ${campaignTitle} » ?`, 'the question');
  await check(page, '22-orga-archiver-confirmation');
  await clickThrough(page, main(page).getByRole('button', { name: 'Archiver la campagne' }), 'the confirm button');
  await expectPath(page, new RegExp(`^${campaignPath}$`), 'the campaign after archiving');
  await expectText(page, page.getByRole('heading', { level: 1 }), 'archivée', 'the archived tag');
  await check(page, '23-orga-campagne-archivee');
  return { rows: lines.length - 1, columns: header.split(';').length };
}

run('Acquis organisation portal', async (browser) => {
  const adminPage = await browser.newPage('the administrator');
  const campaign = await administratorSetsUp(adminPage);
  const learnerPage = await browser.newPage('the learner');
  const taken = await learnerTakesTheCampaign(learnerPage, campaign.code);
  await administratorCopiesAndImports(adminPage, campaign);
  const exported = await administratorFollowsUp(adminPage, campaign, taken);
  return {
    code: campaign.code,
    ...taken,
    export: exported,
    summary: [
      `Campaign ${campaign.code}: the learner answered ${taken.answers} challenge(s), ${taken.mastery} % mastery, stage « ${taken.stage} », shared`,
      `CSV export: ${exported.rows} row(s), ${exported.columns} columns`,
    ],
  };
});

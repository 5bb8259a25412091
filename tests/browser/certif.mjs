#!/usr/bin/env node
// The certification portal of Acquis in headless Chromium, with axe-core on every page visited.
//
//   CERTIF_INVITATION=… CERTIF_ADMIN_EMAIL=… CANDIDATE_A=… CANDIDATE_B=… node tests/browser/certif.mjs [BASE_URL] [ARTIFACTS_DIR]
//
// The centre exists already: `acquis centre create` made it and printed the invitation link of
// its first administrator ($CERTIF_INVITATION, for $CERTIF_ADMIN_EMAIL). The two candidates'
// accounts exist too (`acquis demo certifiable`: their profiles allow certification), with the
// password Motdepasse1; $CANDIDATE_A and $CANDIDATE_B are their emails.
//
// $ACQUIS_BIN and $ACQUIS_WORKDIR are the `acquis` binary and the folder the server runs in (the
// operator publishes from the command line).
//
// Scenario, by clicking and typing, fields found by their labels and controls by their roles:
//   1. the administrator creates an account, accepts the invitation, creates a session, reads
//      its invigilator password (shown once) and access code, enrols candidate A with the form
//      (after a first try with errors) and candidate B with a CSV file built from the
//      downloadable template, and opens the attendance sheet and the invigilator kit;
//   2. the invigilator (any account) opens the live page with the session number and password;
//   3. candidate A joins with the session number and identity, reads the instructions, types
//      the access code and waits; the invigilator's live page shows A without a reload and the
//      invigilator confirms the presence; A's waiting page moves on by itself; A starts, reports
//      a problem on the first question; the alert shows on the live page, the invigilator
//      validates it with a reason; A gets another question and answers all 32 ("Je passe");
//   4. candidate B joins, is authorised, starts, and the invigilator ends B's test (after a
//      confirmation page); B's test page then says the test is over;
//   5. the administrator finalises: one issue report for A (first without its question
//      number), B's abort reason (first forgotten), the incident box; the operator publishes
//      with `acquis certif publish` once the scoring job ran;
//   6. candidate A finds the result under "Mes certifications", the score out of 895 and the
//      levels, downloads the PDF and the badge; Acquis's API verifies the badge and refuses it
//      changed, and so does openbadgeslib when installed ($ACQUIS_CREDENTIAL_TESTS);
//   7. a stranger checks a wrong code ("not found"), then A's code, and sees A's name.
// Exit 0 when the scenario completes and axe-core (WCAG 2.0/2.1 A and AA) finds no violation on
// any page; exit 1 otherwise.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  BASE_URL,
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

const INVITATION = process.env.CERTIF_INVITATION || '';
const ADMIN_EMAIL = process.env.CERTIF_ADMIN_EMAIL || '';
const CANDIDATE_A = process.env.CANDIDATE_A || '';
const CANDIDATE_B = process.env.CANDIDATE_B || '';
const PASSWORD = 'Motdepasse1';
// The operator's command line: the `acquis` binary and the folder the server runs in.
const ACQUIS_BIN = process.env.ACQUIS_BIN || '';
const ACQUIS_WORKDIR = process.env.ACQUIS_WORKDIR || '';
// The independent credential verifier (tests/credential/verify.py), when installed.
const VERIFIER_PYTHON = process.env.ACQUIS_CREDENTIAL_PYTHON || '/tmp/acquis-vc-venv/bin/python';
const LIVE_TIMEOUT_MS = 10_000;

const a = { first: 'Alice', birth: 'Martin', birthdate: '2004-05-06', email: CANDIDATE_A };
const b = { first: 'Bruno', birth: 'Lefèvre', birthdate: '2003-11-12', email: CANDIDATE_B };

function main(page) {
  return page.getByRole('main');
}

async function field(page, label, value, what) {
  await (await find(page, main(page).getByLabel(label, { exact: true }), what)).fill(value);
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
}

async function signIn(page, email) {
  await open(page, '/connexion');
  await (await find(page, main(page).getByLabel('Adresse électronique'), 'the email field')).fill(email);
  await (await find(page, main(page).getByLabel('Mot de passe'), 'the password field')).fill(PASSWORD);
  await clickThrough(page, main(page).getByRole('button', { name: 'Se connecter' }), 'the sign-in button');
}

async function administratorPreparesTheSession(page) {
  log('administrator: account, invitation, session');
  await signUp(page, { first: 'Dominique', last: 'Centre', email: ADMIN_EMAIL }, '01-inscription');
  await open(page, INVITATION);
  await expectPath(page, /^\/certif\/rejoindre$/, 'the invitation page');
  await check(page, '02-certif-rejoindre');
  await clickThrough(page, main(page).getByRole('button', { name: "Accepter l'invitation" }), 'the accept button');
  await expectPath(page, /^\/certif\/\d+$/, "the centre's sessions");
  await check(page, '03-certif-sessions-vide');
  await clickThrough(page, main(page).getByRole('link', { name: 'Créer une session' }), 'the new session link');
  await check(page, '04-session-formulaire');
  // First without the required fields: every error next to its field.
  await clickThrough(page, main(page).getByRole('button', { name: 'Enregistrer la session' }), 'the save button');
  await expectText(page, page.getByRole('alert'), 'obligatoire', 'the errors of an empty form');
  await check(page, '05-session-erreurs');
  await field(page, 'Nom du site (obligatoire)', 'Lycée du Navigateur', 'the site field');
  await field(page, 'Salle (obligatoire)', 'Salle 12', 'the room field');
  await field(page, 'Date (obligatoire)', '2027-01-15', 'the date field');
  await field(page, 'Heure de début (obligatoire)', '09:30', 'the time field');
  await field(page, 'Surveillant·e(s) (obligatoire)', 'Sam Veille', 'the examiners field');
  await clickThrough(page, main(page).getByRole('button', { name: 'Enregistrer la session' }), 'the save button');
  await expectPath(page, /^\/certif\/\d+\/sessions\/\d+$/, "the new session's page");
  const password = (await (await find(page, page.locator('[data-invigilator-password] .code-display'), 'the invigilator password')).innerText()).trim();
  const code = (await (await find(page, page.locator('[data-access-code]'), 'the access code')).innerText()).trim();
  const session = path(page).split('/').pop();
  if (password.length !== 6) throw new JourneyError(`the invigilator password is not 6 characters: ${password}`);
  if (!/^[A-Z]{4}\d{2}$/.test(code)) throw new JourneyError(`the access code is not 4 letters and 2 digits: ${code}`);
  await check(page, '06-session-creee');
  const sessionPath = path(page);

  log('administrator: candidate A by the form');
  await clickThrough(page, main(page).getByRole('link', { name: 'Inscrire des candidats' }), 'the enrolment link');
  await check(page, '07-inscription-candidats');
  await field(page, 'Nom de naissance (obligatoire)', a.birth, 'the birth name field');
  await clickThrough(page, main(page).getByRole('button', { name: 'Inscrire le candidat' }), 'the enrol button');
  await expectText(page, page.getByRole('alert'), 'obligatoire', 'the errors of an incomplete candidate');
  await check(page, '08-candidat-erreurs');
  await field(page, 'Nom de naissance (obligatoire)', a.birth, 'the birth name field');
  await field(page, 'Prénom (obligatoire)', a.first, 'the first name field');
  await (await find(page, main(page).getByRole('radio', { name: 'Femme' }), 'the sex radio')).check();
  await field(page, 'Date de naissance (obligatoire)', a.birthdate, 'the birth date field');
  await (await find(page, main(page).getByRole('group', { name: /Né·e en France/ }).getByRole('radio', { name: 'Oui' }), 'the born in France radio')).check();
  await field(page, 'Code INSEE de la commune de naissance', '75056', 'the INSEE field');
  await field(page, 'Temps majoré', '20', 'the extra time field');
  await (await find(page, main(page).getByLabel('Tarification (obligatoire)'), 'the billing select')).selectOption('FREE');
  await clickThrough(page, main(page).getByRole('button', { name: 'Inscrire le candidat' }), 'the enrol button');
  await expectPath(page, /^\/certif\/\d+\/sessions\/\d+$/, 'the session after enrolling A');
  await expectText(page, main(page), a.birth, 'candidate A in the list');

  log('administrator: candidate B by the file');
  await clickThrough(page, main(page).getByRole('link', { name: 'Inscrire des candidats' }), 'the enrolment link');
  const templateUrl = await main(page).getByRole('link', { name: 'Télécharger le modèle' }).getAttribute('href');
  const template = await (await page.request.get(new URL(templateUrl, BASE_URL).toString())).text();
  if (!template.startsWith('\ufeff')) throw new JourneyError('the template has no UTF-8 BOM');
  const header = template.split(/\r?\n/)[0];
  const columns = header.replace('\ufeff', '').split(';').length;
  const row = [b.birth, b.first, 'M', '12/11/2003', 'oui', '69123', '', '', '', '', '', 'EXT-B', '0', 'non', 'Payante', ''];
  const csv = `${header}\n${row.slice(0, columns).join(';')}\n`;
  await (await find(page, main(page).getByLabel('Fichier CSV'), 'the file field')).setInputFiles({
    name: 'candidats.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await clickThrough(page, main(page).getByRole('button', { name: 'Importer' }), 'the import button');
  await expectPath(page, /^\/certif\/\d+\/sessions\/\d+$/, 'the session after the import');
  await expectText(page, page.getByRole('status'), '1 candidat inscrit', 'the import message');
  await expectText(page, main(page), b.birth, 'candidate B in the list');
  await check(page, '09-session-candidats');
  await clickThrough(page, main(page).getByRole('link', { name: "Feuille d'émargement" }), 'the attendance sheet link');
  await expectText(page, main(page), b.birth, 'the attendance sheet lists B');
  await check(page, '10-feuille-emargement');
  await open(page, sessionPath);
  await clickThrough(page, main(page).getByRole('link', { name: 'Kit du surveillant' }), 'the kit link');
  await expectText(page, main(page), code, 'the kit shows the access code');
  await check(page, '11-kit-surveillant');
  return { session, password, code, sessionPath };
}

async function invigilatorOpens(page, s) {
  log('invigilator: opens the live page');
  await signUp(page, { first: 'Sam', last: 'Veille', email: `surveillant-${Date.now()}@example.org` });
  await open(page, '/certif/surveillance');
  await check(page, '12-surveillance-formulaire');
  await field(page, 'N° de session', s.session, 'the session number field');
  await field(page, 'Mot de passe de surveillance', s.password, 'the password field');
  await clickThrough(page, main(page).getByRole('button', { name: 'Ouvrir la surveillance' }), 'the open button');
  await expectPath(page, /^\/certif\/surveillance\/\d+$/, 'the live page');
  await expectText(page, main(page), 'Non arrivé', 'the candidates not arrived yet');
  await check(page, '13-surveillance-direct');
}

async function candidateJoinsAndWaits(page, who, s, shots) {
  log(`candidate ${who.first}: joins and waits`);
  await signIn(page, who.email);
  await clickThrough(page, page.getByRole('navigation', { name: /principale|Navigation/ }).getByRole('link', { name: 'Certification' }), 'the certification link');
  if (shots) await check(page, `${shots}-rejoindre`);
  await field(page, 'N° de session', s.session, 'the session number field');
  await field(page, 'Prénom', who.first.toUpperCase(), 'the first name field');
  await field(page, 'Nom de naissance', who.birth, 'the birth name field');
  await field(page, 'Date de naissance', who.birthdate, 'the birth date field');
  await clickThrough(page, main(page).getByRole('button', { name: 'Rejoindre la session' }), 'the join button');
  await expectPath(page, /^\/certification\/\d+$/, 'the instructions');
  for (let i = 1; i < 3; i++) {
    if (shots) await check(page, `${shots}-consignes-${i}`);
    await clickThrough(page, main(page).getByRole('link', { name: /Suivant/ }), 'the next page link');
  }
  await (await find(page, main(page).getByRole('checkbox', { name: /J'ai lu ces consignes/ }), 'the confirmation box')).check();
  if (shots) await check(page, `${shots}-consignes-3`);
  await clickThrough(page, main(page).getByRole('button', { name: 'Continuer' }), 'the continue button');
  await field(page, "Code d'accès", s.code.toLowerCase(), 'the access code field');
  if (shots) await check(page, `${shots}-code`);
  await clickThrough(page, main(page).getByRole('button', { name: 'Valider le code' }), 'the code button');
  await expectText(page, main(page), 'En attente du surveillant', 'the waiting page');
  if (shots) await check(page, `${shots}-attente`);
}

async function invigilatorAuthorises(page, who) {
  log(`invigilator: confirms ${who.first}'s presence (the live page updates by itself)`);
  const button = page.getByRole('button', { name: `Confirmer la présence – ${who.first} ${who.birth}` });
  await button.waitFor({ state: 'visible', timeout: LIVE_TIMEOUT_MS }).catch(() => {
    throw new JourneyError(`the live page did not show ${who.first} as present within ${LIVE_TIMEOUT_MS} ms`);
  });
  await clickThrough(page, button, `the authorise button of ${who.first}`);
}

async function candidateStarts(page, who) {
  const start = page.getByRole('button', { name: 'Commencer le test' });
  await start.waitFor({ state: 'visible', timeout: LIVE_TIMEOUT_MS }).catch(() => {
    throw new JourneyError(`${who.first}'s waiting page did not move on within ${LIVE_TIMEOUT_MS} ms`);
  });
  await clickThrough(page, start, 'the start button');
  await expectText(page, main(page), 'Question 1 sur 32', 'the first question');
}

async function centreFinalisesAndOperatorPublishes(page, s) {
  log('administrator: an issue report for A, the abort reason of B, finalisation');
  await open(page, s.sessionPath);
  await clickThrough(page, main(page).getByRole('link', { name: 'Finaliser la session' }), 'the finalisation link');
  await expectPath(page, /\/finalisation$/, 'the finalisation page');
  await check(page, '22-finalisation');
  const cardA = main(page).locator('[data-final-candidate]').filter({ hasText: `${a.first} ${a.birth}` });
  await (await find(page, cardA.getByText('Ajouter un signalement'), "A's report disclosure")).click();
  // First without the question number: the error next to its field.
  await (await find(page, cardA.getByLabel('Catégorie'), 'the category select')).selectOption('IN_CHALLENGE:WEBSITE_UNAVAILABLE');
  await (await find(page, cardA.getByLabel('Description', { exact: false }), 'the description field')).fill('Le site à consulter ne répondait pas.');
  await clickThrough(page, cardA.getByRole('button', { name: /Enregistrer le signalement/ }), 'the report button');
  await expectText(page, page.getByRole('alert'), 'numéro de la question', 'the missing question number');
  await check(page, '23-signalement-erreur');
  const cardA2 = main(page).locator('[data-final-candidate]').filter({ hasText: `${a.first} ${a.birth}` });
  await (await find(page, cardA2.getByLabel(/Question n°/), 'the question field')).fill('3');
  await clickThrough(page, cardA2.getByRole('button', { name: /Enregistrer le signalement/ }), 'the report button');
  await expectText(page, page.getByRole('status'), 'Signalement enregistré', 'the saved report');
  await expectText(page, main(page), 'Site indisponible ou bloqué', 'the report in the list');
  // Finalising without B's abort reason is refused; with it, done.
  await clickThrough(page, main(page).getByRole('button', { name: 'Finaliser la session' }), 'the finalise button');
  await expectText(page, page.getByRole('alert'), "motif d'abandon", 'the missing abort reason');
  await check(page, '24-finalisation-erreur');
  const abortB = main(page).getByRole('group', { name: `Motif d'abandon – ${b.first} ${b.birth}` });
  await (await find(page, abortB.getByRole('radio', { name: 'Abandon du candidat' }), "B's abort reason")).check();
  await (await find(page, main(page).getByRole('checkbox', { name: /incident a eu lieu/ }), 'the incident box')).check();
  await clickThrough(page, main(page).getByRole('button', { name: 'Finaliser la session' }), 'the finalise button');
  await expectText(page, page.getByRole('status'), 'Session finalisée', 'the finalisation message');
  await check(page, '25-session-finalisee');

  log('operator: publishes the session from the command line once it is scored');
  if (!ACQUIS_BIN || !ACQUIS_WORKDIR) throw new JourneyError('ACQUIS_BIN and ACQUIS_WORKDIR must be set');
  let published = '';
  for (let attempt = 0; attempt < 20 && !published; attempt++) {
    try {
      published = execFileSync(ACQUIS_BIN, ['certif', 'publish', '--session', s.session], {
        cwd: ACQUIS_WORKDIR,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      if (!String(e.stderr).includes('not_scored')) throw new JourneyError(`acquis certif publish failed: ${e.stderr}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  if (!published.includes('published')) throw new JourneyError('the session was never scored');
  await open(page, `${s.sessionPath}/finalisation`);
  await expectText(page, main(page), 'question neutralisée', 'the report resolved by rule');
}

async function candidateSeesTheCertificate(page) {
  log('candidate A: "Mes certifications", the certificate, the PDF and the badge');
  await open(page, '/');
  await clickThrough(page, page.getByRole('link', { name: 'Mes certifications' }).first(), 'the certifications link');
  await expectPath(page, /^\/certifications$/, 'the certifications page');
  await expectText(page, main(page), 'Certification validée', 'the validated result');
  await check(page, '26-mes-certifications');
  await clickThrough(page, main(page).getByRole('link', { name: /Session du/ }).first(), 'the result link');
  await expectText(page, main(page), '/ 895', 'the score out of 895');
  await expectText(page, main(page), 'Niveaux par compétence', 'the competence levels');
  await check(page, '27-certificat');
  const code = (await (await find(page, main(page).locator('[data-code]'), 'the verification code')).innerText()).trim();
  if (!/^P-[A-Z0-9]{8}$/.test(code)) throw new JourneyError(`not a verification code: ${code}`);
  const pdfHref = await main(page).getByRole('link', { name: 'Certificat PDF (français)' }).getAttribute('href');
  const pdf = await page.request.get(new URL(pdfHref, BASE_URL).toString());
  const bytes = await pdf.body();
  if (pdf.status() !== 200 || bytes.subarray(0, 5).toString() !== '%PDF-') throw new JourneyError('the PDF certificate did not download');
  const badgeHref = await main(page).getByRole('link', { name: /Badge numérique/ }).getAttribute('href');
  const badge = await (await page.request.get(new URL(badgeHref, BASE_URL).toString())).json();
  if (badge.type !== 'EnvelopedVerifiableCredential') throw new JourneyError('the badge is not an enveloped credential');
  const verified = await page.request.post(new URL('/api/v1/credentials/verify', BASE_URL).toString(), { data: { credential: badge } });
  const result = await verified.json();
  if (!result.verified) throw new JourneyError(`Acquis refused its own credential: ${JSON.stringify(result)}`);
  const jwt = badge.id.replace('data:application/vc+jwt,', '');
  const tampered = jwt.slice(0, 40) + (jwt[40] === 'A' ? 'B' : 'A') + jwt.slice(41);
  const refused = await (await page.request.post(new URL('/api/v1/credentials/verify', BASE_URL).toString(), { data: { credential: tampered } })).json();
  if (refused.verified) throw new JourneyError('a changed credential was accepted');
  if (process.env.ACQUIS_CREDENTIAL_TESTS) {
    // The independent verifier (openbadgeslib), offline, on the credential as downloaded.
    const dir = mkdtempSync(join(tmpdir(), 'acquis-badge-'));
    const did = await (await page.request.get(new URL('/.well-known/did.json', BASE_URL).toString())).text();
    writeFileSync(join(dir, 'credential.jwt'), jwt);
    writeFileSync(join(dir, 'did.json'), did);
    const script = new URL('../credential/verify.py', import.meta.url).pathname;
    const out = execFileSync(VERIFIER_PYTHON, [script, '--credential', join(dir, 'credential.jwt'), '--did-document', join(dir, 'did.json')], { encoding: 'utf8' });
    if (!out.includes('ACCEPTED')) throw new JourneyError(`openbadgeslib did not accept the credential: ${out}`);
    writeFileSync(join(dir, 'tampered.jwt'), tampered);
    let accepted = true;
    try {
      execFileSync(VERIFIER_PYTHON, [script, '--credential', join(dir, 'tampered.jwt'), '--did-document', join(dir, 'did.json')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch {
      accepted = false;
    }
    if (accepted) throw new JourneyError('openbadgeslib accepted a changed credential');
    log('the downloaded credential verifies with openbadgeslib; one changed character makes it refuse');
  }
  return code;
}

async function strangerVerifies(page, code) {
  log('a stranger: checks the code on the public page');
  await open(page, '/verification');
  await check(page, '28-verification');
  await (await find(page, main(page).getByLabel('Code de vérification'), 'the code field')).fill('P-BCDFGHJK');
  await clickThrough(page, main(page).getByRole('button', { name: 'Vérifier' }), 'the check button');
  await expectText(page, main(page), 'Aucun certificat ne correspond à ce code', 'a wrong code');
  await check(page, '29-verification-inconnu');
  await (await find(page, main(page).getByLabel('Code de vérification'), 'the code field')).fill(code.toLowerCase());
  await clickThrough(page, main(page).getByRole('button', { name: 'Vérifier' }), 'the check button');
  await expectText(page, main(page), 'délivré par Acquis', 'the verified certificate');
  await expectText(page, main(page), `${a.first} ${a.birth}`, "the holder's name");
  await check(page, '30-verification-trouve');
}

await run('Certification portal', async (browser) => {
  if (!INVITATION || !ADMIN_EMAIL || !CANDIDATE_A || !CANDIDATE_B) {
    throw new JourneyError('CERTIF_INVITATION, CERTIF_ADMIN_EMAIL, CANDIDATE_A and CANDIDATE_B must be set');
  }
  const admin = await browser.newPage('administrator');
  const s = await administratorPreparesTheSession(admin);
  const invigilator = await browser.newPage('invigilator');
  await invigilatorOpens(invigilator, s);

  const pageA = await browser.newPage('candidate A');
  await candidateJoinsAndWaits(pageA, a, s, '14-candidat');
  await invigilatorAuthorises(invigilator, a);
  await candidateStarts(pageA, a);
  await check(pageA, '15-question-1');

  log('candidate A: reports a problem; the invigilator validates it');
  const first = await pageA.locator('input[name="challenge_id"]').first().inputValue();
  await clickThrough(pageA, main(pageA).getByRole('button', { name: 'Signaler un problème' }), 'the report button');
  await expectText(pageA, main(pageA), 'transmis au surveillant', 'the blocked question');
  await check(pageA, '16-signalement-en-attente');
  const reason = invigilator.getByLabel('Motif');
  await reason.first().waitFor({ state: 'visible', timeout: LIVE_TIMEOUT_MS }).catch(() => {
    throw new JourneyError(`the live page did not show the alert within ${LIVE_TIMEOUT_MS} ms`);
  });
  await check(invigilator, '17-surveillance-signalement');
  await reason.first().selectOption('IMAGE_NOT_DISPLAYING');
  await clickThrough(invigilator, invigilator.getByRole('button', { name: `Valider – ${a.first} ${a.birth}` }), 'the validate button');
  await clickThrough(pageA, main(pageA).getByRole('link', { name: 'Actualiser' }), 'the refresh link');
  await expectText(pageA, main(pageA), 'Question 1 sur 32', 'question 1 again, another one');
  const replaced = await pageA.locator('input[name="challenge_id"]').first().inputValue();
  if (replaced === first) throw new JourneyError('the same question came back after a validated alert');

  log('candidate A: answers the 32 questions');
  for (let n = 1; n <= 32; n++) {
    await expectText(pageA, main(pageA), `Question ${n} sur 32`, `question ${n}`);
    await clickThrough(pageA, main(pageA).getByRole('button', { name: 'Je passe' }), `skipping question ${n}`);
  }
  await expectText(pageA, main(pageA), 'Vous avez répondu aux 32 questions', 'the end of the test');
  await check(pageA, '18-test-termine');
  await open(invigilator, path(invigilator));
  await expectText(invigilator, main(invigilator), 'Terminé', 'A finished on the live page');

  log('candidate B: starts; the invigilator ends the test');
  const pageB = await browser.newPage('candidate B');
  await candidateJoinsAndWaits(pageB, b, s, '');
  await invigilatorAuthorises(invigilator, b);
  await candidateStarts(pageB, b);
  await clickThrough(invigilator, invigilator.getByRole('link', { name: `Terminer le test – ${b.first} ${b.birth}` }), 'the end link');
  await check(invigilator, '19-terminer-confirmation');
  await clickThrough(invigilator, main(invigilator).getByRole('button', { name: 'Terminer le test' }), 'the end button');
  await expectText(invigilator, main(invigilator), 'Terminé par le surveillant', 'B ended on the live page');
  await check(invigilator, '20-surveillance-fin');
  await clickThrough(pageB, main(pageB).getByRole('button', { name: 'Je passe' }), 'an answer after the end');
  await expectText(pageB, main(pageB), 'Test terminé', "B's test is over");
  await check(pageB, '21-candidat-b-termine');

  await centreFinalisesAndOperatorPublishes(admin, s);
  const code = await candidateSeesTheCertificate(pageA);
  await strangerVerifies(await browser.newPage('stranger'), code);
  return {
    summary: [
      `session ${s.session}: A answered 32 questions after a validated alert; B ended by the invigilator`,
      `finalised with one issue report and B's abort reason, published; certificate ${code} verified by a stranger`,
    ],
  };
});

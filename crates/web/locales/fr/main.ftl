# Acquis — textes de l'interface (français, langue de référence)

## Cadre commun
skip-link = Aller au contenu
nav-label = Navigation principale
nav-home = Accueil
nav-profile = Mes compétences
nav-account = Mon compte
nav-sign-out = Se déconnecter
nav-sign-in = Se connecter
nav-sign-up = Créer un compte
lang-other = English
footer = Acquis est un logiciel libre. Le contenu de démonstration est une œuvre originale.

## Accueil
home-title = Vos compétences numériques, évaluées pas à pas
home-lead = Acquis propose des tests adaptatifs sur { $competences } compétences numériques, regroupées en { $areas } domaines. Chaque test s'ajuste à vos réponses : il commence simplement, puis propose des épreuves plus difficiles à mesure que vous réussissez.
home-framework = Le référentiel
home-version = Version du contenu :
home-cta-signup = Créer un compte gratuitement
home-cta-profile = Voir mes compétences
home-account-deleted = Votre compte a été supprimé et vos données personnelles effacées.

## Formulaires
form-errors = Le formulaire contient une erreur
field-first-name = Prénom
field-last-name = Nom
field-email = Adresse électronique
field-password = Mot de passe
field-new-password = Nouveau mot de passe
field-current-password = Mot de passe actuel
field-new-email = Nouvelle adresse électronique
field-accept-terms = J'accepte les conditions d'utilisation d'Acquis
password-rules = Au moins 8 caractères, dont une majuscule, une minuscule et un chiffre.

## Erreurs
error-missing-name = Indiquez votre prénom et votre nom.
form-errors-many = Le formulaire contient des erreurs à corriger
error-missing-first-name = Indiquez votre prénom.
error-missing-last-name = Indiquez votre nom.
error-terms = Vous devez accepter les conditions d'utilisation pour créer un compte.
error-invalid-email = Cette adresse électronique n'est pas valide (exemple : nom@domaine.fr).
error-weak-password = Le mot de passe doit contenir au moins 8 caractères, dont une majuscule, une minuscule et un chiffre.
error-email-taken = Un compte existe déjà avec cette adresse électronique.
error-unexpected = Une erreur inattendue est survenue. Réessayez dans un instant.
error-locked = Trop de tentatives de connexion : votre compte est bloqué pendant { $minutes } minutes. Pour le débloquer tout de suite, réinitialisez votre mot de passe avec le lien « Mot de passe oublié ? » : le lien reçu par courriel lève le blocage.
error-locked-permanently = Trop de tentatives de connexion : votre compte est bloqué. Pour le débloquer, réinitialisez votre mot de passe avec le lien « Mot de passe oublié ? » : le lien reçu par courriel lève le blocage. Sans accès à votre messagerie, écrivez au support de la plateforme.
error-credentials = Adresse électronique ou mot de passe incorrect.
error-current-password = Le mot de passe actuel est incorrect.
error-delete-confirm = Cochez la case pour confirmer la suppression.

## Inscription et connexion
signup-title = Créer un compte
signup-intro = Votre compte garde vos résultats d'une séance à l'autre. Nous ne demandons que votre nom et votre adresse électronique.
signup-submit = Créer mon compte
signup-have-account = Vous avez déjà un compte ?
signup-welcome = Bienvenue ! Choisissez une compétence pour commencer.
signin-title = Se connecter
signin-submit = Se connecter
signin-forgot = Mot de passe oublié ?
signin-no-account = Pas encore de compte ?

## Mot de passe oublié
forgot-title = Mot de passe oublié
forgot-intro = Indiquez l'adresse électronique de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.
forgot-submit = Recevoir le lien
forgot-sent = Si un compte existe avec cette adresse, un courriel vient de lui être envoyé. Le lien est valable une heure.
reset-title = Choisir un nouveau mot de passe
reset-submit = Enregistrer le mot de passe
reset-invalid = Ce lien n'est plus valable : il a déjà servi ou a expiré.
reset-ask-again = Demander un nouveau lien
reset-done = Votre mot de passe a été changé. Connectez-vous avec le nouveau.

## Compte
account-title = Mon compte
account-email-title = Changer d'adresse électronique
account-email-submit = Changer d'adresse
account-email-done = Votre adresse électronique a été changée.
account-password-title = Changer de mot de passe
account-password-submit = Changer de mot de passe
account-password-done = Votre mot de passe a été changé.
account-delete-title = Supprimer mon compte
account-delete-intro = La suppression efface vos nom, prénom et adresse électronique et vous déconnecte. Vos réponses restent, détachées de toute identité, pour les statistiques anonymes. Cette action est définitive.
account-delete-confirm = Je comprends que la suppression est définitive
account-delete-submit = Supprimer définitivement mon compte

## Profil
profile-title = Mes compétences
profile-score = Mon score
profile-total = { $pix } pix sur { $max } possibles.
profile-certifiable = Vous pouvez vous présenter à la certification (au moins 5 compétences de niveau 1).
profile-not-certifiable-yet = { $reached ->
    [0] Aucune compétence n'atteint encore le niveau 1
    [one] { $reached } compétence atteint le niveau 1
   *[other] { $reached } compétences atteignent le niveau 1
} : encore { $missing } à faire progresser.
profile-not-certifiable = La certification demande le niveau 1 dans au moins 5 compétences.
profile-max-level = Niveau maximal atteint.
profile-to-next = Encore { $pix } pix pour atteindre le niveau { $level }.
card-level = Niveau
card-progress = Progression vers le niveau suivant,
card-not-started = Non commencée
card-started = En cours
card-completed = Terminée
card-start = Commencer
card-resume = Reprendre
card-improve = Retenter
card-improve-in = Vous pourrez retenter cette compétence dans { $days ->
        [one] 1 jour
       *[other] { $days } jours
    }.
card-reset = Remettre à zéro
card-reset-done = La compétence a été remise à zéro : vous pouvez la repasser dès maintenant avec « Commencer ».
card-reset-in = Vous pourrez remettre cette compétence à zéro dans { $days ->
        [one] 1 jour
       *[other] { $days } jours
    }.
card-reset-nothing = Rien à remettre à zéro sur cette compétence.
card-reset-help = Efface votre niveau et vos pix dans cette compétence, pour la repasser depuis le début. Une confirmation vous sera demandée.
card-improve-help = Repasse les épreuves que vous aviez manquées, sans perdre ce que vous avez déjà acquis.
reset-confirm-title = Remettre la compétence à zéro ?
reset-confirm-current = Vous êtes aujourd'hui au niveau { $level } avec { $pix } pix dans cette compétence.
reset-confirm-what = La remise à zéro efface ce niveau et ces pix : votre profil repart de 0 dans cette compétence. Vos réponses passées restent visibles dans vos corrections.
reset-confirm-then = Vous pourrez repasser la compétence tout de suite, depuis le début.
reset-confirm-versus = Pour seulement améliorer votre niveau sans rien perdre, utilisez plutôt « Retenter » quand il est proposé.
reset-confirm-yes = Oui, remettre à zéro
reset-confirm-no = Non, garder mon niveau
card-results = Voir mes réponses

## Épreuve
challenge-title = Épreuve
challenge-progress = Progression jusqu'au prochain point d'étape
challenge-step = Épreuve
challenge-step-done = terminée
timer-label = Temps restant :
timer-allowed = temps accordé :
timer-expired = Le temps est écoulé. Vous pouvez encore valider ou passer, mais votre réponse sera comptée hors délai (échouée).
focused-notice = Répondez sans quitter cette page : si vous changez d'onglet ou de fenêtre, l'épreuve sera comptée comme échouée.
challenge-attachments = Fichiers à utiliser
challenge-download = Télécharger
challenge-open = Ouvrir
challenge-file = Fichier
embed-help = Agissez dans le simulateur : il transmet ce que vous avez fait à votre réponse. Vérifiez-le ci-dessous puis validez.
embed-your-action = Votre action dans le simulateur :
embed-no-action = aucune pour l'instant.
embed-done = action enregistrée.
embed-noscript = Ce simulateur a besoin de JavaScript. Sans JavaScript, vous pouvez passer cette épreuve.
embed-given = Ce que vous avez fait dans le simulateur
embed-given-unknown = Une action dans le simulateur (non décrite).
embed-expected = L'action attendue est décrite dans l'explication.
focused-left = Vous avez quitté cette page pendant l'épreuve : c'est enregistré, et cette épreuve sera comptée comme échouée. Vous pouvez tout de même répondre pour continuer.
timed-notice-title = Cette épreuve est chronométrée
timed-notice-body = Vous aurez { $duration } pour répondre. Le temps commence quand vous cliquez sur « Commencer l'épreuve » ; un compte à rebours s'affiche pendant l'épreuve.
timed-notice-late = Une réponse donnée après la fin du temps est comptée hors délai, comme une réponse fausse. Prenez le temps de vous installer avant de commencer.
timed-notice-start = Commencer l'épreuve
challenge-choose-one = Choisissez une réponse
challenge-choose-many = Choisissez une ou plusieurs réponses
challenge-select = — Choisir —
challenge-submit = Je valide
challenge-skip = Je passe
challenge-empty = Donnez une réponse, ou cliquez sur « Je passe » si vous ne savez pas.
level-up = Bravo ! Vous atteignez le niveau { $level } dans cette compétence.

## Point d'étape, fin et résultats
checkpoint-title = Point d'étape
checkpoint-intro = Voici vos dernières épreuves. Réussies :
checkpoint-continue = Continuer
end-title = Évaluation terminée
end-intro = Vous avez répondu à toutes les épreuves utiles pour situer votre niveau dans cette compétence.
end-answered = Épreuves passées
end-results = Voir mes réponses et les corrections
end-back = Retour à mes compétences
results-title = Mes réponses et les corrections
results-none = Vous n'avez encore répondu à aucune épreuve de cette compétence.
results-your-answer = Votre réponse
results-expected = Réponse attendue
results-explanation = Explication
results-tutorials = Pour progresser
results-item-tutorials = Pour progresser sur cette épreuve
tuto-text = Fiche
tuto-page = Page web
tuto-video = Vidéo
tuto-audio = Audio
tuto-pdf = Document PDF
tuto-tool = Outil en ligne
tuto-minutes = { $minutes } min
answer-skipped = Vous avez passé cette épreuve.
status-ok = Réussie
status-ko = Échouée
status-aband = Passée
status-timedout = Hors délai
status-focusedout = Page quittée
status-partially = Partiellement juste

## Courriels
mail-reset-subject = Réinitialisation de votre mot de passe Acquis
mail-reset-body =
    Bonjour { $name },

    Vous avez demandé à réinitialiser votre mot de passe Acquis. Ouvrez ce lien dans l'heure qui vient pour en choisir un nouveau :

    { $link }

    Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.

    L'équipe Acquis

## Campagnes (côté participant)
campaign-code-title = Rejoindre un parcours
campaign-code-intro = Une organisation (école, université, employeur) vous a donné un code de parcours : saisissez-le pour commencer.
campaign-code-label = Code du parcours
campaign-code-help = 9 caractères, par exemple KMPQRT279.
campaign-code-submit = Accéder au parcours
campaign-code-unknown = Ce code ne correspond à aucun parcours ouvert. Vérifiez-le et réessayez.
campaign-start = Commencer le parcours
campaign-sign-in-first = Connectez-vous ou créez un compte pour participer : vos réponses seront enregistrées sur votre profil.
campaign-external-required = Cet identifiant est demandé par l'organisation.
campaign-results-title = Vos résultats
campaign-mastery = de réussite
campaign-stage = Palier
campaign-by-competence = Réussite par compétence
campaign-competence = Compétence
campaign-skills = Acquis validés
campaign-badges = Vos badges
campaign-profile = Votre profil de compétences
campaign-share-intro = Vos résultats ne sont visibles par l'organisation qu'une fois envoyés.
campaign-share = J'envoie mes résultats
campaign-shared = Vos résultats ont été envoyés à l'organisation.
campaign-already-shared = Vos résultats ont été envoyés.
campaign-share-again = Vos résultats avaient déjà été envoyés à l'organisation : rien n'a changé.

## Organisation
orga-title = Mes organisations
orga-none = Vous n'êtes membre d'aucune organisation. Demandez une invitation à l'administrateur de la vôtre.
orga-nav-label = Organisation
orga-nav-campaigns = Campagnes
orga-nav-profiles = Profils cibles
orga-nav-learners = Apprenants
orga-nav-members = Membres
orga-role = Rôle
orga-role-admin = Administrateur
orga-role-member = Membre
orga-name = Nom
orga-actions = Actions
orga-created = Créée le
orga-you = vous
orga-participants = Participants
orga-shared = Résultats reçus
orga-kind-assessment = Évaluation
orga-kind-profiles = Collecte de profils
orga-campaigns-title = Campagnes
orga-campaigns-active = Campagnes actives
orga-campaigns-archived = Campagnes archivées
orga-campaigns-none = Aucune campagne.
orga-campaign-new = Créer une campagne
orga-campaign-title = Titre
orga-campaign-code = Code
orga-campaign-kind = Type
orga-members-title = Membres
orga-members-caption = Membres de l'organisation
orga-member-since = Membre depuis
orga-make-admin = Nommer administrateur
orga-make-member = Passer en membre
orga-remove = Retirer
orga-member-removed = Le membre a été retiré.
orga-role-changed = Le rôle a été modifié.
orga-invite-title = Inviter un membre
orga-invite-submit = Envoyer l'invitation
orga-invite-done = Invitation envoyée à { $email }.
orga-invite-cancel = Annuler l'invitation
orga-invite-cancelled = L'invitation a été annulée.
orga-invitations-caption = Invitations en attente
orga-invitations-none = Aucune invitation en attente.
orga-invitation-sent = Envoyée le
orga-leave-title = Quitter l'organisation
orga-leave-submit = Quitter l'organisation
orga-left = Vous avez quitté l'organisation.
orga-join-title = Rejoindre une organisation
orga-join-intro = Vous êtes invité à rejoindre
orga-join-submit = Accepter l'invitation
orga-join-invalid = Cette invitation n'existe pas, a déjà été utilisée, a été annulée ou a expiré (un lien est valable 7 jours) : demandez-en une nouvelle à l'organisation.
orga-join-for-another = Cette invitation a été envoyée à une autre adresse électronique que celle de votre compte. Connectez-vous avec le compte de l’adresse invitée (ou créez-le avec cette adresse), puis rouvrez le lien.
orga-joined = Bienvenue : vous êtes maintenant membre de l'organisation.
orga-error-role = Choisissez un rôle : administrateur ou membre.
orga-error-last-admin = L'organisation doit garder au moins un administrateur.
orga-error-mail = L'invitation est enregistrée mais le courriel n'a pas pu être envoyé. Réessayez plus tard.
orga-invite-mail-subject = Invitation à rejoindre { $org } sur Acquis
orga-invite-mail-body =
    Bonjour,

    { $inviter } vous invite à rejoindre l'organisation { $org } sur Acquis, en tant que { $role }.

    Pour accepter, ouvrez ce lien puis connectez-vous (ou créez un compte) :

    { $link }

    Si vous ne vous attendiez pas à cette invitation, ignorez ce message.

    L'équipe Acquis

## Organisation (suite)
orga-all = Tous
orga-filter = Appliquer
orga-filters = Filtrer les participants
orga-form-errors = Le formulaire contient des erreurs :
orga-next-page = Participants suivants
orga-archive = Archiver la campagne
orga-unarchive = Désarchiver la campagne
orga-archived = archivée
orga-campaign-archived = La campagne est archivée : elle n'accueille plus de participants.
orga-campaign-unarchived = La campagne est de nouveau active.
orga-campaign-created = La campagne est créée. Partagez son code ou son lien avec les participants.
orga-campaign-link = Lien à partager
orga-campaign-profile = Profil cible
orga-campaign-landing = Texte de la page d'accueil de la campagne
orga-campaign-result = Page de résultats
orga-campaign-result-text = Texte de la page de résultats
orga-campaign-button-text = Texte du bouton
orga-campaign-button-url = Lien du bouton
orga-campaign-external-id = Identifiant externe
orga-campaign-external-id-help = Laissez le libellé vide pour ne pas demander d'identifiant aux participants.
orga-campaign-external-id-label = Libellé demandé (par exemple : numéro étudiant)
orga-campaign-external-id-text = Texte libre
orga-campaign-external-id-email = Adresse électronique
orga-campaign-multiple = Les participants peuvent envoyer leurs résultats plusieurs fois
orga-campaign-submit = Créer la campagne
orga-campaign-tabs = Sections de la campagne
orga-tab-participants = Participants
orga-tab-analysis = Analyse
orga-tab-export = Exporter les résultats (CSV)
orga-error-campaign-title = Donnez un titre à la campagne.
orga-error-campaign-kind = Choisissez le type de campagne.
orga-error-campaign-profile = Choisissez un profil cible de l'organisation pour une campagne d'évaluation.
orga-error-campaign-url = Le lien du bouton doit commencer par https:// ou http://.
orga-error-campaign-button = Le bouton de la page de résultats demande un texte et un lien, ou aucun des deux.
orga-error-campaign-title-too-long = Le titre dépasse 200 caractères : raccourcissez-le.
orga-error-campaign-text-too-long = Les textes d’accueil et de résultats sont limités à 5 000 caractères chacun.
orga-error-campaign-short-text-too-long = Le texte du bouton et le libellé de l’identifiant sont limités à 200 caractères, le lien du bouton à 2 000.
orga-profiles-title = Profils cibles
orga-profiles-caption = Profils cibles de l'organisation
orga-profiles-none = Aucun profil cible.
orga-profile-new = Créer un profil cible
orga-profile-created = Le profil cible est créé.
orga-profile-about = Présentation
orga-profile-description = Description
orga-profile-minutes = Durée estimée du test (minutes)
orga-profile-tubes = Sujets
orga-profile-skills = Acquis
orga-profile-stages = Paliers
orga-profile-badges = Badges
orga-profile-target = Sujets évalués
orga-profile-target-help = Cochez les sujets à évaluer et choisissez pour chacun le niveau le plus haut évalué, ou cochez « Toute la compétence ».
orga-profile-whole = Toute la compétence
orga-profile-tubes-of = Sujets de la compétence
orga-profile-include = Évaluer
orga-profile-tube = Sujet
orga-profile-cap = Niveau maximum
orga-profile-stages-help = Facultatif. Le premier palier commence à 0 % ; chaque palier a un seuil de maîtrise en %, un titre et un message pour l'apprenant et pour l'organisation.
orga-profile-badges-help = Facultatif. Un badge est obtenu quand le taux de maîtrise du profil atteint le seuil indiqué.
orga-profile-submit = Créer le profil cible
orga-stage = Palier
orga-stage-threshold = Seuil (% de maîtrise)
orga-stage-title = Titre
orga-stage-message = Message à l'apprenant
orga-stage-prescriber-title = Titre pour l'organisation
orga-stage-prescriber-message = Message pour l'organisation
orga-badge = Badge
orga-badge-key = Clé (unique, par exemple PIX-EMPLOI)
orga-badge-image = Adresse de l'image
orga-badge-alt = Texte alternatif de l'image
orga-badge-threshold = Seuil de maîtrise du profil (%)
orga-error-name = Donnez un nom.
orga-error-name-too-long = Le nom dépasse 200 caractères : raccourcissez-le.
orga-error-description-too-long = La description est limitée à 5 000 caractères.
orga-error-minutes = La durée est un nombre de minutes entre 1 et 600.
orga-error-target-empty = Choisissez au moins un sujet ou une compétence.
orga-error-target-no-skill = Les sujets choisis n'ont aucun acquis évaluable : choisissez-en d'autres ou un niveau plus haut.
orga-error-target-unknown = { $item } n'existe pas dans le référentiel en ligne.
orga-error-level = Un niveau maximum est compris entre 1 et 8, pas { $level }.
orga-error-stage-threshold = Palier { $row } : le seuil est un pourcentage entre 0 et 100.
orga-error-stage-first = Le premier palier doit avoir un seuil de 0 %.
orga-error-stage-duplicate = Deux paliers ont le même seuil ({ $threshold } %).
orga-error-stage-title = Palier { $row } : donnez un titre.
orga-error-badge-threshold = Badge { $row } : le seuil est un pourcentage entre 0 et 100.
orga-error-badge-name = Badge { $row } : donnez une clé et un titre.
orga-error-badge-key = Deux badges ont la clé { $key }.
orga-status = Statut
orga-status-started = En cours
orga-status-to-share = À envoyer
orga-status-shared = Envoyé
orga-division = Classe
orga-group = Groupe
orga-external-id = Identifiant externe
orga-progress = Progression
orga-progress-running = en cours
orga-mastery = Maîtrise
orga-started = Commencé le
orga-shared-on = Envoyé le
orga-reminded = Dernière relance
orga-participants-caption = Participants de la campagne
orga-participants-none = Aucun participant ne correspond.
orga-participant-not-shared = Ce participant n'a pas encore envoyé ses résultats : ils ne sont pas visibles.
orga-remind = Relancer les participants
orga-remind-help = La relance envoie un courriel aux participants qui n'ont pas terminé ou pas envoyé leurs résultats.
orga-remind-done = Relances envoyées : { $sent }.{ $skipped ->
    [0] {""}
    [one] {" "}Une personne déjà relancée depuis moins de 24 heures ne l'a pas été de nouveau.
   *[other] {" "}{ $skipped } personnes déjà relancées depuis moins de 24 heures ne l'ont pas été de nouveau.
}
orga-remind-mail-subject = Rappel : campagne « { $campaign } »
orga-remind-mail-finish =
    Bonjour { $name },

    { $org } vous rappelle que vous n'avez pas terminé le parcours « { $campaign } ». Reprenez-le ici :

    { $link }

    L'équipe Acquis
orga-remind-mail-share =
    Bonjour { $name },

    Vous avez terminé le parcours « { $campaign } » mais pas encore envoyé vos résultats à { $org }. Envoyez-les ici :

    { $link }

    L'équipe Acquis
orga-analysis-shared = Participations envoyées analysées :
orga-analysis-none = Aucun participant n'a encore envoyé ses résultats.
orga-analysis-groups = Comparaison par groupe
orga-analysis-by = Regrouper par
orga-by-none = — Aucun regroupement —
orga-analysis-compare = Maîtrise par compétence et par groupe (nombre de participants entre parenthèses)
orga-analysis-resources = Ressources recommandées par groupe
orga-analysis-resources-help = Les formations de l'organisation dont les déclencheurs se déclenchent pour le groupe, puis les tutoriels des sujets que le groupe maîtrise à moins de 50 %.
orga-analysis-resources-none = Aucune ressource à recommander pour ce groupe.
orga-chart-competences = Maîtrise par compétence
orga-chart-tubes = Maîtrise par sujet
orga-chart-stages = Répartition par palier
orga-chart-levels = Niveau moyen par compétence
orga-chart-people = { $count } pers.
orga-chart-item = Élément
orga-chart-value = Valeur
orga-learners-title = Apprenants
orga-learners-caption = Apprenants de l'organisation
orga-learners-none = Aucun apprenant importé.
orga-birthdate = Date de naissance
orga-attributes = Autres informations
orga-import-title = Importer des apprenants
orga-import-help = Fichier CSV en UTF-8, séparé par des points-virgules ou des virgules, avec une ligne d'en-tête : nom, prénom, date de naissance (JJ/MM/AAAA), division ou groupe ; les autres colonnes sont conservées comme informations complémentaires. Si une ligne est incorrecte, rien n'est importé.
orga-import-file = Fichier CSV
orga-import-max = Taille maximale :
orga-import-paste = Ou collez le contenu du fichier
orga-import-submit = Importer
orga-import-done = { $count } apprenants importés.
orga-import-refused = Rien n'a été importé : corrigez ces lignes puis réessayez.
orga-import-errors-caption = Erreurs du fichier
orga-import-line = Ligne
orga-import-column = Colonne
orga-import-reason = Problème
orga-import-error-empty = Le fichier est vide.
orga-import-error-missing-column = Colonne obligatoire absente de l'en-tête.
orga-import-error-required = Valeur obligatoire manquante.
orga-import-error-date = Date invalide (attendu : JJ/MM/AAAA).
orga-import-error-columns = Nombre de colonnes différent de l'en-tête.
orga-import-error-unreadable = Ligne illisible.
orga-import-error-too-many = Trop de lignes (10 000 au plus par fichier).
orga-import-error-size = Le fichier dépasse la taille maximale.
orga-import-error-encoding = Le fichier doit être encodé en UTF-8.

## Conditions d'utilisation
terms-title = Conditions d'utilisation
terms-read = Lire les conditions d'utilisation (nouvel onglet)
terms-purpose-title = À quoi sert Acquis
terms-purpose = Acquis vous permet d'évaluer et de développer vos compétences numériques par des tests adaptatifs, de suivre votre progression et, si une organisation vous y invite, de lui transmettre vos résultats. Le service est gratuit pour les personnes qui l'utilisent.
terms-data-title = Vos données
terms-data = Nous ne demandons que votre nom, votre prénom, votre adresse électronique et un mot de passe (conservé sous forme d'empreinte, jamais en clair). Vos réponses servent à calculer votre profil. Une organisation ne voit vos résultats d'un parcours qu'après que vous les lui avez envoyés. Les statistiques publiques ne portent que sur des données anonymisées, jamais sur des groupes de moins de dix personnes.
terms-rights-title = Vos droits
terms-rights = Vous pouvez à tout moment consulter vos données, changer d'adresse électronique ou de mot de passe, et supprimer votre compte depuis la page « Mon compte » : vos données personnelles sont alors effacées et vos réponses détachées de toute identité.
terms-fair-title = Un usage loyal
terms-fair = Répondez par vous-même, sans l'aide d'un tiers pendant les épreuves chronométrées ou à réaliser sans quitter la page. N'essayez pas d'accéder aux comptes d'autres personnes ni de perturber le service.

## Rapprochement avec les apprenants de l'organisation
campaign-identity-legend = Qui êtes-vous ?
campaign-identity-hint-required = L'établissement a importé la liste de ses élèves : indiquez votre prénom, votre nom et votre date de naissance tels qu'il les connaît, pour que vos résultats lui parviennent.
campaign-identity-hint-optional = L'organisation a importé une liste de participants : si vous y figurez, indiquez votre prénom, votre nom et votre date de naissance. Sinon, laissez ces champs vides : les noms de votre compte seront utilisés.
campaign-identity-first-name-label = Prénom
campaign-identity-last-name-label = Nom
campaign-identity-birthdate-label = Date de naissance (JJ/MM/AAAA)
campaign-identity-first-name = Indiquez votre prénom.
campaign-identity-last-name = Indiquez votre nom.
campaign-identity-birthdate = Indiquez une date de naissance valide, par exemple 14/03/2009.
campaign-identity-required = L'organisation a besoin de votre prénom, de votre nom et de votre date de naissance pour vous retrouver dans sa liste.
campaign-identity-invalid = Certains champs sont à corriger : voir ci-dessous.
campaign-learner-not-found = Personne de la liste de l'organisation ne correspond à ce prénom, ce nom et cette date de naissance. Vérifiez l'orthographe et la date, puis réessayez ; si cela persiste, contactez l'organisation.
campaign-learner-taken = La personne de la liste qui correspond est déjà rattachée à un autre compte. Connectez-vous avec ce compte, ou contactez l'organisation.

## Formations
campaign-trainings = Formations recommandées
training-kind-self-paced = Autoformation
training-kind-e-learning = Formation en ligne
training-kind-blended = Formation hybride
training-kind-in-person = Formation en présentiel
training-kind-webinar = Webinaire
training-locale-fr = Français
training-locale-en = Anglais
training-list-title = Formations
training-list-help = Les formations sont recommandées aux participants dont les résultats les appellent : un déclencheur « objectif » se déclenche tant que la maîtrise des sujets choisis est sous son seuil, un déclencheur « prérequis » dès qu'elle l'atteint. Tous les déclencheurs d'une formation doivent se déclencher.
training-list-caption = Formations recommandées sur ce profil cible
training-none = Aucune formation pour ce profil cible.
training-new = Nouvelle formation
training-edit-title = Modifier la formation
training-manage = Gérer les formations
training-title = Titre
training-link = Lien (https://…)
training-minutes = Durée (minutes)
training-editor = Éditeur (facultatif)
training-locale = Langue
training-kind = Type
training-triggers = Déclencheurs
training-triggers-help = Au moins un déclencheur : choisissez son type, son seuil en % et les sujets du profil cible (avec leur niveau maximal) sur lesquels il porte. Laissez « Inutilisé » pour ignorer une ligne.
training-trigger = Déclencheur
training-trigger-kind = Type de déclencheur
training-trigger-unused = Inutilisé
training-trigger-goal = Objectif : sous le seuil
training-trigger-prerequisite = Prérequis : à partir du seuil
training-trigger-threshold = Seuil (%)
training-trigger-tubes = Sujets concernés
training-trigger-goal-summary = objectif sous { $threshold } % sur { $tubes }
training-trigger-prerequisite-summary = prérequis à { $threshold } % sur { $tubes }
training-tube-label = { $title } ({ $tube }), jusqu'au niveau { $cap }
training-about = La formation
training-profiles = Profils cibles concernés
training-actions = Actions
training-edit = Modifier
training-delete = Supprimer
training-save = Enregistrer la formation
training-created = La formation a été créée.
training-updated = La formation a été modifiée.
training-deleted = La formation a été supprimée.
training-error-title = Indiquez un titre (255 caractères au plus).
training-error-link = Indiquez un lien commençant par https:// ou http://, sans espace.
training-error-minutes = Indiquez une durée en minutes, entre 1 et 100 000.
training-error-editor = L'éditeur fait 255 caractères au plus.
training-error-locale = Choisissez la langue de la formation.
training-error-kind = Choisissez le type de formation.
training-error-profiles = Choisissez au moins un profil cible de l'organisation.
training-error-triggers = Ajoutez au moins un déclencheur.
training-error-trigger-kind = Déclencheur { $row } : type inconnu.
training-error-trigger-threshold = Déclencheur { $row } : indiquez un seuil entre 0 et 100.
training-error-trigger-tubes = Déclencheur { $row } : cochez au moins un sujet.

## ---- Site-wide and learner navigation (issue 10) ----
nav-journeys = Mes parcours
nav-tutorials = Mes tutos
nav-code = J'ai un code
nav-orga = Espace organisation
new-tab = s'ouvre dans un nouvel onglet
home-code-intro = Une école, une université ou un employeur vous a donné un code de parcours ? Saisissez-le ici.
legal-notice-title = Mentions légales
privacy-title = Politique de confidentialité
a11y-title = Déclaration d'accessibilité
not-found-title = Page introuvable
not-found-text = Cette adresse ne correspond à aucune page, ou la page n'est plus disponible. Vérifiez l'adresse, ou repartez d'ici :
not-found-home = Accueil d'Acquis
error-invalid-name = Le nom ne doit pas dépasser 100 caractères ni contenir de caractère de contrôle.
error-password-too-long = Le mot de passe ne doit pas dépasser 256 caractères.
error-email-missing = Saisissez votre adresse électronique.
error-password-missing = Saisissez votre mot de passe.
signin-context-invitation = Vous êtes invité·e à rejoindre { $org } ({ $role }). Connectez-vous, ou créez votre compte : vous reviendrez ensuite à l'invitation pour l'accepter.
signin-context-campaign = Pour participer au parcours « { $title } » ({ $org }), connectez-vous ou créez votre compte : vous reviendrez ensuite au parcours.
account-names-title = Changer de nom
account-names-submit = Enregistrer mon nom
account-names-done = Votre nom a été changé.
account-data-title = Mes données
account-data-intro = Téléchargez tout ce qu'Acquis conserve sur vous (compte, évaluations et réponses, parcours, tutos), dans un fichier JSON lisible par d'autres services.
account-data-download = Télécharger mes données (JSON)
tuto-eyebrow = Tuto
tuto-save = Garder dans Mes tutos
tuto-remove = Retirer de Mes tutos
tuto-saved = Le tuto est dans Mes tutos.
tuto-removed = Le tuto a été retiré de Mes tutos.
tuto-details = Présentation
tuto-open = Ouvrir la ressource
tuto-sign-in-to-save = Connectez-vous pour garder ce tuto
tuto-none-saved = Vous n'avez encore gardé aucun tuto. Sous « Pour progresser », après une évaluation, chaque tuto peut être gardé ici.
journey-none = Vous n'avez encore rejoint aucun parcours. Une organisation vous a donné un code ? Saisissez-le avec « J'ai un code ».
journey-joined = rejoint le
journey-archived = parcours clos
journey-started = En cours
journey-to-share = Terminé, résultats à envoyer
journey-shared = Résultats envoyés
journey-resume = Reprendre le parcours
journey-see-and-send = Voir et envoyer mes résultats
journey-see = Revoir mes résultats
campaign-joined-started = Vous avez déjà commencé ce parcours.
campaign-joined-to-share = Vous avez terminé ce parcours : il reste à envoyer vos résultats.
campaign-joined-shared = Vous avez déjà envoyé vos résultats pour ce parcours.
campaign-joined-go = Aller à mes résultats
## ---- end of the issue 10 site-wide block ----

## Organisation portal: tables, learners management, confirmations (issue 10)
orga-table-range = { $from }–{ $to } sur { $total }
orga-table-pages = Pages du tableau
orga-page-prev = Page précédente
orga-page-next = Page suivante
orga-search-name = Rechercher un nom
orga-search = Rechercher
orga-search-none = Aucun apprenant ne correspond à cette recherche.
orga-national-id = INE / numéro étudiant
orga-required = obligatoire
orga-cancel = Annuler
orga-import-value = Valeur
orga-import-again = Importer à nouveau le même fichier ne crée aucun doublon : les apprenants déjà présents (même INE, ou mêmes nom, prénom et date de naissance) sont mis à jour.
orga-import-template = Télécharger un modèle de fichier
orga-import-counts = Import terminé : { $created } { $created ->
        [one] créé
       *[other] créés
    }, { $updated } mis à jour, { $unchanged } { $unchanged ->
        [one] inchangé
       *[other] inchangés
    }.
orga-import-error-duplicate = Cet apprenant figure déjà plus haut dans le fichier (nom, puis ligne de la première occurrence).
orga-import-error-conflict = Un autre import a modifié la liste en même temps : réessayez.
orga-learner-edit = Modifier
orga-learner-edit-title = Modifier l'apprenant
orga-learner-save = Enregistrer
orga-learner-saved = Apprenant enregistré.
orga-learner-not-saved = L'apprenant n'a pas été enregistré :
orga-learner-error-required = Ce champ est obligatoire.
orga-learner-error-long = 200 caractères au plus.
orga-learner-error-taken = Un autre apprenant a déjà cet INE, ou les mêmes nom, prénom et date de naissance.
orga-learner-delete = Supprimer
orga-learner-delete-title = Supprimer { $name } de la liste ?
orga-learner-delete-help = L'apprenant disparaît de la liste de l'organisation. Ses participations aux campagnes sont conservées, sous le nom de son compte, sans classe ni groupe.
orga-learner-deleted = Apprenant supprimé.
orga-archive-confirm-title = Archiver la campagne « { $campaign } » ?
orga-archive-confirm-help = Une campagne archivée n'accepte plus de nouveaux participants et ne peut plus être relancée. Ses résultats restent consultables, et vous pourrez la désarchiver.
orga-remind-confirm-title = Relancer les participants de « { $campaign } » ?
orga-remind-confirm-help = { $count ->
        [0] Aucun participant n'a besoin d'être relancé.
        [one] Un courriel sera envoyé au participant qui n'a pas terminé ou pas envoyé ses résultats.
       *[other] Un courriel sera envoyé aux { $count } participants qui n'ont pas terminé ou pas envoyé leurs résultats.
    }
orga-copy-code = Copier le code
orga-copy-link = Copier le lien
orga-copied = Copié dans le presse-papiers.
orga-chart-data = Voir les données

## Certification : courriels
certif-invite-mail-subject = Invitation à rejoindre le centre de certification { $centre }
certif-invite-mail-body =
    Bonjour,

    { $inviter } vous invite à rejoindre le centre de certification { $centre } sur Acquis, en tant que { $role }.

    Pour accepter, ouvrez ce lien puis connectez-vous (ou créez un compte) :

    { $link }

    Si vous ne vous attendiez pas à cette invitation, ignorez ce message.

    L'équipe Acquis
certif-convocation-mail-subject = Votre convocation à la certification Acquis (session { $session })
certif-results-mail-subject = Vos résultats de certification sont disponibles
certif-results-mail-body =
    Bonjour { $name },

    Les résultats de votre session de certification du { $date } au centre { $centre } sont publiés.

    Retrouvez votre résultat, votre certificat (PDF) et votre badge numérique vérifiable dans votre espace Acquis :

    { $link }

    L'équipe Acquis

certif-convocation-mail-body =
    Bonjour { $name },

    Le centre { $centre } vous convoque à une session de certification des compétences numériques :

    - date : { $date } à { $time }
    - lieu : { $place }
    - numéro de session : { $session }

    Le jour venu, connectez-vous à votre compte Acquis (ou créez-en un), ouvrez la page de certification et saisissez le numéro de session, vos prénom, nom de naissance et date de naissance :

    { $link }

    Le surveillant vous donnera le code d'accès sur place. Pensez à apporter une pièce d'identité.

    L'équipe Acquis

## Certification portal: finalisation and certificates of a session
certif-live-closed = La session est finalisée : la surveillance est terminée.
certif-final-title = Finaliser la session
certif-final-see = Finalisation et signalements
certif-final-intro = Ajoutez les signalements utiles pour chaque candidat, indiquez pourquoi chaque test non terminé s'est arrêté, puis finalisez. Une fois finalisée, la session ne peut plus être modifiée par le centre.
certif-final-already = La session est finalisée : les résultats sont calculés puis publiés par l'opérateur.
certif-final-absent = Absent
certif-final-unfinished = Test non terminé
certif-final-completed = Test terminé
certif-final-answered = { $n } réponse(s)
certif-final-abort = Motif d'abandon
certif-final-abort-required = Indiquez le motif d'abandon de chaque test non terminé.
certif-abort-candidate = Abandon du candidat
certif-abort-technical = Problème technique
certif-final-boxes = Déroulement de la session
certif-final-incident = Un incident a eu lieu pendant la session
certif-final-joining = Des candidats ont eu des difficultés pour rejoindre la session
certif-final-comment = Commentaire pour l'opérateur
certif-final-comment-hint = Un commentaire sera lu par une personne avant la publication des résultats.
certif-final-submit = Finaliser la session
certif-final-done = Session finalisée : les résultats vont être calculés.
certif-final-pdf = Télécharger les certificats (PDF)
certif-final-pdf-en = Certificates in English (PDF)
certif-max-chars = { $max } caractères au plus
certif-comment-too-long = { $max } caractères au plus.
certif-error-control-character = Ce texte contient un caractère non autorisé.
certif-issue-list = Signalements
certif-issue-add = Ajouter un signalement
certif-issue-kind = Catégorie
certif-issue-question = Question n°
certif-issue-question-hint = pour un problème sur une question
certif-issue-description = Description
certif-issue-submit = Enregistrer le signalement
certif-issue-added = Signalement enregistré.
certif-issue-deleted = Signalement supprimé.
certif-issue-delete = Supprimer
certif-issue-resolution = Traitement
certif-issue-question-required = Indiquez le numéro de la question concernée.
certif-issue-question-range = Le numéro de question va de 1 à 32.
certif-issue-kind-unknown = Choisissez une catégorie de la liste.
certif-issue-name-or-birth-date = Erreur sur le nom ou la date de naissance
certif-issue-extra-time = Temps majoré erroné ou oublié
certif-issue-fraud = Suspicion de fraude
certif-issue-technical = Incident technique sans interruption
certif-issue-candidate = Incident lié au candidat sans interruption
certif-issue-skipped-on-error = Question passée à cause d'une page d'erreur
certif-resolution-neutralised = question neutralisée
certif-resolution-focus-out-accepted = sortie de page acceptée
certif-resolution-no-effect-no-such-element = sans effet (la question n'a pas cet élément)
certif-resolution-no-effect-answered-right = sans effet (réponse juste)
certif-resolution-no-effect-not-focused = sans effet (question non surveillée)
certif-resolution-no-effect-no-focus-out = sans effet (aucune sortie de page enregistrée)
certif-resolution-needs-person = en attente d'examen par l'opérateur

## Certification portal (centres, sessions)
nav-certification = Certification
nav-certif = Espace certification
certif-title = Vos centres de certification
certif-none = Vous n'êtes membre d'aucun centre de certification. Un administrateur de centre peut vous inviter.
certif-nav-label = Navigation du centre
certif-nav-sessions = Sessions
certif-nav-members = Membres
certif-centre = Centre
certif-back = Retour
certif-yes = Oui
certif-no = Non
certif-members-title = Membres du centre
certif-members-caption = Les membres du centre et leur rôle
certif-leave-title = Quitter le centre
certif-leave-submit = Quitter ce centre
certif-left = Vous avez quitté le centre.
certif-joined = Vous êtes désormais membre du centre.
certif-join-title = Rejoindre un centre de certification
certif-join-intro = Vous êtes invité·e à rejoindre le centre
certif-error-last-admin = Un centre garde toujours au moins un administrateur : nommez-en un autre avant.
certif-error-not-member = Cette personne n'est pas membre du centre.
certif-sessions-title = Sessions de certification
certif-sessions-caption = Les sessions du centre, avec leur nombre de candidats
certif-sessions-none = Aucune session pour l'instant.
certif-sessions-none-filtered = Aucune session ne correspond à ces filtres.
certif-filter-label = Filtrer les sessions
certif-filter-from = Du
certif-filter-to = Au
certif-filter-submit = Filtrer
certif-filter-reset = Tout afficher
certif-status = Statut
certif-status-any = Tous
certif-status-created = Créée
certif-status-finalised = Finalisée
certif-status-in-process = En cours de traitement
certif-status-processed = Résultats publiés
certif-session = Session
certif-session-number = N° de session
certif-session-new = Créer une session
certif-session-edit = Modifier la session
certif-session-delete = Supprimer la session
certif-session-delete-message = La session et la liste de ses candidats seront supprimées définitivement.
certif-session-save = Enregistrer la session
certif-session-not-saved = La session n'est pas enregistrée : corrigez les champs signalés.
certif-session-created = Session créée.
certif-session-saved = Session modifiée.
certif-session-deleted = Session supprimée.
certif-error-started = Un candidat a commencé son test : la session ne peut plus être modifiée ni supprimée.
certif-error-closed = La session est finalisée : elle ne peut plus être modifiée.
certif-field-site = Nom du site
certif-field-room = Salle
certif-field-date = Date
certif-field-time = Heure de début
certif-field-examiners = Surveillant·e(s)
certif-field-examiners-hint = Séparez plusieurs noms par des virgules.
certif-field-description = Observations
certif-problem-required = { $field } : ce champ est obligatoire.
certif-problem-too-long = { $field } : le texte est trop long.
certif-problem-control = { $field } : le texte contient un caractère non autorisé.
certif-problem-date = { $field } : saisissez une date valide (JJ/MM/AAAA).
certif-problem-time = { $field } : saisissez une heure valide (HH:MM).
certif-access-code = Code d'accès
certif-password-title = Mot de passe de surveillance
certif-password-once = Notez-le maintenant : il ne sera plus jamais affiché. Le ou la surveillant·e en aura besoin pour ouvrir l'espace de surveillance.
certif-password-renew = Générer un nouveau mot de passe de surveillance
certif-password-renewed = Nouveau mot de passe généré : l'ancien ne fonctionne plus.
certif-candidates = Candidats
certif-candidates-caption = Les candidats inscrits à la session
certif-candidates-none = Aucun candidat inscrit.
certif-linked = Compte relié
certif-field-birth-name = Nom de naissance
certif-field-first-name = Prénom
certif-field-birthdate = Date de naissance
certif-field-external-id = Identifiant externe
certif-field-extra-time = Temps majoré
certif-field-accessibility = Aménagement
certif-attendance-title = Feuille d'émargement
certif-attendance-caption = Candidats inscrits, à faire signer à l'arrivée
certif-signature = Signature
certif-attendance-examiner-sign = Nom et signature du ou de la surveillant·e :
certif-kit-title = Kit du surveillant
certif-kit-before = Avant la session
certif-kit-step-sheet = Imprimez la feuille d'émargement et faites-la signer à chaque candidat à son arrivée, pièce d'identité en main.
certif-kit-step-invigilate = Connectez-vous avec votre compte, ouvrez « Espace de surveillance » (/certif/surveillance) et saisissez le numéro de session et le mot de passe de surveillance.
certif-kit-step-board = Écrivez le numéro de session et le code d'accès au tableau, lisibles de toute la salle.
certif-kit-during = Pendant la session
certif-kit-step-join = Chaque candidat se connecte à son compte, ouvre « Certification » (/certification) et saisit le numéro de session, son prénom, son nom de naissance et sa date de naissance, puis le code d'accès.
certif-kit-step-confirm = Dans l'espace de surveillance, confirmez la présence de chaque candidat : il a alors 15 minutes pour commencer.
certif-kit-step-alerts = Un signalement apparaît en tête de liste : rendez-vous auprès du candidat, puis validez-le (une autre question lui sera proposée) ou refusez-le (il répond à la même question).
certif-kit-step-resume = Un test interrompu (navigateur fermé, réseau coupé) ne reprend qu'après votre autorisation.
certif-kit-after = Après la session
certif-kit-step-end = Si un candidat doit s'arrêter, terminez son test depuis l'espace de surveillance.
certif-kit-step-finalise = Reportez les incidents sur la feuille d'émargement pour la finalisation de la session.

## Certification portal: candidates
certif-enrol-title = Inscrire des candidats
certif-enrol-one = Inscrire un candidat
certif-enrol-identity = Identité
certif-enrol-birthplace = Lieu de naissance
certif-enrol-birthplace-hint = Né·e en France : le code INSEE de la commune, ou son code postal et son nom. Né·e à l'étranger : le pays et la ville.
certif-enrol-contact = Contact et identifiant
certif-enrol-adjustments = Aménagements
certif-enrol-billing = Tarification
certif-enrol-submit = Inscrire le candidat
certif-candidate-not-saved = Le candidat n'est pas inscrit : corrigez les champs signalés.
certif-candidate-enrolled = Candidat inscrit.
certif-candidate-removed = Candidat retiré de la session.
certif-candidate-remove = Retirer
certif-candidate-duplicate = Ce candidat est déjà inscrit à la session (mêmes nom, prénom et date de naissance).
certif-field-sex = Sexe
certif-sex-m = Homme
certif-sex-f = Femme
certif-field-born-in-france = Né·e en France
certif-field-birth-insee = Code INSEE de la commune de naissance
certif-field-birth-postal-code = Code postal de la commune de naissance
certif-field-birth-city = Commune ou ville de naissance
certif-field-birth-country = Pays de naissance
certif-field-convocation-email = E-mail de convocation
certif-field-results-email = E-mail du destinataire des résultats
certif-field-accessibility-needed = Besoin d'un aménagement d'accessibilité
certif-field-billing-mode = Tarification
certif-field-prepayment-code = Code de prépaiement
certif-billing-choose = Choisir…
certif-billing-free = Gratuite
certif-billing-paid = Payante
certif-billing-prepaid = Prépayée
certif-candidate-missing = { $field } : ce champ est obligatoire.
certif-candidate-too-long = { $field } : le texte est trop long.
certif-candidate-invalid = { $field } : cette valeur n'est pas acceptée.
certif-candidate-bad-date = { $field } : saisissez une date valide (JJ/MM/AAAA).
certif-candidate-birthdate-in-future = { $field } : la date de naissance doit être passée.
certif-candidate-insee-invalid = { $field } : un code INSEE a 5 caractères (chiffres, ou 2A/2B suivis de 3 chiffres).
certif-candidate-postal-code-invalid = { $field } : un code postal a 5 chiffres.
certif-candidate-email-invalid = { $field } : saisissez une adresse e-mail valide (nom@domaine.fr).
certif-candidate-extra-time = { $field } : saisissez un nombre entier entre 0 et 99.
certif-candidate-not-expected = { $field } : à laisser vide avec les autres informations saisies.
certif-candidate-billing-forbidden = { $field } : un centre scolaire n'indique pas de tarification.
certif-candidate-billing-missing = { $field } : choisissez la tarification du candidat.
certif-candidate-prepayment-missing = { $field } : un candidat prépayé a un code de prépaiement.
certif-candidate-prepayment-forbidden = { $field } : seul un candidat prépayé a un code de prépaiement.
certif-import-title = Importer une liste de candidats
certif-import-intro = Remplissez le modèle (un candidat par ligne, séparateur point-virgule) puis envoyez-le. Si une ligne contient une erreur, aucun candidat n'est inscrit et toutes les erreurs sont listées.
certif-import-template = Télécharger le modèle
certif-import-file = Fichier CSV
certif-import-submit = Importer
certif-import-refused = Aucun candidat n'a été inscrit
certif-import-done = { $count ->
    [one] { $count } candidat inscrit.
   *[other] { $count } candidats inscrits.
}
certif-import-size = Le fichier dépasse 1 Mo.
certif-import-at-line = Ligne { $line } :
certif-import-at-cell = Ligne { $line }, colonne « { $column } » :
certif-import-value = (valeur « { $value } »)
certif-import-empty = le fichier ne contient aucun candidat.
certif-import-not-utf8 = le fichier n'est pas encodé en UTF-8 (enregistrez-le en « CSV UTF-8 »).
certif-import-missing-column = la colonne « { $column } » manque.
certif-import-unknown-column = la colonne « { $column } » n'est pas une colonne du modèle.
certif-import-repeated-column = la colonne « { $column } » apparaît deux fois.
certif-import-forbidden-column = la colonne « { $column } » ne concerne pas un centre scolaire.
certif-import-unreadable = la ligne ne peut pas être lue (guillemets mal fermés ?).
certif-import-too-many = le fichier dépasse 5 000 candidats.
certif-import-columns = la ligne a plus de cellules que l'en-tête.
certif-import-duplicate = même candidat qu'une ligne précédente ({ $value }).
certif-import-field = valeur incorrecte.
certif-import-too-many-candidates = Une session accueille au plus 5 000 candidats.
certif-import-already-enrolled = Ligne { $line } : { $name } est déjà inscrit·e à la session.

## Certification: the candidate's side
certification-title = Certification
certification-mine = Mes sessions en cours
certification-join-title = Rejoindre une session
certification-join-intro = Saisissez le numéro de session donné par le centre, puis votre identité telle qu'elle figure sur votre convocation.
certification-join-submit = Rejoindre la session
certification-join-no-match = Aucun candidat inscrit à cette session ne correspond : vérifiez le numéro de session, vos prénom et nom de naissance et votre date de naissance.
certification-join-linked-elsewhere = Cette inscription est déjà rattachée à un autre compte. Adressez-vous au surveillant.
certification-join-closed = Cette session est finalisée : elle ne peut plus être rejointe.
certification-instructions-title = Avant de commencer
certification-instructions-page = Page
certification-instructions-nav = Pages des consignes
certification-instructions-1-title = Le déroulement du test
certification-instructions-1 = Le test compte 32 questions, choisies au fur et à mesure selon vos réponses. Répondez seul·e, sans aide extérieure. Une réponse validée ne peut plus être modifiée.
certification-instructions-2-title = Le temps et les questions chronométrées
certification-instructions-2 = Certaines questions sont chronométrées : le temps restant s'affiche. Si vous ne savez pas répondre, choisissez « Je passe » : la question compte comme non réussie.
certification-instructions-extra-time = Votre temps est majoré selon votre aménagement
certification-instructions-3-title = Les questions à surveiller et les problèmes
certification-instructions-3 = Sur certaines questions, quitter la page (autre onglet, autre fenêtre) est enregistré et la réponse comptée comme non réussie. Si une question ne s'affiche pas correctement, utilisez « Signaler un problème » : le surveillant viendra vous voir.
certification-instructions-confirm = J'ai lu ces consignes et je m'engage à les respecter.
certification-instructions-submit = Continuer
certification-instructions-unchecked = Cochez la case pour confirmer que vous avez lu les consignes.
certification-previous = Précédent
certification-next = Suivant
certification-code-title = Code d'accès
certification-code-intro = Saisissez le code d'accès indiqué par le surveillant (4 lettres et 2 chiffres).
certification-code-submit = Valider le code
certification-code-wrong = Ce code d'accès n'est pas celui de la session.
certification-waiting-title = En attente du surveillant
certification-waiting = Le surveillant doit confirmer votre présence. Cette page se met à jour toute seule.
certification-waiting-refresh = Actualiser
certification-authorised-title = Vous pouvez commencer
certification-authorised = Le surveillant a confirmé votre présence. Vous avez 15 minutes pour commencer.
certification-start = Commencer le test
certification-refused-not-eligible = Votre profil ne permet pas encore la certification : il faut le niveau 1 dans au moins 5 compétences.
certification-refused-not-authorised = Le surveillant n'a pas encore confirmé votre présence.
certification-refused-expired = L'autorisation a expiré : demandez au surveillant de la renouveler.
certification-refused-window = Il est trop tard pour commencer un test dans cette session.
certification-refused-ended = Votre test est terminé.
certification-ended-title = Test terminé
certification-ended = Votre test est terminé. Les résultats vous seront communiqués après la finalisation de la session.
certification-progress = Question { $number } sur { $of }
certification-report = Signaler un problème
certification-alert-sent = Signalement envoyé : le surveillant va venir vous voir.
certification-alert-pending = Votre signalement a été transmis au surveillant. Vous pourrez répondre dès qu'il l'aura traité.
certification-alert-blocks = Un signalement est en cours : attendez que le surveillant le traite.
certification-finished-title = Test terminé
certification-finished = Vous avez répondu aux 32 questions. Merci ! Les résultats vous seront communiqués après la finalisation de la session.

## Certification: the invigilator's space
certif-invigilate-title = Espace de surveillance
certif-invigilate-intro = Saisissez le numéro de la session et le mot de passe de surveillance remis par le centre.
certif-invigilate-submit = Ouvrir la surveillance
certif-invigilate-wrong = Numéro de session ou mot de passe incorrect.
certif-invigilate-locked = Trop d'essais : la surveillance de cette session est bloquée 15 minutes.
certif-board-title = Surveillance en direct
certif-board-caption = Les candidats de la session, signalements en tête
certif-board-live = Mise à jour en direct.
certif-board-polling = Mise à jour toutes les 5 secondes.
certif-candidate = Candidat
certif-state = État
certif-started-at = Début
certif-end-at = Fin théorique
certif-state-not-eligible = Non certifiable
certif-state-not-arrived = Non arrivé
certif-state-present = Présent, en attente
certif-state-authorised = Autorisé à commencer
certif-state-in-test = En test, question { $question } sur { $of }
certif-state-alert = Signalement, question { $question } sur { $of }
certif-state-interrupted = Test interrompu : reprise à autoriser
certif-state-resume-authorised = Reprise autorisée
certif-state-finished = Terminé
certif-state-ended = Terminé par le surveillant
certif-state-ended-finalisation = Terminé à la finalisation
certif-authorise = Confirmer la présence
certif-authorised = Présence confirmée : le candidat a 15 minutes pour commencer.
certif-authorise-refused = Ce candidat ne peut pas être autorisé.
certif-end-test = Terminer le test
certif-end-test-message = Le candidat ne pourra plus répondre. Cette action est définitive.
certif-test-ended = Test terminé.
certif-test-not-running = Ce test n'est pas en cours.
certif-alert-on-question = Signalement sur la question
certif-alert-reason = Motif
certif-alert-validate = Valider
certif-alert-dismiss = Refuser
certif-alert-validated = Signalement validé : le candidat reçoit une autre question.
certif-alert-dismissed = Signalement refusé : le candidat répond à la même question.
certif-alert-gone = Ce signalement a déjà été traité.
certif-alert-reason-missing = Choisissez un motif pour valider le signalement.
certif-alert-reason-image-not-displaying = L'image ne s'affiche pas
certif-alert-reason-embed-not-working = Le simulateur ne fonctionne pas
certif-alert-reason-file-not-opening = Le fichier ne s'ouvre pas
certif-alert-reason-website-unavailable = Site indisponible ou bloqué
certif-alert-reason-software-not-working = Le logiciel ne fonctionne pas
certif-alert-reason-extra-time-exceeded = Temps majoré dépassé
certif-alert-reason-unintentional-focus-out = Sortie de page involontaire
certif-alert-reason-accessibility = Problème d'accessibilité
certif-alert-reason-other = Autre

## Certificates: the holder's results and the public verification (issue 14)
nav-certificates = Mes certifications
certificates-title = Mes certifications
certificates-intro = Les résultats de vos sessions de certification, une fois publiés par Acquis.
certificates-none = Aucun résultat publié pour l'instant. Les résultats arrivent quelques jours après la session ; un courriel vous prévient.
certificates-result-of = Session du
certificates-status = Statut :
certificates-status-validated = Certification validée
certificates-status-rejected = Certification rejetée
certificates-status-cancelled = Certification annulée
certificates-status-unknown = Résultat indisponible
certificates-page-title = Ma certification
certificates-back = Retour à mes certifications
certificates-not-certified = Ce résultat ne donne pas de certificat : le test n'a pas pu être évalué (trop peu de réponses). Vous pouvez vous inscrire à une autre session.
certificates-holder = Titulaire
certificates-session-date = Date de la session
certificates-centre = Centre de certification
certificates-published = Résultat publié le
certificates-score = Score
certificates-score-value = { $score } / { $max }
certificates-global-level = Niveau global
certificates-level = Niveau
certificates-no-global-level = Certifié sans niveau global : le score est inférieur à 64, le premier palier.
certificates-levels-title = Niveaux par compétence
certificates-competence = Compétence
certificates-legend-title = Ce que signifient les niveaux
certificates-legend-intro = Les huit niveaux se regroupent deux par deux : novice, indépendant, avancé, expert. Le niveau 0 signifie que la compétence n'a pas été démontrée pendant le test.
certificates-level-1 = Vous réalisez des actions élémentaires, avec l'aide de quelqu'un ou en suivant des indications.
certificates-level-2 = Vous réalisez seul des actions élémentaires dans des situations connues.
certificates-level-3 = Vous menez des actions simples de façon autonome et vous savez retrouver la marche à suivre.
certificates-level-4 = Vous construisez vous-même votre façon de faire pour des tâches simples et vous dépannez votre entourage à l'occasion.
certificates-level-5 = Vous appliquez des pratiques avancées dans des situations nouvelles, en choisissant la démarche adaptée.
certificates-level-6 = Vous concevez votre propre démarche face à des situations nouvelles et vous transmettez vos savoir-faire.
certificates-level-7 = Vous innovez et résolvez des problèmes complexes, dont la solution n'est pas toute tracée.
certificates-level-8 = Vous faites évoluer les pratiques de votre domaine et inspirez celles des autres.
certificates-share-title = Partager mon certificat
certificates-share-intro = Donnez ce code ou ce lien à qui veut vérifier votre certificat, un recruteur par exemple : la page de vérification affiche votre nom, la session, le score et les niveaux, rien d'autre.
certificates-code = Code de vérification
certificates-share-label = Lien de vérification
certificates-copy = Copier le lien
certificates-copied = Lien copié.
certificates-downloads-title = Télécharger
certificates-pdf-fr = Certificat PDF (français)
certificates-pdf-en = Certificat PDF (anglais)
certificates-badge = Badge numérique (Open Badges 3.0)
certificates-badge-help = Le badge est un justificatif numérique signé par Acquis, à déposer dans un portefeuille de badges ou à joindre à une candidature ; il se vérifie sans nous demander la permission.
verification-link = Vérifier un certificat
verification-title = Vérifier un certificat
verification-intro = Saisissez le code de vérification inscrit sur le certificat (il commence par P-) pour en voir le contenu.
verification-code-label = Code de vérification
verification-code-help = 8 caractères après « P- », par exemple P-2B7K9MXQ. Majuscules ou minuscules, peu importe.
verification-submit = Vérifier
verification-found = Ce certificat a bien été délivré par Acquis.
verification-not-found = Aucun certificat ne correspond à ce code.
verification-another = Vérifier un autre certificat
certif-not-accredited = Ce centre n’est pas habilité pour la certification : il ne peut pas organiser de session. Contactez l’opérateur de la plateforme.

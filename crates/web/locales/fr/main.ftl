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
error-terms = Vous devez accepter les conditions d'utilisation pour créer un compte.
error-invalid-email = Cette adresse électronique n'est pas valide (exemple : nom@domaine.fr).
error-weak-password = Le mot de passe doit contenir au moins 8 caractères, dont une majuscule, une minuscule et un chiffre.
error-email-taken = Un compte existe déjà avec cette adresse électronique.
error-unexpected = Une erreur inattendue est survenue. Réessayez dans un instant.
error-locked = Trop de tentatives de connexion : votre compte est bloqué pour un moment. Réessayez plus tard ou réinitialisez votre mot de passe.
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
card-reset-done = La compétence a été remise à zéro : vous pouvez la repasser.
card-reset-in = Vous pourrez remettre cette compétence à zéro dans { $days ->
        [one] 1 jour
       *[other] { $days } jours
    }.
card-reset-nothing = Rien à remettre à zéro sur cette compétence.
card-results = Voir mes réponses

## Épreuve
challenge-title = Épreuve
challenge-progress = Progression jusqu'au prochain point d'étape
challenge-step = Épreuve
challenge-step-done = terminée
timer-label = Temps restant :
timer-allowed = temps accordé :
timer-expired = temps écoulé : votre réponse sera comptée hors délai
focused-notice = Répondez sans quitter cette page : si vous changez d'onglet ou de fenêtre, l'épreuve sera comptée comme échouée.
challenge-attachments = Fichiers à utiliser
challenge-download = Télécharger
embed-help = Le simulateur remplit votre réponse quand vous agissez ; vérifiez-la puis validez.
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

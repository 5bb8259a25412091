nav-home = Accueil
mail-reset-subject = Réinitialisation de votre mot de passe Acquis
mail-reset-body =
    Bonjour { $name },

    Vous avez demandé à réinitialiser votre mot de passe Acquis. Ouvrez ce lien dans l'heure qui vient pour en choisir un nouveau :

    { $link }

    Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.

    L'équipe Acquis

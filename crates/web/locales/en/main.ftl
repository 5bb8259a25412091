nav-home = Home
mail-reset-subject = Reset your Acquis password
mail-reset-body =
    Hello { $name },

    You asked to reset your Acquis password. Open this link within the hour to choose a new one:

    { $link }

    If you did not ask for this, ignore this message: your password stays unchanged.

    The Acquis team

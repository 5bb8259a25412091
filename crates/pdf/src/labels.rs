//! The fixed texts of a certificate page, in French and in English.

use crate::Lang;

/// Every fixed text of the page in one language.
pub(crate) struct Labels {
    /// Language tag of the document (`/Lang`).
    pub(crate) lang_tag: &'static str,
    pub(crate) brand_line: &'static str,
    pub(crate) title: &'static str,
    pub(crate) awarded_to: &'static str,
    pub(crate) born_on: &'static str,
    pub(crate) issued_on: &'static str,
    pub(crate) centre: &'static str,
    pub(crate) score: &'static str,
    pub(crate) out_of: &'static str,
    pub(crate) global_level: &'static str,
    pub(crate) no_global_level: &'static str,
    pub(crate) no_global_level_detail: &'static str,
    pub(crate) areas_heading: &'static str,
    pub(crate) level_heading: &'static str,
    pub(crate) scale_heading: &'static str,
    level_word: &'static str,
    pub(crate) no_competence: &'static str,
    pub(crate) verification_code: &'static str,
    pub(crate) verify_at: &'static str,
    pub(crate) scan_hint: &'static str,
    /// Two lines at the foot of the page.
    pub(crate) footer: [&'static str; 2],
    pub(crate) empty_session: &'static str,
    /// Document title of a file with several certificates (or none).
    pub(crate) session_title: &'static str,
}

const FR: Labels = Labels {
    lang_tag: "fr-FR",
    brand_line: "Certification des compétences numériques",
    title: "Certificat de compétences numériques",
    awarded_to: "Ce certificat atteste les compétences numériques de",
    born_on: "Date de naissance",
    issued_on: "Délivré le",
    centre: "Centre",
    score: "Score",
    out_of: "/ 895",
    global_level: "Niveau global",
    no_global_level: "Certification obtenue sans niveau global",
    no_global_level_detail: "Le score n’atteint pas le premier palier de niveau global.",
    areas_heading: "Domaines et compétences",
    level_heading: "Niveau atteint",
    scale_heading: "Échelle 1 à 8",
    level_word: "niveau",
    no_competence: "Aucune compétence certifiée.",
    verification_code: "Code de vérification",
    verify_at: "Vérifiez ce certificat sur",
    scan_hint: "ou en scannant le code QR ci-contre.",
    footer: [
        "Ce certificat est authentique si la page de vérification, ouverte avec le code ci-dessus, \
         affiche les mêmes informations.",
        "Document établi par Acquis.",
    ],
    empty_session: "Aucun certificat à éditer pour cette session.",
    session_title: "Certificats de compétences numériques",
};

const EN: Labels = Labels {
    lang_tag: "en-GB",
    brand_line: "Digital competences certification",
    title: "Digital competences certificate",
    awarded_to: "This certificate attests the digital competences of",
    born_on: "Date of birth",
    issued_on: "Issued on",
    centre: "Centre",
    score: "Score",
    out_of: "/ 895",
    global_level: "Overall level",
    no_global_level: "Certified without an overall level",
    no_global_level_detail: "The score is below the first overall level band.",
    areas_heading: "Areas and competences",
    level_heading: "Level reached",
    scale_heading: "Scale 1 to 8",
    level_word: "level",
    no_competence: "No certified competence.",
    verification_code: "Verification code",
    verify_at: "Verify this certificate at",
    scan_hint: "or by scanning the QR code beside.",
    footer: [
        "This certificate is genuine if the verification page, opened with the code above, \
         shows the same details.",
        "Document produced by Acquis.",
    ],
    empty_session: "No certificate to print for this session.",
    session_title: "Digital competences certificates",
};

impl Labels {
    /// The texts of `lang`.
    pub(crate) fn of(lang: Lang) -> &'static Labels {
        match lang {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    /// "niveau 3" / "level 3".
    pub(crate) fn level(&self, level: u8) -> String {
        format!("{} {level}", self.level_word)
    }

    /// Between a field name and its value: " : " in French, ": " in English.
    pub(crate) fn colon(&self) -> &'static str {
        if self.lang_tag.starts_with("fr") {
            " : "
        } else {
            ": "
        }
    }

    /// Document title of a single certificate.
    pub(crate) fn single_title(&self, holder: &str) -> String {
        format!("{} – {holder}", self.title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_their_own_texts() {
        let (fr, en) = (Labels::of(Lang::Fr), Labels::of(Lang::En));
        assert_eq!(fr.level(3), "niveau 3");
        assert_eq!(en.level(3), "level 3");
        assert_ne!(fr.title, en.title);
        assert_eq!(fr.lang_tag, "fr-FR");
        assert_eq!(en.lang_tag, "en-GB");
    }
}

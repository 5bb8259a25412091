//! The words of the mails the use cases send, in the reader's language (Fluent messages
//! `mail-*` and `orga-*-mail-*`).

use acquis_app::{Letter, LetterWriter, Written};

use crate::i18n::{Lang, text};
use crate::orga::role_label_key;

/// Writes letters with the product's translations.
#[derive(Debug, Clone, Copy, Default)]
pub struct FluentLetters;

impl LetterWriter for FluentLetters {
    fn write(&self, locale: &str, letter: &Letter) -> Written {
        let lang = Lang::parse(locale).unwrap_or_default();
        match letter {
            Letter::PasswordReset { name, link } => {
                let args = [("name", text(name.clone())), ("link", text(link.clone()))];
                Written {
                    subject: lang.t("mail-reset-subject"),
                    body: lang.t_args("mail-reset-body", &args),
                }
            }
            Letter::Invitation {
                organization,
                role,
                inviter,
                link,
            } => {
                let args = [
                    ("org", text(organization.clone())),
                    ("role", text(lang.t(role_label_key(*role)))),
                    ("inviter", text(inviter.clone())),
                    ("link", text(link.clone())),
                ];
                Written {
                    subject: lang.t_args("orga-invite-mail-subject", &args),
                    body: lang.t_args("orga-invite-mail-body", &args),
                }
            }
            Letter::CentreInvitation {
                centre,
                role,
                inviter,
                link,
            } => {
                let args = [
                    ("centre", text(centre.clone())),
                    ("role", text(lang.t(role_label_key(*role)))),
                    ("inviter", text(inviter.clone())),
                    ("link", text(link.clone())),
                ];
                Written {
                    subject: lang.t_args("certif-invite-mail-subject", &args),
                    body: lang.t_args("certif-invite-mail-body", &args),
                }
            }
            Letter::Convocation {
                name,
                centre,
                session,
                date,
                time,
                place,
                link,
            } => {
                let args = [
                    ("name", text(name.clone())),
                    ("centre", text(centre.clone())),
                    ("session", text(session.to_string())),
                    ("date", text(date.clone())),
                    ("time", text(time.clone())),
                    ("place", text(place.clone())),
                    ("link", text(link.clone())),
                ];
                Written {
                    subject: lang.t_args("certif-convocation-mail-subject", &args),
                    body: lang.t_args("certif-convocation-mail-body", &args),
                }
            }
            Letter::CertificationResults {
                name,
                centre,
                date,
                link,
            } => {
                let args = [
                    ("name", text(name.clone())),
                    ("centre", text(centre.clone())),
                    ("date", text(date.clone())),
                    ("link", text(link.clone())),
                ];
                Written {
                    subject: lang.t_args("certif-results-mail-subject", &args),
                    body: lang.t_args("certif-results-mail-body", &args),
                }
            }
            Letter::Reminder {
                name,
                campaign,
                organization,
                link,
                to_share,
            } => {
                let args = [
                    ("name", text(name.clone())),
                    ("campaign", text(campaign.clone())),
                    ("org", text(organization.clone())),
                    ("link", text(link.clone())),
                ];
                let key = if *to_share {
                    "orga-remind-mail-share"
                } else {
                    "orga-remind-mail-finish"
                };
                Written {
                    subject: lang.t_args("orga-remind-mail-subject", &args),
                    body: lang.t_args(key, &args),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_letter_carries_its_link_in_both_languages() {
        for locale in ["fr", "en"] {
            let w = FluentLetters.write(
                locale,
                &Letter::PasswordReset {
                    name: "Ada".into(),
                    link: "http://x/reinitialiser".into(),
                },
            );
            assert!(w.body.contains("http://x/reinitialiser"), "{w:?}");
            assert!(w.body.contains("Ada"), "{w:?}");
        }
    }
}

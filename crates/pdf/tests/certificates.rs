//! End-to-end checks of the PDF files, read back with an independent parser (lopdf).

use acquis_pdf::{
    AreaBlock, Certificate, CompetenceLine, Lang, PdfError, certificate_pdf, write_certificates,
};

/// Code, name and competences (code, name) of an area.
type Area = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const AREAS: [Area; 5] = [
    (
        "1",
        "Information et données",
        &[
            ("1.1", "Mener une recherche et une veille d’information"),
            ("1.2", "Gérer des données"),
            ("1.3", "Traiter des données"),
        ],
    ),
    (
        "2",
        "Communication et collaboration",
        &[
            ("2.1", "Interagir"),
            ("2.2", "Partager et publier"),
            ("2.3", "Collaborer"),
            ("2.4", "S’insérer dans le monde numérique"),
        ],
    ),
    (
        "3",
        "Création de contenu",
        &[
            ("3.1", "Développer des documents textuels"),
            ("3.2", "Développer des documents multimédia"),
            ("3.3", "Adapter les documents à leur finalité"),
            ("3.4", "Programmer"),
        ],
    ),
    (
        "4",
        "Protection et sécurité",
        &[
            ("4.1", "Sécuriser l’environnement numérique"),
            ("4.2", "Protéger les données personnelles et la vie privée"),
            ("4.3", "Protéger la santé, le bien-être et l’environnement"),
        ],
    ),
    (
        "5",
        "Environnement numérique",
        &[
            ("5.1", "Résoudre des problèmes techniques"),
            ("5.2", "Évoluer dans un environnement numérique"),
        ],
    ),
];

fn certificate(i: usize, holder: &str) -> Certificate {
    let mut n = i;
    let areas = AREAS
        .iter()
        .map(|(code, name, comps)| AreaBlock {
            code: (*code).into(),
            name: (*name).into(),
            competences: comps
                .iter()
                .map(|(code, name)| {
                    n += 3;
                    CompetenceLine {
                        code: (*code).into(),
                        name: (*name).into(),
                        level: (n % 9) as u8,
                    }
                })
                .collect(),
        })
        .collect();
    Certificate {
        holder_name: holder.into(),
        birth_date: "12/03/2001".into(),
        issued_on: "4 décembre 2025".into(),
        centre: "Lycée Jean Moulin, Lyon".into(),
        score: 412 + i as u32,
        global_level: Some((4, "Indépendant".into())),
        areas,
        verification_code: format!("P-ABCD{:04}", 2345 + i),
        verification_url: format!("https://acquis.example/verifier/P-ABCD{:04}", 2345 + i),
    }
}

fn text_of(doc: &lopdf::Document) -> Vec<String> {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages
        .iter()
        .map(|&p| doc.extract_text(&[p]).expect("text of the page"))
        .collect()
}

/// Embedded font programs (FontFile2 streams) in the file.
fn font_files(doc: &lopdf::Document) -> usize {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"FontFile2"))
        .count()
}

#[test]
fn session_of_thirty_is_small_with_fonts_embedded_once() {
    let names = [
        "Łukasz Nowak",
        "Nguyễn Thị Thu",
        "Ingrid Ødegård",
        "Camille Durand",
    ];
    let certificates: Vec<Certificate> = (0..30)
        .map(|i| certificate(i, &format!("{} {i}", names[i % names.len()])))
        .collect();
    let mut out = Vec::new();
    write_certificates(&mut out, Lang::Fr, &certificates).expect("session file");
    let per_certificate = out.len() / 30;
    eprintln!(
        "session: {} bytes, {per_certificate} bytes per certificate",
        out.len()
    );
    assert!(out.len() <= 60 * 1024 * 30, "{} bytes", out.len());

    let doc = lopdf::Document::load_mem(&out).expect("valid PDF");
    assert_eq!(doc.get_pages().len(), 30);
    assert_eq!(font_files(&doc), 2, "one font file per face");
    let texts = text_of(&doc);
    for (i, text) in texts.iter().enumerate() {
        assert!(
            text.contains(&format!("P-ABCD{:04}", 2345 + i)),
            "code on page {i}"
        );
        assert!(text.contains(&(412 + i).to_string()), "score on page {i}");
        assert!(text.contains("Certificat de compétences numériques"));
        assert!(text.contains("niveau"));
    }
    assert!(texts[0].contains("Łukasz Nowak 0"), "{}", texts[0]);
    assert!(texts[1].contains("Nguyễn Thị Thu 1"));
    assert!(texts[2].contains("Ingrid Ødegård 2"));
}

#[test]
fn one_certificate_has_metadata_and_fits_the_budget() {
    let pdf =
        certificate_pdf(Lang::Fr, &certificate(0, "Łukasz Brzęczyszczykiewicz")).expect("pdf");
    eprintln!("one certificate alone: {} bytes", pdf.len());
    assert!(pdf.len() <= 60 * 1024);
    let doc = lopdf::Document::load_mem(&pdf).expect("valid PDF");
    assert_eq!(doc.get_pages().len(), 1);
    let catalog = doc.catalog().expect("catalog");
    assert_eq!(
        catalog.get(b"Lang").and_then(|l| l.as_str()).expect("lang"),
        b"fr-FR"
    );
    let info_id = doc
        .trailer
        .get(b"Info")
        .and_then(|i| i.as_reference())
        .expect("info");
    let info = doc.get_dictionary(info_id).expect("info dict");
    let producer = info
        .get(b"Producer")
        .and_then(|p| p.as_str())
        .expect("producer");
    assert_eq!(producer, b"Acquis");
    assert!(info.has(b"Title"));
    let text = &text_of(&doc)[0];
    assert!(text.contains("Łukasz Brzęczyszczykiewicz"));
    assert!(text.contains("Score"));
    assert!(text.contains("/ 895"));
    assert!(text.contains("Niveau global"));
    assert!(text.contains("Code de vérification"));
    assert!(text.contains("https://acquis.example/verifier/P-ABCD2345"));
}

/// The URIs of the link annotations of the file.
fn uris(pdf: &[u8]) -> Vec<Vec<u8>> {
    let doc = lopdf::Document::load_mem(pdf).expect("valid PDF");
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Link".as_slice()))
        .filter_map(|d| {
            let action = d.get(b"A").and_then(|a| a.as_dict()).ok()?;
            action
                .get(b"URI")
                .and_then(|u| u.as_str())
                .ok()
                .map(<[u8]>::to_vec)
        })
        .collect()
}

#[test]
fn the_verification_url_is_a_link() {
    let pdf = certificate_pdf(Lang::Fr, &certificate(0, "Camille Durand")).expect("pdf");
    let uris = uris(&pdf);
    assert_eq!(uris.len(), 2, "the QR code and the URL text");
    assert!(
        uris.iter()
            .all(|u| u == b"https://acquis.example/verifier/P-ABCD2345")
    );
}

#[test]
fn english_version_has_english_texts() {
    let mut c = certificate(1, "Camille Durand");
    c.global_level = None;
    c.score = 40;
    let pdf = certificate_pdf(Lang::En, &c).expect("pdf");
    let doc = lopdf::Document::load_mem(&pdf).expect("valid PDF");
    let catalog = doc.catalog().expect("catalog");
    assert_eq!(
        catalog.get(b"Lang").and_then(|l| l.as_str()).expect("lang"),
        b"en-GB"
    );
    let text = &text_of(&doc)[0];
    assert!(text.contains("Digital competences certificate"));
    assert!(text.contains("Verification code"));
    assert!(text.contains("Certified without an overall level"));
    assert!(text.contains("level 4"));
    assert!(!text.contains("Niveau global"));
    assert!(!text.contains("Délivré"));
}

#[test]
fn hostile_texts_still_give_a_valid_pdf() {
    let mut c = certificate(2, "");
    c.holder_name = format!("javascript:alert(1)\0\u{202E}{}", "A".repeat(1_000_000));
    c.centre = "\0\0\0".into();
    c.birth_date = "A".repeat(1_000_000);
    c.global_level = Some((7, "x".repeat(5000)));
    c.areas[0].name = "é".repeat(100_000);
    c.areas[1].competences[0].name = "\u{7}".repeat(10_000);
    c.areas[1].competences[1].level = 200;
    c.verification_code = "B".repeat(100_000);
    c.verification_url = "javascript:alert(document.cookie)".into();
    let pdf = certificate_pdf(Lang::Fr, &c).expect("pdf");
    assert!(uris(&pdf).is_empty(), "no link to anything but http(s)");
    assert!(pdf.len() <= 60 * 1024, "{} bytes", pdf.len());
    let doc = lopdf::Document::load_mem(&pdf).expect("valid PDF");
    assert_eq!(doc.get_pages().len(), 1);
    let text = &text_of(&doc)[0];
    assert!(text.contains("javascript:alert(1)AAA"));
    assert!(!text.contains('\0'));
    assert!(text.contains("niveau 8"), "a level above 8 is shown as 8");
    assert!(
        !text.contains("AAAAAAAAAA".repeat(30).as_str()),
        "names are capped"
    );
}

#[test]
fn many_competences_and_none_at_all_are_laid_out() {
    let mut big = certificate(3, "Camille Durand");
    for area in &mut big.areas {
        let more = area.competences.clone();
        for _ in 0..6 {
            area.competences.extend(more.iter().cloned());
        }
    }
    let mut empty = certificate(4, "Camille Durand");
    empty.areas.clear();
    let mut out = Vec::new();
    write_certificates(&mut out, Lang::En, &[big, empty]).expect("pdf");
    let doc = lopdf::Document::load_mem(&out).expect("valid PDF");
    assert_eq!(doc.get_pages().len(), 2);
    assert!(text_of(&doc)[1].contains("No certified competence."));
}

#[test]
fn empty_session_is_one_page_saying_so() {
    let mut out = Vec::new();
    write_certificates(&mut out, Lang::Fr, &[]).expect("pdf");
    let doc = lopdf::Document::load_mem(&out).expect("valid PDF");
    assert_eq!(doc.get_pages().len(), 1);
    assert!(text_of(&doc)[0].contains("Aucun certificat"));
}

#[test]
fn a_url_too_long_for_a_qr_code_is_an_error() {
    let mut c = certificate(5, "Camille Durand");
    c.verification_url = format!("https://acquis.example/{}", "v".repeat(4000));
    assert!(matches!(
        certificate_pdf(Lang::Fr, &c),
        Err(PdfError::Qr(_))
    ));
}

/// The output is written as it goes: the first page is out before the last is laid out,
/// which this writer, counting bytes per call, sees as many writes spread over the file.
#[test]
fn session_file_is_written_progressively() {
    struct Counting {
        writes: Vec<usize>,
    }
    impl std::io::Write for Counting {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.writes.push(buf.len());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let certificates: Vec<Certificate> =
        (0..10).map(|i| certificate(i, "Camille Durand")).collect();
    let mut sink = Counting { writes: Vec::new() };
    write_certificates(&mut sink, Lang::Fr, &certificates).expect("pdf");
    assert!(sink.writes.len() >= 2 * 10 + 10);
    let biggest = sink.writes.iter().max().copied().unwrap_or(0);
    let total: usize = sink.writes.iter().sum();
    assert!(
        biggest < total / 4,
        "no single write holds most of the file"
    );
}

/// Writes `certificate-sample-{fr,en,long}.pdf` in Cargo's test scratch folder (`target/tmp`) for a look (`pdftoppm -png -r 80`).
#[test]
fn writes_samples_for_a_look() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let c = certificate(0, "Łukasz Nguyễn-Ødegård");
    let fr = certificate_pdf(Lang::Fr, &c).expect("pdf");
    std::fs::write(dir.join("certificate-sample-fr.pdf"), fr).expect("write");
    let mut c = certificate(1, "Camille Durand");
    c.global_level = None;
    c.score = 48;
    let en = certificate_pdf(Lang::En, &c).expect("pdf");
    std::fs::write(dir.join("certificate-sample-en.pdf"), en).expect("write");
    let mut c = certificate(2, "");
    c.holder_name = format!("javascript:{}", "Wolfeschlegelsteinhausen ".repeat(40));
    c.centre = "Centre de formation continue ".repeat(20);
    c.global_level = Some((
        7,
        "Expert confirmé des environnements numériques ".repeat(5),
    ));
    c.areas[0].name = "Domaine au nom très long ".repeat(20);
    c.areas[0].competences[0].name = "Compétence au nom très long ".repeat(20);
    c.verification_url = format!("https://acquis.example/verifier/{}", "x".repeat(150));
    let hostile = certificate_pdf(Lang::Fr, &c).expect("pdf");
    std::fs::write(dir.join("certificate-sample-long.pdf"), hostile).expect("write");
}

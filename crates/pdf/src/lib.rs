//! Certification certificates as PDF.
//!
//! One A4 page per certificate, in French or English: the holder, the score out of 895 and
//! the global level, the table of the five areas and their competences with the level reached,
//! and the verification code beside a QR code of the verification URL.
//!
//! A session's file ([`write_certificates`]) is written as it goes: each page's objects are
//! sent to the output as soon as the page is laid out, and only the object offsets and the
//! glyphs used are kept until the end, where the two fonts (DejaVu Sans and DejaVu Sans Bold,
//! cut down to the glyphs the pages use) are embedded once for all the pages, followed by the
//! page tree, the catalog, the document information and the cross-reference table.
//!
//! Every text that comes from the caller goes through [`text::clean`]: control characters are
//! dropped, the text is put in composed form and capped in length, so a hostile or huge name
//! yields an ordinary page.

mod document;
mod fonts;
mod labels;
mod layout;
mod qr;
pub mod text;

use std::io::Write;

/// The language of the fixed texts of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// French (`fr-FR`).
    Fr,
    /// English (`en-GB`).
    En,
}

/// One competence of an area, with the level reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompetenceLine {
    /// Short code, such as "1.1".
    pub code: String,
    /// Name of the competence.
    pub name: String,
    /// Level reached, 0 to 8 (a larger value is shown as 8).
    pub level: u8,
}

/// One area of the framework and its competences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaBlock {
    /// Short code, such as "1".
    pub code: String,
    /// Name of the area.
    pub name: String,
    /// Its competences, in the order they are shown.
    pub competences: Vec<CompetenceLine>,
}

/// Everything a certificate page shows. Dates come already formatted by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// Full name of the holder, such as "Camille Durand".
    pub holder_name: String,
    /// Date of birth, formatted by the caller.
    pub birth_date: String,
    /// Date of issue, formatted by the caller.
    pub issued_on: String,
    /// Name of the certification centre.
    pub centre: String,
    /// Score out of 895.
    pub score: u32,
    /// Global level number and its label; `None` below the first band (score under 64).
    pub global_level: Option<(u8, String)>,
    /// The areas (five in the framework) with their competences (sixteen in all).
    pub areas: Vec<AreaBlock>,
    /// Verification code, such as "P-ABCD2345".
    pub verification_code: String,
    /// URL where the certificate can be verified; the QR code encodes it.
    pub verification_url: String,
}

/// Why a certificate could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// Writing to the output failed.
    #[error("writing the PDF failed: {0}")]
    Io(#[from] std::io::Error),
    /// The embedded font could not be read or subset.
    #[error("font error: {0}")]
    Font(String),
    /// The verification URL cannot be encoded as a QR code (too long once cleaned).
    #[error("the verification URL cannot be encoded as a QR code: {0}")]
    Qr(String),
    /// A bug in this crate's own bookkeeping.
    #[error("internal error: {0}")]
    Internal(&'static str),
    /// The document would need more objects than a PDF can number.
    #[error("too many certificates in one file")]
    TooLarge,
}

/// Writes one PDF with one A4 page per certificate, fonts embedded once; writes to `out` as it
/// goes (each page is sent once laid out; the fonts and the cross-reference table come last).
///
/// An empty slice gives a valid PDF with a single page saying that there is no certificate.
/// `out` gets many small writes: wrap a file or a socket in a [`std::io::BufWriter`].
pub fn write_certificates<W: Write>(
    out: W,
    lang: Lang,
    certificates: &[Certificate],
) -> Result<(), PdfError> {
    let mut doc = document::DocumentWriter::start(out, lang)?;
    if certificates.is_empty() {
        doc.empty_page()?;
    }
    for certificate in certificates {
        doc.page(certificate)?;
    }
    doc.finish()?;
    Ok(())
}

/// The PDF of a single certificate (one page), in memory.
pub fn certificate_pdf(lang: Lang, c: &Certificate) -> Result<Vec<u8>, PdfError> {
    let mut out = Vec::with_capacity(48 * 1024);
    write_certificates(&mut out, lang, std::slice::from_ref(c))?;
    Ok(out)
}

//! The two embedded faces (DejaVu Sans regular and bold, see `fonts/README.md`): glyph lookup,
//! text measuring, encoding of text as two-byte glyph ids, and, once all pages are written,
//! the font objects of the file with a subset holding only the glyphs the pages used.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, Str};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

use crate::PdfError;
use crate::document::{Emit, SETTINGS, deflate};

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// Which of the two faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

impl Weight {
    /// Resource name of the face in the pages' font dictionary.
    pub(crate) fn resource(self) -> Name<'static> {
        match self {
            Weight::Regular => Name(b"F1"),
            Weight::Bold => Name(b"F2"),
        }
    }
}

/// One face and the glyphs the document used from it so far.
pub(crate) struct UsedFace {
    data: &'static [u8],
    face: Face<'static>,
    units_per_em: f32,
    /// Glyph drawn for a character the face lacks.
    fallback: GlyphId,
    /// Old glyph ids to the ids of the subset, in order of first use.
    remapper: GlyphRemapper,
    /// New glyph id to the character it stands for, for the ToUnicode map.
    unicode: BTreeMap<u16, char>,
    /// Subset tag and PostScript name.
    base_font: &'static [u8],
}

impl UsedFace {
    fn load(data: &'static [u8], base_font: &'static [u8]) -> Result<Self, PdfError> {
        let face = Face::parse(data, 0).map_err(|e| PdfError::Font(e.to_string()))?;
        let fallback = face
            .glyph_index('?')
            .ok_or_else(|| PdfError::Font("the face has no '?' glyph".into()))?;
        Ok(Self {
            data,
            units_per_em: f32::from(face.units_per_em()),
            face,
            fallback,
            remapper: GlyphRemapper::new(),
            unicode: BTreeMap::new(),
            base_font,
        })
    }

    fn glyph(&self, c: char) -> (GlyphId, char) {
        match self.face.glyph_index(c) {
            Some(g) => (g, c),
            None => (self.fallback, '?'),
        }
    }

    fn advance(&self, g: GlyphId) -> f32 {
        f32::from(self.face.glyph_hor_advance(g).unwrap_or(0)) / self.units_per_em
    }

    /// Width of `text` set at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c).0))
            .sum::<f32>()
            * size
    }

    /// Width of one character set at `size` points.
    pub(crate) fn char_width(&self, c: char, size: f32) -> f32 {
        self.advance(self.glyph(c).0) * size
    }

    /// Height of capitals above the baseline, as a fraction of the size.
    pub(crate) fn cap_height(&self) -> f32 {
        f32::from(self.face.capital_height().unwrap_or(1460)) / self.units_per_em
    }

    /// `text` as a string of two-byte ids of the subset; records the glyphs used.
    pub(crate) fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let (g, shown) = self.glyph(c);
            let new = self.remapper.remap(g.0);
            self.unicode.entry(new).or_insert(shown);
            out.extend_from_slice(&new.to_be_bytes());
        }
        out
    }

    /// Writes the Type0 font `ids[0]` with its CID font, descriptor, font file and ToUnicode
    /// map (`ids[1..5]`), for the glyphs used so far.
    fn write(&self, sink: &mut dyn Emit, ids: [Ref; 5]) -> Result<(), PdfError> {
        let [type0, cid, descriptor, file, to_unicode] = ids;
        let subset = subsetter::subset(self.data, 0, &self.remapper)
            .map_err(|e| PdfError::Font(e.to_string()))?;

        let mut chunk = Chunk::with_settings(SETTINGS);
        chunk
            .type0_font(type0)
            .base_font(Name(self.base_font))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(to_unicode);
        sink.emit(chunk)?;

        let scale = 1000.0 / self.units_per_em;
        let widths: Vec<f32> = self
            .remapper
            .remapped_gids()
            .map(|g| self.advance(GlyphId(g)) * 1000.0)
            .collect();
        let mut chunk = Chunk::with_settings(SETTINGS);
        let mut cid_font = chunk.cid_font(cid);
        cid_font
            .subtype(CidFontType::Type2)
            .base_font(Name(self.base_font))
            .system_info(SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"Identity"),
                supplement: 0,
            })
            .font_descriptor(descriptor)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        cid_font.widths().consecutive(0, widths);
        cid_font.finish();
        sink.emit(chunk)?;

        let bbox = self.face.global_bounding_box();
        let bold = self.base_font.ends_with(b"Bold");
        let mut chunk = Chunk::with_settings(SETTINGS);
        chunk
            .font_descriptor(descriptor)
            .name(Name(self.base_font))
            .flags(FontFlags::NON_SYMBOLIC)
            .bbox(Rect::new(
                f32::from(bbox.x_min) * scale,
                f32::from(bbox.y_min) * scale,
                f32::from(bbox.x_max) * scale,
                f32::from(bbox.y_max) * scale,
            ))
            .italic_angle(0.0)
            .ascent(f32::from(self.face.ascender()) * scale)
            .descent(f32::from(self.face.descender()) * scale)
            .cap_height(self.cap_height() * 1000.0)
            .stem_v(if bold { 140.0 } else { 80.0 })
            .weight(if bold { 700 } else { 400 })
            .font_file2(file);
        sink.emit(chunk)?;

        let packed = deflate(&subset);
        let mut chunk = Chunk::with_settings(SETTINGS);
        chunk
            .stream(file, &packed)
            .filter(Filter::FlateDecode)
            .pair(
                Name(b"Length1"),
                i32::try_from(subset.len()).unwrap_or(i32::MAX),
            );
        sink.emit(chunk)?;

        let mut cmap = UnicodeCmap::new(
            Name(b"Acquis-UCS"),
            SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"UCS"),
                supplement: 0,
            },
        );
        for (&g, &c) in &self.unicode {
            cmap.pair(g, c);
        }
        let cmap = deflate(&cmap.finish());
        let mut chunk = Chunk::with_settings(SETTINGS);
        chunk.cmap(to_unicode, &cmap).filter(Filter::FlateDecode);
        sink.emit(chunk)
    }
}

/// Both faces of a document.
pub(crate) struct FontSet {
    pub(crate) regular: UsedFace,
    pub(crate) bold: UsedFace,
}

impl FontSet {
    /// Loads both faces, with no glyph used yet.
    pub(crate) fn load() -> Result<Self, PdfError> {
        Ok(Self {
            regular: UsedFace::load(REGULAR, b"AQCDFR+DejaVuSans")?,
            bold: UsedFace::load(BOLD, b"AQCDFB+DejaVuSans-Bold")?,
        })
    }

    /// The face of the given weight.
    pub(crate) fn face(&self, weight: Weight) -> &UsedFace {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// The face of the given weight, to encode text with.
    pub(crate) fn face_mut(&mut self, weight: Weight) -> &mut UsedFace {
        match weight {
            Weight::Regular => &mut self.regular,
            Weight::Bold => &mut self.bold,
        }
    }

    /// Writes the objects of both faces.
    pub(crate) fn write(
        &self,
        sink: &mut dyn Emit,
        regular: [Ref; 5],
        bold: [Ref; 5],
    ) -> Result<(), PdfError> {
        self.regular.write(sink, regular)?;
        self.bold.write(sink, bold)
    }
}

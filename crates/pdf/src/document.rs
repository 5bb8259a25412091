//! The PDF file itself, written as it goes: header, then each page's content stream and page
//! object as soon as the page is laid out, then the fonts (one subset per face for the whole
//! file), the page tree, the catalog, the document information and the cross-reference table.
//! Only the offsets of the objects and the glyphs used are kept between pages.

use std::io::Write;

use pdf_writer::types::{ActionType, AnnotationType};
use pdf_writer::writers::{Catalog, DocumentInfo};
use pdf_writer::{Chunk, Filter, Finish, Rect, Ref, Settings, Str, TextStr};

use crate::fonts::{FontSet, Weight};
use crate::labels::Labels;
use crate::layout::{self, PAGE_HEIGHT, PAGE_WIDTH, PageContent};
use crate::text::clean;
use crate::{Certificate, Lang, PdfError};

/// Compact output (no indentation).
pub(crate) const SETTINGS: Settings = Settings { pretty: false };

const CATALOG: Ref = Ref::new(1);
const PAGE_TREE: Ref = Ref::new(2);
const INFO: Ref = Ref::new(3);
const REGULAR_IDS: [Ref; 5] = [
    Ref::new(4),
    Ref::new(5),
    Ref::new(6),
    Ref::new(7),
    Ref::new(8),
];
const BOLD_IDS: [Ref; 5] = [
    Ref::new(9),
    Ref::new(10),
    Ref::new(11),
    Ref::new(12),
    Ref::new(13),
];
const FIRST_FREE: i32 = 14;

/// Where objects go, one chunk holding one object at a time.
pub(crate) trait Emit {
    /// Writes `chunk`, which holds exactly one indirect object, and records its offset.
    fn emit(&mut self, chunk: Chunk) -> Result<(), PdfError>;
}

/// zlib compression of a stream's data.
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 8)
}

/// The output with its position, the offsets of the objects written and a running digest
/// of the bytes (for the file identifier).
struct Sink<W> {
    out: W,
    position: u64,
    /// Offset of object `n` at index `n - 1`; 0 while not written.
    offsets: Vec<u64>,
    digest: [u64; 2],
}

impl<W: Write> Sink<W> {
    fn write(&mut self, bytes: &[u8]) -> Result<(), PdfError> {
        self.out.write_all(bytes)?;
        self.position += bytes.len() as u64;
        for &b in bytes {
            for (i, d) in self.digest.iter_mut().enumerate() {
                *d = (*d ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3 + 2 * i as u64);
            }
        }
        Ok(())
    }
}

impl<W: Write> Emit for Sink<W> {
    fn emit(&mut self, chunk: Chunk) -> Result<(), PdfError> {
        let mut refs = chunk.refs();
        let (Some(id), None) = (refs.next(), refs.next()) else {
            return Err(PdfError::Internal("a chunk must hold one object"));
        };
        let index = usize::try_from(id.get() - 1).map_err(|_| PdfError::TooLarge)?;
        if self.offsets.len() <= index {
            self.offsets.resize(index + 1, 0);
        }
        self.offsets[index] = self.position;
        self.write(chunk.as_bytes())
    }
}

/// A PDF being written to `W`.
pub(crate) struct DocumentWriter<W: Write> {
    sink: Sink<W>,
    labels: &'static Labels,
    fonts: FontSet,
    pages: Vec<Ref>,
    next_id: i32,
    /// Holder of the first page, for the title of a one-certificate file.
    first_holder: Option<String>,
}

impl<W: Write> DocumentWriter<W> {
    /// Writes the header.
    pub(crate) fn start(out: W, lang: Lang) -> Result<Self, PdfError> {
        let mut sink = Sink {
            out,
            position: 0,
            offsets: Vec::new(),
            digest: [0xcbf2_9ce4_8422_2325, 0x8422_2325_cbf2_9ce4],
        };
        sink.write(b"%PDF-1.7\n%\x80\x80\x80\x80\n")?;
        Ok(Self {
            sink,
            labels: Labels::of(lang),
            fonts: FontSet::load()?,
            pages: Vec::new(),
            next_id: FIRST_FREE,
            first_holder: None,
        })
    }

    fn alloc(&mut self) -> Result<Ref, PdfError> {
        // Far below what readers accept (8 388 607 objects); a session has a few hundred.
        if self.next_id >= 8_000_000 {
            return Err(PdfError::TooLarge);
        }
        let id = Ref::new(self.next_id);
        self.next_id += 1;
        Ok(id)
    }

    /// Lays out and writes the page of `c`.
    pub(crate) fn page(&mut self, c: &Certificate) -> Result<(), PdfError> {
        let content = layout::certificate_page(&mut self.fonts, self.labels, c)?;
        if self.first_holder.is_none() {
            self.first_holder = Some(clean(&c.holder_name));
        }
        self.write_page(&content)
    }

    /// Writes the page of a file with no certificate.
    pub(crate) fn empty_page(&mut self) -> Result<(), PdfError> {
        let content = layout::empty_page(&mut self.fonts, self.labels);
        self.write_page(&content)
    }

    fn write_page(&mut self, page: &PageContent) -> Result<(), PdfError> {
        let page_id = self.alloc()?;
        let content_id = self.alloc()?;

        let mut annotations = Vec::new();
        if let Some((url, areas)) = &page.link {
            for &[left, bottom, right, top] in areas {
                let id = self.alloc()?;
                let mut chunk = Chunk::with_settings(SETTINGS);
                let mut link = chunk.annotation(id);
                link.subtype(AnnotationType::Link)
                    .rect(Rect::new(left, bottom, right, top))
                    .border(0.0, 0.0, 0.0, None);
                link.action()
                    .action_type(ActionType::Uri)
                    .uri(Str(url.as_bytes()));
                link.finish();
                self.sink.emit(chunk)?;
                annotations.push(id);
            }
        }

        let packed = deflate(&page.content);
        let mut chunk = Chunk::with_settings(SETTINGS);
        chunk
            .stream(content_id, &packed)
            .filter(Filter::FlateDecode);
        self.sink.emit(chunk)?;

        let mut chunk = Chunk::with_settings(SETTINGS);
        let mut page_dict = chunk.page(page_id);
        page_dict
            .parent(PAGE_TREE)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(content_id);
        if !annotations.is_empty() {
            page_dict.annotations(annotations);
        }
        page_dict
            .resources()
            .fonts()
            .pair(Weight::Regular.resource(), REGULAR_IDS[0])
            .pair(Weight::Bold.resource(), BOLD_IDS[0]);
        page_dict.finish();
        self.sink.emit(chunk)?;
        self.pages.push(page_id);
        Ok(())
    }

    /// Writes the fonts, the page tree, the catalog, the information and the trailer.
    pub(crate) fn finish(mut self) -> Result<W, PdfError> {
        self.fonts.write(&mut self.sink, REGULAR_IDS, BOLD_IDS)?;

        let count = i32::try_from(self.pages.len()).map_err(|_| PdfError::TooLarge)?;
        let mut chunk = Chunk::with_settings(SETTINGS);
        chunk
            .pages(PAGE_TREE)
            .kids(self.pages.iter().copied())
            .count(count);
        self.sink.emit(chunk)?;

        let mut chunk = Chunk::with_settings(SETTINGS);
        chunk
            .indirect(CATALOG)
            .start::<Catalog>()
            .pages(PAGE_TREE)
            .lang(TextStr(self.labels.lang_tag));
        self.sink.emit(chunk)?;

        let title = match (&self.first_holder, self.pages.len()) {
            (Some(holder), 1) => self.labels.single_title(holder),
            _ => self.labels.session_title.to_owned(),
        };
        let mut chunk = Chunk::with_settings(SETTINGS);
        chunk
            .indirect(INFO)
            .start::<DocumentInfo>()
            .title(TextStr(&title))
            .producer(TextStr("Acquis"))
            .creator(TextStr("Acquis"));
        self.sink.emit(chunk)?;

        self.write_xref()?;
        let Sink { mut out, .. } = self.sink;
        out.flush()?;
        Ok(out)
    }

    fn write_xref(&mut self) -> Result<(), PdfError> {
        let start = self.sink.position;
        let size = self.sink.offsets.len() + 1;
        let mut table = String::with_capacity(20 * size + 200);
        table.push_str(&format!("xref\n0 {size}\n0000000000 65535 f\r\n"));
        for &offset in &self.sink.offsets {
            if offset == 0 {
                table.push_str("0000000000 65535 f\r\n");
            } else {
                table.push_str(&format!("{offset:010} 00000 n\r\n"));
            }
        }
        let [a, b] = self.sink.digest;
        table.push_str(&format!(
            "trailer\n<</Size {size}/Root {} 0 R/Info {} 0 R/ID[<{a:016x}{b:016x}><{a:016x}{b:016x}>]>>\nstartxref\n{start}\n%%EOF\n",
            CATALOG.get(),
            INFO.get()
        ));
        self.sink.write(table.as_bytes())
    }
}

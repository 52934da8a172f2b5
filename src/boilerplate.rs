//! Per-document boilerplate removal: keeps the article body of a scraped page.
//!
//! A news page carries its outlet's template around the story: site name and
//! tagline, date lines, navigation words, "Published: …" or "Also read: …" lines
//! between paragraphs, social-media prompts, comment prompts and lists of related
//! headlines. Two different stories from one site can share more of that text
//! than a story shares with its reprint elsewhere, so it has to go before
//! shingling.
//!
//! [`clean`] needs no other document. It cuts the text into *blocks* — lines,
//! with hard-wrapped lines joined back into their paragraph and words hyphenated
//! across a line break rejoined — and classifies each block from what it looks
//! like and where it stands:
//!
//! * **Body**: prose. At least [`LONG_WORDS`] words with a normal share of
//!   function words, or at least [`MEDIUM_WORDS`] words ending like a sentence
//!   next to other body text.
//! * **Short**: fewer than [`MEDIUM_WORDS`] words and not a sentence: navigation,
//!   bylines, date lines, taglines, headlines, "Follow us on …".
//! * **Isolated**: a sentence-like block of medium length outside any region
//!   of prose (one with a long block or at least three medium ones): a caption,
//!   a lone teaser, a headline ending in a full stop.
//! * **HeadlineRun**: part of a run of headline-like blocks (mostly capitalized
//!   words, no sentence ending).
//! * **Teaser**: part of a list of teasers for other stories — a headline, then
//!   one sentence, at least twice in a row.
//! * **Repeated**: a block that occurs more than once in the page.
//!
//! Function words are counted with short lists for English, French, Spanish,
//! Portuguese, German, Italian, Arabic and Chinese; for a text in another
//! language the function-word test is skipped rather than failed (also for
//! Arabic, whose commonest function words are prefixes, and Chinese). When no
//! region of prose is found, the sentence-like blocks are kept; when there are
//! none either, the whole text is kept, so a page that is all "boilerplate" is
//! still compared as it is.

use std::sync::OnceLock;

use unicode_segmentation::UnicodeSegmentation;

use crate::util::number::{number_kind, Number};
use crate::util::words::{ascii_word_spans, for_each_word, letter_word_spans};

/// Blocks with at least this many words are body text when they read as prose.
pub const LONG_WORDS: usize = 20;
/// Blocks with fewer words are body text only when they end like a sentence and
/// stand next to body text.
pub const MEDIUM_WORDS: usize = 8;
/// Fewest words of a headline that, with its teaser sentence, makes one of
/// two pairs enough for a teaser list; a byline ("By David Wau") above an
/// article's one sentence, then a "Follow us" line above a sentence of the
/// outlet's, is not such a list.
pub const HEADLINE_WORDS: usize = 4;
/// Fewest rows of figures in a run that make a table kept as body text.
pub const TABLE_ROWS: usize = 3;
/// Fewest distinctive figures ("23,907.15", "-277.38", "1.14"; not "19" or a
/// year) that make a run of fewer than [`TABLE_ROWS`] rows the table of a
/// page with no prose: a market close printed as a headline and one row
/// ("Index 23,907.15 -277.38 (-1.14 pct)") is such an item's whole content.
/// A page's own lines with figures — a date line, "2 mins read", the
/// headline of a related item ("Index ends lower at 3,389.31") — hold fewer.
pub const SHORT_TABLE_FIGURES: usize = 3;

/// Why a block was kept or removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verdict {
    /// Kept: article body.
    Body,
    /// Removed: a short block that is not a sentence.
    Short,
    /// Removed: a medium block with no body text around it.
    Isolated,
    /// Removed: part of a run of headline-like blocks.
    HeadlineRun,
    /// Removed: the same block occurs more than once in the page.
    Repeated,
    /// Removed: part of a list of teasers, each a headline followed by one
    /// sentence of another story.
    Teaser,
    /// Removed: the block recurs in many documents of the corpus (decided by the
    /// [`Detector`](crate::Detector), never by [`clean`]).
    CorpusTemplate,
}

impl Verdict {
    /// Whether the block is kept.
    pub fn is_kept(self) -> bool {
        self == Verdict::Body
    }
}

/// A block of text: one line, or several hard-wrapped lines joined.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The block's text, lines joined with a space (or directly where a word was
    /// hyphenated across the break).
    pub text: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Whether the block ends like a sentence.
    pub sentence: bool,
    /// Number of words (characters count as half a word in scripts written
    /// without spaces).
    pub words: usize,
}

/// The result of [`clean`]: every block of the text, in order, with its verdict.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cleaned {
    /// All blocks, kept and removed.
    pub blocks: Vec<Block>,
    /// True when every block was judged boilerplate and all were kept instead.
    pub fallback: bool,
}

impl Cleaned {
    /// The kept blocks.
    pub fn kept(&self) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .filter(|b| self.fallback || b.verdict.is_kept())
    }

    /// The removed blocks, for inspecting what was taken out.
    pub fn removed(&self) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .filter(|b| !self.fallback && !b.verdict.is_kept())
    }

    /// The kept text, blocks separated by newlines.
    pub fn text(&self) -> String {
        let kept: Vec<&str> = self.kept().map(|b| b.text.as_str()).collect();
        kept.join("\n")
    }
}

/// Splits `text` into blocks without judging them: every block is kept. This is
/// what the detector uses when boilerplate removal is off.
pub fn blocks_only(text: &str) -> Cleaned {
    let mut page = Page::default();
    page.split(text, false);
    page.to_cleaned(text)
}

/// Classifies the blocks of one page and marks its boilerplate. See the
/// [module documentation](self).
///
/// # Example
///
/// ```
/// use reprint::boilerplate::{clean, Verdict};
///
/// let page = "Daily Planet\nHome | World | Sports\n\
///     The city council approved the new budget on Tuesday after a long debate \
///     about the cost of repairing the old bridge over the river.\n\
///     Follow us on Facebook and Twitter\n\
///     Council members said the repairs would start in the spring and take two years.";
/// let cleaned = clean(page);
/// assert_eq!(cleaned.kept().count(), 2);
/// assert!(cleaned.removed().all(|b| b.verdict == Verdict::Short));
/// ```
pub fn clean(text: &str) -> Cleaned {
    let mut page = Page::default();
    page.split(text, true);
    page.to_cleaned(text)
}

/// Where a block's text is: a line of the source text, or several lines joined
/// in [`Page::joined`].
#[derive(Clone, Copy, Debug)]
struct Span {
    start: usize,
    end: usize,
    joined: bool,
    /// Whether all its lines are plain (see [`Line::plain`]): then the block
    /// normalizes to its lowercase, as `normalize::only_lowercases` would
    /// find in another pass.
    plain: bool,
}

/// A line of a page, trimmed.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    end: usize,
    /// Length in characters.
    chars: usize,
    /// Whether the untrimmed line is printable ASCII other than `&` and `` ` ``
    /// with no two spaces in a row (`util::ascii::scan_line`), and so the
    /// line, and any lines joined with it by a space or at a hyphen.
    plain: bool,
}

impl Span {
    /// The text this span points at, in `source` or in the `joined` lines.
    fn text<'a>(self, source: &'a str, joined: &'a str) -> &'a str {
        let from = if self.joined { joined } else { source };
        &from[self.start..self.end]
    }
}

/// How the first pass judges a block.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Class {
    Good,
    Near,
    Bad(Verdict),
}

/// One page cut into blocks and judged, with every block's normalized text.
///
/// The buffers are kept from page to page, so that a thread cleaning many
/// pages allocates nothing per block: block texts are slices of the page (or,
/// for hard-wrapped paragraphs, of one buffer of joined lines), and the
/// normalized texts live in one buffer.
#[derive(Clone, Debug, Default)]
pub(crate) struct Page {
    spans: Vec<Span>,
    /// Texts of the blocks joined from several lines.
    joined: String,
    verdicts: Vec<Verdict>,
    sentence: Vec<bool>,
    words: Vec<usize>,
    /// Normalized texts of all blocks, concatenated; block `i` ends at
    /// `normalized_end[i]`.
    normalized: String,
    normalized_end: Vec<usize>,
    /// For each block, the range of its word spans in `word_spans` if it is
    /// simple (its normalization only lowercases it, or its plain form with
    /// typographic quotes and dashes replaced; see `split`), else `None`.
    simple: Vec<Option<(usize, usize)>>,
    /// Byte ranges of the words of simple blocks in their normalized text,
    /// which are also their ranges in the block's text or plain form.
    word_spans: Vec<(u32, u32)>,
    fallback: bool,
    /// Takes the general path for every block (tests compare the two).
    #[cfg(test)]
    pub(crate) general_only: bool,
    // Scratch for one call.
    features: Vec<Features>,
    class: Vec<Class>,
    normalize_buf: String,
    /// Hash of each block's normalized text, a table of them, and for each
    /// block the first block with the same normalized text.
    hashes: Vec<u64>,
    slots: Vec<usize>,
    same: Vec<usize>,
    /// Number of blocks with the same normalized text as each block.
    counts: Vec<usize>,
    /// Whether each block is a row of a table of figures.
    rows: Vec<bool>,
    /// Trimmed lines of the page as (start, end, characters).
    lines: Vec<Line>,
    /// Word spans of blocks that are ASCII but not simple, found and dropped.
    unused_spans: Vec<(u32, u32)>,
}

impl Page {
    /// Cuts `text` into blocks and, when `judge` is true, classifies them as
    /// [`clean`] does; otherwise every block is kept, as in [`blocks_only`].
    pub(crate) fn split(&mut self, text: &str, judge: bool) {
        self.split_blocks(text);
        let n = self.spans.len();
        self.features.clear();
        self.normalized.clear();
        self.normalized_end.clear();
        self.simple.clear();
        self.word_spans.clear();
        let mut buf = std::mem::take(&mut self.normalize_buf);
        for i in 0..n {
            let raw = self.spans[i].text(text, &self.joined);
            // Word spans are kept as `u32` offsets within the block.
            let fast = self.fast_paths() && u32::try_from(raw.len()).is_ok();
            // A simple block's normalized text is its lowercase (its letters
            // outside ASCII, if any, replaced by their normalized letters, two
            // bytes for two bytes), so its words are at the same places in
            // both. `Some((typographic, letters))`: whether that holds of the
            // block itself or of its plain form in `buf` (typographic quotes,
            // dashes, no-break spaces and `…` replaced as normalization
            // replaces them), and whether it has letters outside ASCII.
            let simple = if !fast {
                None
            } else if self.spans[i].plain || crate::normalize::only_lowercases(raw) {
                debug_assert!(crate::normalize::only_lowercases(raw), "{raw:?}");
                Some((false, false))
            } else if crate::normalize::only_lowercases_letters(raw)
                && crate::normalize::repairs_nothing(raw)
            {
                Some((false, true))
            } else if crate::normalize::plain_typography(raw, &mut buf)
                && if buf.is_ascii() {
                    crate::normalize::only_lowercases(&buf)
                } else {
                    crate::normalize::only_lowercases_letters(&buf)
                        && crate::normalize::repairs_nothing(raw)
                }
            {
                Some((true, !buf.is_ascii()))
            } else {
                None
            };
            match simple {
                Some((typographic, letters)) => {
                    let plain = if typographic { buf.as_str() } else { raw };
                    // The plain form's words are those of the block, one for
                    // one, and so are its features, unless a quote could
                    // change how a sentence break or ending is read (see
                    // `typography_reads_the_same`).
                    if !typographic || typography_reads_the_same(raw, plain) {
                        let first = self.word_spans.len();
                        let f = if letters {
                            Features::of_letters(plain, &mut self.word_spans)
                        } else {
                            Features::of_ascii(plain, &mut self.word_spans)
                        };
                        self.features.push(f);
                        self.simple.push(Some((first, self.word_spans.len())));
                    } else {
                        self.features
                            .push(Features::of(raw, &mut self.unused_spans));
                        self.simple.push(None);
                    }
                    if letters {
                        crate::normalize::push_letters_lowercase(plain, &mut self.normalized);
                    } else {
                        crate::normalize::push_ascii_lowercase(plain, &mut self.normalized);
                    }
                }
                None => {
                    self.features
                        .push(Features::of(raw, &mut self.unused_spans));
                    self.simple.push(None);
                    crate::normalize::normalize_into(raw, &mut buf);
                    self.normalized.push_str(&buf);
                }
            }
            self.normalized_end.push(self.normalized.len());
        }
        self.normalize_buf = buf;
        self.sentence.clear();
        self.words.clear();
        self.verdicts.clear();
        self.fallback = false;
        if judge && n > 0 {
            self.judge(text);
        } else {
            self.verdicts.resize(n, Verdict::Body);
        }
        for f in &self.features {
            self.sentence.push(f.sentence);
            self.words.push(f.words);
        }
    }

    /// Whether blocks may take the simple paths.
    fn fast_paths(&self) -> bool {
        #[cfg(test)]
        return !self.general_only;
        #[cfg(not(test))]
        true
    }

    /// Number of blocks.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The text of block `i` of `source`, the text this page was split from.
    pub(crate) fn raw<'a>(&'a self, source: &'a str, i: usize) -> &'a str {
        self.spans[i].text(source, &self.joined)
    }

    /// The normalized text of block `i`.
    pub(crate) fn normalized(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.normalized_end[i - 1]
        };
        &self.normalized[start..self.normalized_end[i]]
    }

    /// The byte ranges of the words of block `i` in its normalized text, if
    /// the block is simple; `None` if its words have to be found.
    pub(crate) fn word_spans(&self, i: usize) -> Option<&[(u32, u32)]> {
        let (start, end) = self.simple[i]?;
        Some(&self.word_spans[start..end])
    }

    /// Whether block `i` is kept: judged body, or every block is kept because
    /// none was.
    pub(crate) fn is_kept(&self, i: usize) -> bool {
        self.fallback || self.verdicts[i].is_kept()
    }

    /// The verdict on block `i` (before the page's fallback, which keeps
    /// every block when none was judged body).
    pub(crate) fn verdict(&self, i: usize) -> Verdict {
        self.verdicts[i]
    }

    /// Whether block `i` ends like a sentence.
    pub(crate) fn sentence(&self, i: usize) -> bool {
        self.sentence[i]
    }

    /// Words of block `i`, as [`Block::words`] counts them.
    pub(crate) fn words(&self, i: usize) -> usize {
        self.words[i]
    }

    /// The public form: every block with its own text.
    pub(crate) fn to_cleaned(&self, source: &str) -> Cleaned {
        Cleaned {
            blocks: (0..self.len())
                .map(|i| Block {
                    text: self.raw(source, i).to_string(),
                    verdict: self.verdicts[i],
                    sentence: self.sentence[i],
                    words: self.words[i],
                })
                .collect(),
            fallback: self.fallback,
        }
    }

    /// Classifies the blocks; see [`clean`].
    fn judge(&mut self, text: &str) {
        let n = self.spans.len();
        // If under 4% of the page's words are function words, its language is not
        // covered by the lists, and the test is skipped for every block.
        let (words, stop) = self
            .features
            .iter()
            .fold((0, 0), |(w, s), f| (w + f.counted, s + f.stop));
        if !(words > 0 && stop * 25 >= words) {
            for f in &mut self.features {
                f.stop_share = None;
            }
        }

        // Blocks repeated within the page are template ("Published: undefined").
        // Equal normalized texts are found with a small open-addressing table
        // of their hashes; equal hashes are confirmed by comparing the texts.
        let size = (2 * n).next_power_of_two();
        self.slots.clear();
        self.slots.resize(size, usize::MAX);
        self.hashes.clear();
        self.same.clear();
        for i in 0..n {
            let h = xxhash_rust::xxh3::xxh3_64(self.normalized(i).as_bytes());
            self.hashes.push(h);
            let mut s = h as usize & (size - 1);
            let first = loop {
                let j = self.slots[s];
                if j == usize::MAX {
                    self.slots[s] = i;
                    break i;
                }
                if self.hashes[j] == h && self.normalized(j) == self.normalized(i) {
                    break j;
                }
                s = (s + 1) & (size - 1);
            };
            self.same.push(first);
        }
        self.counts.clear();
        self.counts.resize(n, 0);
        for &first in &self.same {
            self.counts[first] += 1;
        }
        for i in 0..n {
            self.counts[i] = self.counts[self.same[i]];
        }

        // First pass: judge each block on its own.
        let features = &self.features;
        let class = &mut self.class;
        class.clear();
        class.extend(features.iter().zip(&self.counts).map(|(f, &count)| {
            if count > 1 && f.words < 3 * LONG_WORDS {
                Class::Bad(Verdict::Repeated)
            } else if f.headline_like() {
                Class::Bad(Verdict::HeadlineRun)
            } else if f.words >= LONG_WORDS && f.prose() {
                Class::Good
            } else if f.words >= MEDIUM_WORDS && (f.sentence || f.words >= LONG_WORDS) && f.prose()
            {
                Class::Near
            } else {
                Class::Bad(Verdict::Short)
            }
        }));

        // A headline-like block is only template when it stands in a run of them (a
        // list of related stories); a lone one is a headline or subheading, which
        // is dropped as Short anyway. Runs of two or more keep the HeadlineRun label.
        for i in 0..class.len() {
            if class[i] == Class::Bad(Verdict::HeadlineRun) {
                let prev = i > 0 && class[i - 1] == Class::Bad(Verdict::HeadlineRun);
                let next = i + 1 < class.len() && class[i + 1] == Class::Bad(Verdict::HeadlineRun);
                if !prev && !next {
                    class[i] = Class::Bad(Verdict::Short);
                }
            }
        }

        // Teaser lists ("Latest from …": a headline, then the first sentence of
        // that story, again and again) read like prose; their pattern gives them
        // away: two or more title + one-sentence pairs in a row when the titles are
        // capitalized as headlines, three or more otherwise. Interstitial lines
        // ("Also read: …", "Published: …") between one-sentence paragraphs make the
        // same pattern, but they repeat their first word; teaser titles do not.
        let prose_like = |c: Class| matches!(c, Class::Good | Class::Near);
        let (spans, joined) = (&self.spans, self.joined.as_str());
        let raw = |i: usize| spans[i].text(text, joined);
        let mut i = 0;
        while i + 1 < class.len() {
            let mut j = i;
            let mut pairs = 0;
            let mut headline_case = true;
            // The run's distinct titles and, per first word, how many of them
            // start with it and how many of those are not listed again (a
            // title's `linked` is a function of its text): each title is
            // checked in constant time, so a page of many thousands of
            // teasers costs linear time, not quadratic.
            let mut titles: ahash::AHashSet<&str> = ahash::AHashSet::new();
            let mut firsts: ahash::AHashMap<String, (usize, usize)> = ahash::AHashMap::new();
            // A title followed by itself is a page's headline printed twice
            // (its title and its heading), not a teaser: what follows it is
            // the page's own article.
            while j + 1 < class.len()
                && features[j].title_like()
                && (prose_like(class[j + 1]) || class[j + 1] == Class::Bad(Verdict::Repeated))
                && features[j + 1].sentences <= 1
                && self.same[j + 1] != self.same[j]
            {
                // A list may show one teaser twice; a different title with the same
                // first word is an interstitial ("Also read: …"), not a teaser —
                // unless both titles are listed again elsewhere on the page: the
                // headlines of a series ("Evening round-up, Sunday", "Evening
                // round-up, Monday") in a teaser list and a "Most read" list are
                // links to other stories, not a label repeated before text.
                let title = raw(j);
                let first = title.unicode_words().next().unwrap_or("").to_lowercase();
                let linked = self.counts[j] > 1;
                let seen = titles.contains(title);
                let (all, unlinked) = firsts.get(&first).copied().unwrap_or((0, 0));
                // Another title with this first word; for a linked title, one
                // that is not linked (a title listed once differs from it).
                let other = if linked {
                    unlinked
                } else {
                    all - usize::from(seen)
                };
                if other > 0 {
                    break;
                }
                if !seen {
                    pairs += 1;
                    titles.insert(title);
                    let n = firsts.entry(first).or_default();
                    n.0 += 1;
                    n.1 += usize::from(!linked);
                }
                // A byline ("By David Wau") or a label is capitalized as a
                // headline but shorter than one.
                headline_case &= features[j].headline_like() && features[j].words >= HEADLINE_WORDS;
                j += 2;
            }
            if pairs >= 3 || (pairs == 2 && headline_case) {
                for c in &mut class[i..j] {
                    *c = Class::Bad(Verdict::Teaser);
                }
                i = j;
            } else {
                i += 1;
            }
        }

        // Second pass: medium blocks are body when they stand in a region of
        // prose — consecutive medium or long blocks, bridging single short or
        // repeated blocks ("- Advertisement -") — that holds a long block or at
        // least three medium ones.
        let mut start = 0;
        while start < class.len() {
            if !prose_like(class[start]) {
                start += 1;
                continue;
            }
            let mut end = start + 1; // exclusive
            loop {
                if end < class.len() && prose_like(class[end]) {
                    end += 1;
                } else if end + 1 < class.len()
                    && matches!(class[end], Class::Bad(Verdict::Short | Verdict::Repeated))
                    && prose_like(class[end + 1])
                {
                    end += 2;
                } else {
                    break;
                }
            }
            let region = &mut class[start..end];
            let long = region.iter().filter(|c| **c == Class::Good).count();
            let medium = region.iter().filter(|c| **c == Class::Near).count();
            let body = long > 0 || medium >= 3;
            for c in region.iter_mut().filter(|c| **c == Class::Near) {
                *c = if body {
                    Class::Good
                } else {
                    Class::Bad(Verdict::Isolated)
                };
            }
            start = end;
        }

        // Tables of figures: the rows of a wire item of results, prices,
        // scores or temperatures are short and not sentences, yet they are
        // its content. A run of at least `TABLE_ROWS` rows (bridging single
        // other blocks, as "Also read: …" between rows) is body when it is
        // the page's article — the page has no prose — or continues the
        // prose next to it (one other block between, a subheading, may
        // separate them) or holds some (a long block of joined rows); a
        // table elsewhere on a page of prose is a sidebar (market tickers,
        // standings).
        let prose = class.contains(&Class::Good);
        let rows = &mut self.rows;
        rows.clear();
        rows.extend(
            features
                .iter()
                .zip(class.iter())
                .map(|(f, c)| f.figure_row() && *c != Class::Bad(Verdict::Repeated)),
        );
        let body_at = |class: &[Class], i: usize| class.get(i) == Some(&Class::Good);
        let mut i = 0;
        while i < n {
            if !rows[i] {
                i += 1;
                continue;
            }
            // A long block of figures is a table flattened into one line (rows
            // joined by the page's markup, or by a scraper): it counts as a
            // table of its own.
            let weight = |j: usize| {
                if features[j].words >= LONG_WORDS {
                    TABLE_ROWS
                } else {
                    1
                }
            };
            let (start, mut end, mut count) = (i, i + 1, weight(i));
            loop {
                if end < n && rows[end] {
                    (end, count) = (end + 1, count + weight(end));
                } else if end + 1 < n && rows[end + 1] && class[end] != Class::Good {
                    (end, count) = (end + 2, count + weight(end + 1));
                } else {
                    break;
                }
            }
            let before = (start >= 1 && body_at(class, start - 1))
                || (start >= 2 && body_at(class, start - 2));
            let after = body_at(class, end) || body_at(class, end + 1);
            // A long block of rows may have been judged body already.
            let within = (start..end).any(|j| body_at(class, j));
            // On a page with no prose a table is its article, however short,
            // if it has the figures of one.
            let figures: usize = (start..end)
                .filter(|&j| rows[j])
                .map(|j| features[j].distinctive)
                .sum();
            let table = count >= TABLE_ROWS || (!prose && figures >= SHORT_TABLE_FIGURES);
            if table && (!prose || before || after || within) {
                for j in (start..end).filter(|&j| rows[j]) {
                    class[j] = Class::Good;
                }
            }
            i = end;
        }

        self.verdicts.extend(class.iter().map(|c| match c {
            Class::Good => Verdict::Body,
            Class::Near => Verdict::Isolated,
            Class::Bad(v) => *v,
        }));
        // A short text may have no region of prose at all: a brief of three
        // medium sentences split by interstitials. Its sentence-like blocks are the
        // best guess at its body (with its table, if it has one); only when
        // there are none is everything kept.
        if !prose {
            let mut rescued = false;
            for v in self
                .verdicts
                .iter_mut()
                .filter(|v| **v == Verdict::Isolated)
            {
                *v = Verdict::Body;
                rescued = true;
            }
            self.fallback = !rescued && !self.verdicts.iter().any(|v| v.is_kept());
        }
    }

    /// Cuts text into blocks: non-empty lines, with hard-wrapped continuation
    /// lines joined to the line before.
    ///
    /// A line continues on the next when it does not end a sentence and either the
    /// next line starts in lowercase, or the line ends with a comma, a hyphen or a
    /// function word ("… seven years in the"), or the text is hard-wrapped (most
    /// lines fill a column of at most 120 characters) and the line fills the column.
    fn split_blocks(&mut self, text: &str) {
        self.spans.clear();
        self.joined.clear();
        let mut lines = std::mem::take(&mut self.lines);
        self::lines(text, &mut lines);
        let width = wrap_width(&lines);
        let mut open = false; // whether the last block may continue on the next line
        let mut prev_full = false;
        let mut prev: &str = "";
        for &Line {
            start,
            end,
            chars,
            plain,
        } in &lines
        {
            if start == end {
                open = false;
                continue;
            }
            let line = &text[start..end];
            // Whether the previous line dangles is asked only when it decides.
            let continues = open && (starts_lowercase(line) || prev_full || ends_dangling(prev));
            if continues {
                let last = self.spans.last_mut().expect("open block");
                if !last.joined {
                    let from = self.joined.len();
                    self.joined.push_str(&text[last.start..last.end]);
                    *last = Span {
                        start: from,
                        end: self.joined.len(),
                        joined: true,
                        plain: last.plain,
                    };
                }
                last.plain &= plain;
                if ends_with_hyphenated_word(&self.joined[last.start..]) {
                    self.joined.pop();
                } else {
                    self.joined.push(' ');
                }
                self.joined.push_str(line);
                last.end = self.joined.len();
            } else {
                self.spans.push(Span {
                    start,
                    end,
                    joined: false,
                    plain,
                });
            }
            open = !ends_sentence(line);
            prev_full = width.is_some_and(|w| chars * 5 >= w * 4);
            prev = line;
        }
        self.lines = lines;
    }
}

/// Whether the features of a block with typographic quotes and dashes are
/// those of its `plain` form, with them replaced by ASCII ones (as
/// `normalize::plain_typography` does). Words, function words and capitals
/// are. Sentence breaks are unless a space is followed by `‘`, `’` or `”`
/// (which do not open a sentence, while `'` and `"` may), or `.`, `!` or `?`
/// and a space stand before `„`, `«` or `»`, or a no-break space
/// follows `.`, `!` or `?`, or a space or no-break space follows `…` (a
/// sentence break needs a space after `.`, `!` or `?`, which the plain form
/// has there and the block has not); whether the block ends a sentence is
/// compared directly (`“` and `‘` are not looked past at the end, `"` and `'`
/// are).
fn typography_reads_the_same(text: &str, plain: &str) -> bool {
    !typography_moves_a_break(text) && ends_sentence(text) == ends_sentence(plain)
}

/// The first part of [`typography_reads_the_same`]: whether a typographic
/// character of `text` stands where the plain form reads a sentence break
/// that the text does not have (or the other way round). Each case is a
/// character outside ASCII and its neighbours, so one walk from one such
/// character to the next finds them all, skipping the ASCII between.
fn typography_moves_a_break(text: &str) -> bool {
    let bytes = text.as_bytes();
    let before = |i: usize, k: usize| i.checked_sub(k).map(|j| bytes[j]);
    let mut i = 0;
    loop {
        i += crate::util::ascii::ascii_prefix_len(&bytes[i..]);
        let Some(c) = text[i..].chars().next() else {
            return false;
        };
        let moves = match c {
            // `'` and `"` after a space may open a sentence; these do not.
            '\u{2018}' | '\u{2019}' | '\u{201D}' => before(i, 1) == Some(b' '),
            // `"` after `. ` opens one; these, as they are, do not.
            '\u{201E}' | '\u{AB}' | '\u{BB}' => {
                before(i, 1) == Some(b' ') && matches!(before(i, 2), Some(b'.' | b'!' | b'?'))
            }
            // A break needs a space after `.`, `!`, `?` or `…`, which the
            // plain form has here and the text has not.
            '\u{A0}' => {
                matches!(before(i, 1), Some(b'.' | b'!' | b'?')) || text[..i].ends_with('\u{2026}')
            }
            // `…` is `...` in the plain form, a full stop before the space.
            '\u{2026}' => bytes.get(i + c.len_utf8()) == Some(&b' '),
            _ => false,
        };
        if moves {
            return true;
        }
        i += c.len_utf8();
    }
}

/// Writes into `out` the lines of `text` as [`str::lines`] cuts them,
/// trimmed.
fn lines(text: &str, out: &mut Vec<Line>) {
    out.clear();
    let base = text.as_ptr() as usize;
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let (newline, plain) = crate::util::ascii::scan_line(&bytes[start..]);
        let end = start + newline.unwrap_or(bytes.len() - start);
        // As `str::lines`: the newline and a carriage return before it are cut.
        let line = &text[start..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        start = end + 1;
        let line = line.trim();
        let start = line.as_ptr() as usize - base;
        let chars = if plain || line.is_ascii() {
            line.len()
        } else {
            line.chars().count()
        };
        out.push(Line {
            start,
            end: start + line.len(),
            chars,
            plain,
        });
    }
}

/// The column a hard-wrapped text is wrapped at, if it looks hard-wrapped: at
/// least five lines, and at least 60% of them within 80% of the longest, which is
/// at most 120 characters.
fn wrap_width(lines: &[Line]) -> Option<usize> {
    let lens = || lines.iter().filter(|l| l.start != l.end).map(|l| l.chars);
    let max = lens().max()?;
    let count = lens().count();
    if count < 5 || max > 120 {
        return None;
    }
    let full = lens().filter(|&n| n * 5 >= max * 4).count();
    (full * 5 >= count * 3).then_some(max)
}

/// Whether a line stops where no sentence or headline would: after a comma, a
/// hyphen or a function word.
fn ends_dangling(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '\'', '”', '’']);
    if trimmed.ends_with(',') || trimmed.ends_with('-') {
        return true;
    }
    last_word(trimmed).is_some_and(|w| w.chars().all(|c| c.is_lowercase()) && is_stopword(w))
}

/// The last UAX #29 word of `text`, as `unicode_words().next_back()` finds it,
/// found by segmenting only the end of the text: the words after a cut (a
/// space after an ASCII character other than a space, see
/// [`for_each_word`]) are the same whether the text before it is there or not.
fn last_word(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    loop {
        let cut = (1..end)
            .rev()
            .find(|&p| bytes[p] == b' ' && bytes[p - 1].is_ascii() && bytes[p - 1] != b' ')
            .unwrap_or(0);
        let mut last = None;
        for_each_word(&text[cut..end], |w| last = Some(w));
        if last.is_some() || cut == 0 {
            return last;
        }
        end = cut;
    }
}

fn starts_lowercase(line: &str) -> bool {
    line.chars().next().is_some_and(|c| c.is_lowercase())
}

fn ends_with_hyphenated_word(text: &str) -> bool {
    let mut rev = text.chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(|c| c.is_alphabetic())
}

/// Whether a line ends like a sentence, looking past closing quotes and brackets.
fn ends_sentence(line: &str) -> bool {
    let last = line.chars().rev().find(|c| {
        !matches!(
            c,
            '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '」' | '』' | '）' | ' '
        )
    });
    matches!(
        last,
        Some('.' | '!' | '?' | ':' | ';' | '。' | '！' | '？' | '؟' | '…' | '।' | '۔')
    )
}

/// Counts places where one sentence ends and another begins inside `text`:
/// `.`, `!` or `?`, then a space, then an uppercase letter or a quote.
fn inner_sentence_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut breaks = 0;
    for p in 1..bytes.len().saturating_sub(1) {
        if bytes[p] != b' ' {
            continue;
        }
        let before = &bytes[..p];
        let ends = matches!(before.last(), Some(b'.' | b'!' | b'?'))
            || ["。", "！", "？"]
                .iter()
                .any(|s| before.ends_with(s.as_bytes()));
        if ends {
            let after = text[p + 1..].chars().next();
            breaks += usize::from(
                after.is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '‘')),
            );
        }
    }
    breaks
}

/// [`inner_sentence_breaks`] for ASCII text whose words are already being
/// walked: a break before a capital is counted at the word it starts, so
/// only breaks before a quote are searched for here.
fn quote_sentence_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    // Most blocks have no quote at all; counting them is a loop the compiler
    // vectorizes.
    let quotes: usize = bytes.iter().map(|&b| usize::from(b == b'"')).sum();
    if quotes == 0 {
        return 0;
    }
    (2..bytes.len())
        .filter(|&p| {
            bytes[p] == b'"' && bytes[p - 1] == b' ' && matches!(bytes[p - 2], b'.' | b'!' | b'?')
        })
        .count()
}

/// What the classifier looks at in one block.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Features {
    words: usize,
    sentence: bool,
    /// Sentence boundaries inside the block, plus one if it ends a sentence.
    sentences: usize,
    /// Share of words that are function words, or `None` when the text's language
    /// has no list here.
    stop_share: Option<f64>,
    /// Function words and words counted (characters, in unspaced scripts).
    stop: usize,
    counted: usize,
    /// Share of cased words that start with a capital letter.
    capitalized: f64,
    /// Words that start with a digit: figures ("2,238.65", "61", "2-1" as
    /// two).
    figures: usize,
    /// Figures specific enough to tell two reports apart ("2,238.65",
    /// "187", "1.5"; not "61" or a year): what the detector counts as
    /// distinctive numbers.
    distinctive: usize,
}

impl Features {
    /// `spans` is scratch for the word spans of an ASCII text, which are found
    /// on the way; it is cleared first.
    fn of(text: &str, spans: &mut Vec<(u32, u32)>) -> Features {
        if text.is_ascii() {
            spans.clear();
            Features::of_ascii(text, spans)
        } else {
            Features::of_any(text)
        }
    }

    /// [`Features::of`] for any text.
    fn of_any(text: &str) -> Features {
        let (mut words, mut unspaced, mut stop, mut cased, mut caps) =
            (0usize, 0usize, 0usize, 0usize, 0usize);
        let (mut arabic, mut figures, mut distinctive) = (0usize, 0usize, 0usize);
        for_each_word(text, |w| {
            let mut chars = w.chars();
            let first = chars.next().unwrap_or(' ');
            if is_unspaced(first) {
                unspaced += 1;
                if CHINESE_STOPWORDS.contains(&first) {
                    stop += 1;
                }
                return;
            }
            words += 1;
            if first.is_ascii_digit() {
                figures += 1;
                distinctive += usize::from(number_kind(w) == Number::Distinctive);
            }
            if ('\u{0600}'..='\u{06FF}').contains(&first) {
                arabic += 1;
            }
            if first.is_uppercase() {
                cased += 1;
                caps += 1;
            } else if first.is_lowercase() {
                cased += 1;
            }
            if is_stopword(w) {
                stop += 1;
            }
        });
        let total = words + unspaced / 2;
        let counted = words + unspaced;
        let sentence = ends_sentence(text);
        Features {
            words: total,
            sentences: inner_sentence_breaks(text) + usize::from(sentence),
            sentence,
            // Chinese and Japanese use function characters too sparsely, and
            // Arabic writes its commonest ones as prefixes (و, ال, ب), for the
            // share to separate prose from lists; length and punctuation decide.
            stop_share: (counted > 0 && unspaced <= words && arabic * 2 <= words)
                .then(|| stop as f64 / counted as f64),
            stop,
            counted,
            capitalized: if cased > 0 {
                caps as f64 / cased as f64
            } else {
                0.0
            },
            figures,
            distinctive,
        }
    }

    /// [`Features::of`] for ASCII text, where a word's first byte tells its case
    /// and no word belongs to a script without spaces.
    /// The byte range of each word is appended to `spans`.
    fn of_ascii(text: &str, spans: &mut Vec<(u32, u32)>) -> Features {
        Features::of_simple::<false>(text, spans)
    }

    /// [`Features::of`] for text that
    /// [`only_lowercases_letters`](crate::normalize::only_lowercases_letters)
    /// accepts: ASCII and simple letters (see
    /// [`Letter`](crate::normalize::Letter)), whose words are found as ASCII
    /// words are, and whose case is in the letters' table. Their byte ranges
    /// are appended to `spans`.
    fn of_letters(text: &str, spans: &mut Vec<(u32, u32)>) -> Features {
        Features::of_simple::<true>(text, spans)
    }

    /// [`Features::of_ascii`], or with `LETTERS` [`Features::of_letters`].
    #[inline(always)]
    fn of_simple<const LETTERS: bool>(text: &str, spans: &mut Vec<(u32, u32)>) -> Features {
        let (mut words, mut stop, mut cased, mut caps) = (0usize, 0usize, 0usize, 0usize);
        let (mut breaks, mut arabic, mut figures, mut distinctive) = (0, 0, 0, 0);
        let bytes = text.as_bytes();
        let first_span = spans.len();
        if LETTERS {
            letter_word_spans(text, spans);
        } else {
            ascii_word_spans(text, spans);
        }
        // No branch on the words of ASCII text: their case and length vary
        // from word to word, and mispredicted branches cost more than the work.
        for &(start, end) in &spans[first_span..] {
            let (start, end) = (start as usize, end as usize);
            words += 1;
            let first = bytes[start];
            if first.is_ascii_digit() {
                figures += 1;
                distinctive += usize::from(number_kind(&text[start..end]) == Number::Distinctive);
            }
            let (letter, upper) = if LETTERS && first >= 0x80 {
                let l = crate::normalize::letter(first, bytes[start + 1]);
                arabic += usize::from(l.arabic);
                (l.upper || l.lower, l.upper)
            } else {
                (first.is_ascii_alphabetic(), first.is_ascii_uppercase())
            };
            cased += usize::from(letter);
            caps += usize::from(upper);
            // A capital after `.`, `!` or `?` and a space starts a sentence.
            let (two, one) = match start {
                0 | 1 => (0, 0),
                _ => (bytes[start - 2], bytes[start - 1]),
            };
            let after_stop = (one == b' ') & ((two == b'.') | (two == b'!') | (two == b'?'));
            breaks += usize::from(upper & after_stop);
            let word = &bytes[start..end];
            stop += usize::from(if !LETTERS || word.is_ascii() {
                is_ascii_stopword_in(bytes, start, end)
            } else if word.iter().all(|&b| b < 0xC0 || b == 0xC3) {
                is_latin1_stopword(&text[start..end])
            } else {
                is_stopword(&text[start..end])
            });
        }
        let breaks = breaks + quote_sentence_breaks(text);
        let sentence = ends_sentence(text);
        Features {
            words,
            sentences: breaks + usize::from(sentence),
            sentence,
            // As in `of_any`: Arabic writes its commonest function words as
            // prefixes, so their share says nothing of mostly Arabic text.
            stop_share: (words > 0 && arabic * 2 <= words).then(|| stop as f64 / words as f64),
            stop,
            counted: words,
            capitalized: if cased > 0 {
                caps as f64 / cased as f64
            } else {
                0.0
            },
            figures,
            distinctive,
        }
    }

    /// Reads like running text rather than a list of names or a headline.
    fn prose(&self) -> bool {
        self.stop_share.is_none_or(|s| s >= 0.12)
    }

    /// A row of a table of figures: a figure in at least every fourth word
    /// ("Net 616.7 mln vs 199.0 mln", "Arsenal 2 Chelsea 1", "Madrid 31 19
    /// sunny"). Prose has one in twenty words or more; a headline with a
    /// figure ("Index ends higher at 26,964.67") one in six. Rows that lost
    /// their line breaks and were joined into one block are still rows,
    /// however many words they add up to, also with a note run in after
    /// them ("… Revs 9.4 mln vs 10.7 mln NOTE: Revs exclude excise
    /// taxes. (With inputs from AFP)"): a block of [`LONG_WORDS`] or more needs a figure in every
    /// fifth word, four times the share of prose.
    fn figure_row(&self) -> bool {
        self.words >= 2
            && (self.figures * 4 >= self.words
                || self.words >= LONG_WORDS && self.figures * 5 >= self.words)
    }

    /// A title in any capitalization: a few words that do not end a sentence.
    fn title_like(&self) -> bool {
        (3..LONG_WORDS).contains(&self.words) && !self.sentence
    }

    /// A headline or link: several words, mostly capitalized, not a sentence.
    fn headline_like(&self) -> bool {
        (3..LONG_WORDS).contains(&self.words) && !self.sentence && self.capitalized >= 0.6
            || (3..LONG_WORDS).contains(&self.words)
                && self.capitalized >= 0.75
                && self.stop_share.is_some_and(|s| s < 0.2)
    }
}

fn is_unspaced(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF)
}

fn is_stopword(word: &str) -> bool {
    if word.len() > 8 {
        return false;
    }
    if word.is_ascii() {
        return is_ascii_stopword(word.as_bytes());
    }
    // Most words outside ASCII (Cyrillic, Greek...) start with a byte that no
    // function word of the list, nor its lowercase, starts with.
    if !non_ascii_stopword_leads()[usize::from(word.as_bytes()[0])] {
        return false;
    }
    let set = non_ascii_stopwords();
    set.contains(word)
        || (word.chars().any(char::is_uppercase) && set.contains(word.to_lowercase().as_str()))
}

/// Code points from here up have no lowercase mapping (a test checks this):
/// the last cased script, Adlam, ends at U+1E94B.
const CASED_BELOW: u32 = 0x1F000;

/// For each byte, whether a character that starts with it is the first
/// character of a function word of [`STOPWORDS_NON_ASCII`], or lowercases to
/// one (as the first character of a word: `Σ` also to `ς`). A word starting
/// with any other byte is not a function word, and neither is its lowercase.
fn non_ascii_stopword_leads() -> &'static [bool; 256] {
    static LEADS: std::sync::OnceLock<[bool; 256]> = std::sync::OnceLock::new();
    LEADS.get_or_init(|| {
        let firsts: Vec<char> = STOPWORDS_NON_ASCII
            .iter()
            .filter_map(|w| w.chars().next())
            .collect();
        let mut leads = [false; 256];
        for c in (0..CASED_BELOW).filter_map(char::from_u32) {
            let lower = c.to_lowercase().next().unwrap_or(c);
            if firsts.contains(&c) || firsts.contains(&lower) || (c == 'Σ' && firsts.contains(&'ς'))
            {
                let mut utf8 = [0u8; 4];
                leads[usize::from(c.encode_utf8(&mut utf8).as_bytes()[0])] = true;
            }
        }
        leads
    })
}

/// [`is_stopword`] for a word of ASCII and letters from U+00C0 to U+00FF but
/// `×`, `÷` and `ß`, with at least one of those letters: its lowercase, packed
/// in an integer, against the function words written in such letters, with no
/// hashing and no allocation.
fn is_latin1_stopword(word: &str) -> bool {
    let bytes = word.as_bytes();
    if bytes.len() > 8 {
        return false;
    }
    let mut x = 0u64;
    let mut after_lead = false;
    for (i, &b) in bytes.iter().enumerate() {
        // ASCII capitals, and the second byte of U+00C0 to U+00DE, are 0x20
        // below their lowercase.
        let lower = if after_lead && b < 0xA0 || b.is_ascii_uppercase() {
            b + 0x20
        } else {
            b
        };
        after_lead = b == 0xC3;
        x |= u64::from(lower) << (8 * i);
    }
    latin1_stopwords().contains(&x)
}

/// The function words of [`STOPWORDS_NON_ASCII`] written in ASCII and letters
/// from U+00C0 to U+00FF, each packed in an integer, first byte lowest.
fn latin1_stopwords() -> &'static [u64] {
    static WORDS: OnceLock<Vec<u64>> = OnceLock::new();
    WORDS.get_or_init(|| {
        STOPWORDS_NON_ASCII
            .iter()
            .filter(|w| {
                w.len() <= 8
                    && w.chars()
                        .all(|c| c.is_ascii() || ('\u{C0}'..='\u{FF}').contains(&c))
            })
            .map(|w| {
                w.bytes()
                    .enumerate()
                    .fold(0u64, |x, (i, b)| x | u64::from(b) << (8 * i))
            })
            .collect()
    })
}

/// [`is_ascii_stopword`] for the word at `start..end` of an ASCII text,
/// without a branch on its length or letters (such branches are mispredicted
/// word after word): the word is read as the eight bytes at `start`, masked to
/// its length, and the table is read for every word.
#[inline]
fn is_ascii_stopword_in(bytes: &[u8], start: usize, end: usize) -> bool {
    let n = end - start;
    let len = n.min(8);
    let x = match bytes.get(start..start + 8) {
        Some(eight) => {
            u64::from_le_bytes(eight.try_into().expect("eight bytes"))
                & (u64::MAX >> (64 - 8 * len))
        }
        None => packed(&bytes[start..start + len]),
    };
    let letter = (bytes[start] | 0x20).wrapping_sub(b'a');
    let candidate =
        (n <= 8) & (letter < 26) & (STOPWORD_FIRST_LETTERS[len] >> (letter % 32) & 1 == 1);
    candidate & stopword_table_contains(key_of_packed(x, len))
}

/// [`is_stopword`] for an ASCII word. Most words are turned away by their
/// length and first letter before the table is probed.
#[inline]
fn is_ascii_stopword(word: &[u8]) -> bool {
    let Some(&first) = word.first() else {
        return false;
    };
    let letter = (first | 0x20).wrapping_sub(b'a');
    word.len() <= 8
        && letter < 26
        && STOPWORD_FIRST_LETTERS[word.len()] >> letter & 1 == 1
        && stopword_table_contains(ascii_key(word))
}

fn non_ascii_stopwords() -> &'static ahash::AHashSet<&'static str> {
    static SET: std::sync::OnceLock<ahash::AHashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOPWORDS_NON_ASCII.iter().copied().collect())
}

/// An ASCII word of at most eight bytes, lowercased and packed into a `u64`
/// (first byte lowest), with its length in the high bits of the first four
/// bytes, which ASCII leaves free: distinct words get distinct keys.
#[inline]
fn ascii_key(word: &[u8]) -> u64 {
    key_of_packed(packed(word), word.len())
}

/// The bytes of a word of at most eight bytes in one integer, the first in
/// the lowest byte.
#[inline]
fn packed(word: &[u8]) -> u64 {
    debug_assert!(word.is_ascii() && word.len() <= 8);
    // Two loads that overlap in the middle, so no copy of a variable length.
    let n = word.len();
    let x = if n >= 4 {
        let a = u32::from_le_bytes(word[..4].try_into().expect("four bytes"));
        let b = u32::from_le_bytes(word[n - 4..].try_into().expect("four bytes"));
        u64::from(a) | u64::from(b) << (8 * (n - 4))
    } else if n >= 2 {
        let a = u16::from_le_bytes(word[..2].try_into().expect("two bytes"));
        let b = u16::from_le_bytes(word[n - 2..].try_into().expect("two bytes"));
        u64::from(a) | u64::from(b) << (8 * (n - 2))
    } else {
        word.first().map_or(0, |&b| u64::from(b))
    };
    x
}

/// [`ascii_key`], for building tables at compile time.
const fn ascii_key_const(word: &[u8]) -> u64 {
    let mut x = 0u64;
    let mut i = 0;
    while i < word.len() {
        x |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    key_of_packed(x, word.len())
}

/// Lowercases packed ASCII bytes and adds the length bits.
#[inline]
const fn key_of_packed(x: u64, len: usize) -> u64 {
    // Uppercase letters are 0x41..=0x5a: adding 0x3f sets a byte's high bit
    // from 0x41 up, adding 0x25 from 0x5b up; no byte carries into the next.
    let upper = x.wrapping_add(0x3f3f_3f3f_3f3f_3f3f) & !x.wrapping_add(0x2525_2525_2525_2525);
    let lower = x | ((upper & 0x8080_8080_8080_8080) >> 2);
    let len = len as u64;
    let len_bits = (len & 1) << 7 | (len & 2) << 14 | (len & 4) << 21 | (len & 8) << 28;
    lower | len_bits
}

/// For each word length up to 8, the first letters (bit 0 for `a`) of the
/// function words of that length.
static STOPWORD_FIRST_LETTERS: [u32; 9] = {
    let mut masks = [0u32; 9];
    let mut i = 0;
    while i < STOPWORDS_ASCII.len() {
        let w = STOPWORDS_ASCII[i].as_bytes();
        masks[w.len()] |= 1 << (w[0] - b'a');
        i += 1;
    }
    masks
};

/// Slots of the function-word table: a power of two, a few times the number
/// of words.
const STOPWORD_SLOTS: usize = 1024;

/// [`STOPWORDS_ASCII`] as an open-addressing hash set of [`ascii_key`]s, built
/// at compile time, so a lookup is a multiplication and a probe or two. An
/// empty slot holds 0, which no key is, since every key carries its length.
/// Probing runs on into [`STOPWORD_PROBES`] slots past the end instead of
/// wrapping around.
static STOPWORD_TABLE: [u64; STOPWORD_SLOTS + STOPWORD_PAD] = stopword_table().0;

/// The most slots a key of [`STOPWORDS_ASCII`] lies past its own, plus one: a
/// lookup reads this many slots, with no branch on what it finds.
const STOPWORD_PROBES: usize = stopword_table().1;

/// The function-word table and its longest probe.
const fn stopword_table() -> ([u64; STOPWORD_SLOTS + STOPWORD_PAD], usize) {
    let mut slots = [0u64; STOPWORD_SLOTS + STOPWORD_PAD];
    let mut probes = 1;
    let mut w = 0;
    while w < STOPWORDS_ASCII.len() {
        let key = ascii_key_const(STOPWORDS_ASCII[w].as_bytes());
        let home = stopword_slot(key);
        let mut i = home;
        while slots[i] != 0 {
            // Indexing past the padding fails the build.
            i += 1;
        }
        slots[i] = key;
        if i - home + 1 > probes {
            probes = i - home + 1;
        }
        w += 1;
    }
    (slots, probes)
}

/// Slots after the last home slot that a probe may reach.
const STOPWORD_PAD: usize = 8;
const _: () = assert!(STOPWORD_PROBES <= STOPWORD_PAD);

#[inline]
const fn stopword_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 54) as usize
}

#[inline]
fn stopword_table_contains(key: u64) -> bool {
    let home = stopword_slot(key);
    let mut found = false;
    for slot in &STOPWORD_TABLE[home..home + STOPWORD_PROBES] {
        found |= *slot == key;
    }
    found
}

/// Function words of English, French, Spanish, Portuguese, German and Italian
/// written in ASCII, sorted, none longer than eight bytes.
const STOPWORDS_ASCII: &[&str] = &[
    "a", "about", "after", "al", "all", "als", "also", "an", "and", "any", "are", "as", "at",
    "auf", "be", "been", "before", "but", "by", "can", "ce", "che", "con", "could", "da", "dans",
    "das", "de", "dei", "del", "della", "dem", "den", "der", "des", "di", "did", "die", "do", "du",
    "e", "ein", "eine", "el", "em", "en", "es", "est", "et", "for", "from", "had", "has", "have",
    "he", "her", "his", "i", "if", "il", "im", "in", "into", "is", "ist", "it", "its", "ja", "la",
    "las", "le", "les", "lo", "los", "mit", "nao", "no", "not", "o", "of", "on", "or", "os", "ou",
    "our", "par", "per", "por", "pour", "que", "qui", "said", "se", "she", "should", "so", "su",
    "sur", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "um", "uma", "un", "una", "und", "une", "up", "was", "we", "were", "what",
    "when", "which", "while", "who", "will", "with", "would", "y", "you", "zu",
];

/// Function words with non-ASCII letters (Arabic, and accented European ones).
const STOPWORDS_NON_ASCII: &[&str] = &[
    "في", "من", "على", "إلى", "الى", "أن", "ان", "عن", "مع", "هذا", "هذه", "التي", "الذي", "كان",
    "قال", "وقال", "و", "أو", "لا", "ما", "بين", "كما", "بعد", "قبل", "حتى", "إن", "لم", "قد",
    "ذلك", "não", "é", "à", "às", "über", "für", "più", "è", "también", "él", "são", "já", "où",
    "été",
];

/// Common Chinese function characters.
const CHINESE_STOPWORDS: &[char] = &[
    '的', '了', '是', '在', '和', '有', '也', '这', '为', '与', '对', '等', '将', '从', '而', '及',
    '其', '但', '被', '说',
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_character_from_cased_below_has_a_lowercase() {
        for c in (CASED_BELOW..=0x10FFFF).filter_map(char::from_u32) {
            assert!(c.to_lowercase().eq([c]), "{c:?} has a lowercase");
        }
    }

    #[test]
    fn function_words_outside_ascii_pass_the_lead_byte_test() {
        for &w in STOPWORDS_NON_ASCII {
            for word in [w.to_string(), w.to_uppercase(), {
                let mut chars = w.chars();
                let first: String = chars.next().unwrap().to_uppercase().collect();
                first + chars.as_str()
            }] {
                assert!(is_stopword(&word), "{word}");
            }
        }
        // Cyrillic and Greek words are turned away by their first byte.
        let leads = non_ascii_stopword_leads();
        for w in ["и", "в", "Не", "και", "Το"] {
            assert!(!leads[usize::from(w.as_bytes()[0])], "{w}");
            assert!(!is_stopword(w));
        }
    }

    #[test]
    fn stopword_list_is_sorted() {
        assert!(STOPWORDS_ASCII.windows(2).all(|w| w[0] < w[1]));
        assert!(STOPWORDS_ASCII.iter().all(|w| w.len() <= 8 && w.is_ascii()));
        assert!(is_stopword("THE") && is_stopword("Und") && !is_stopword("thee"));
        assert!(is_stopword("The") && is_stopword("said") && !is_stopword("Assange"));
        assert!(is_stopword("في") && is_stopword("für"));
    }

    #[test]
    fn stopword_table_agrees_with_the_list() {
        // Every listed word in three capitalizations, and every other word of
        // up to three letters plus some longer ones, against a search of the list.
        let mut words: Vec<String> = Vec::new();
        for w in STOPWORDS_ASCII {
            words.push(w.to_string());
            words.push(w.to_uppercase());
            words.push(w[..1].to_uppercase() + &w[1..]);
        }
        let letters = b"abcdefghijklmnopqrstuvwxyzA";
        for &a in letters {
            words.push((a as char).to_string());
            for &b in letters {
                words.push(format!("{}{}", a as char, b as char));
                for &c in b"aeiostuz" {
                    words.push(format!("{}{}{}", a as char, b as char, c as char));
                }
            }
        }
        words.extend(
            [
                "thereby", "thesis", "whiches", "wouldnt", "un_", "1", "d'", "theirs1",
            ]
            .map(String::from),
        );
        for w in &words {
            let listed = STOPWORDS_ASCII
                .binary_search(&w.to_ascii_lowercase().as_str())
                .is_ok();
            assert_eq!(is_stopword(w), listed && w.len() <= 8, "{w:?}");
            if w.len() <= 8 {
                assert_eq!(
                    ascii_key(w.as_bytes()),
                    ascii_key_const(w.as_bytes()),
                    "{w:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_lead_byte_test_turns_away_no_function_word(
            word in proptest::strategy::Strategy::prop_map(proptest::collection::vec(
                proptest::sample::select(vec![
                    "é", "É", "ü", "Ü", "à", "À", "n", "N", "f", "F", "ã", "o", "O", "ù",
                    "t", "T", "s", "S", "j", "J", "p", "P", "r", "b", "e", "E", "i", "l",
                    "ф", "Ф", "Σ", "ς", "σ", "K", "İ", "Å", "م", "ن", "و", "ق", "ا", "ل",
                    "إ", "أ", "ه", "ذ", "ع", "ك", "ت", "ب", "ي", "ى", "ح", "ّ",
                ]),
                1..5,
            ), |v: Vec<&str>| v.concat()),
        ) {
            let set = non_ascii_stopwords();
            let want = word.len() <= 8
                && if word.is_ascii() {
                    is_ascii_stopword(word.as_bytes())
                } else {
                    set.contains(word.as_str())
                        || (word.chars().any(char::is_uppercase)
                            && set.contains(word.to_lowercase().as_str()))
                };
            proptest::prop_assert_eq!(is_stopword(&word), want, "{}", word);
        }

        #[test]
        fn ascii_features_agree_with_the_general_ones(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "The", "the", "said", "U.S.", "3.5", "1,000", "it's", "a", "Of", "IN",
                    " ", " ", "  ", ".", ". ", "! ", "? ", "\"", "'", ",", ":", ";", "-", "_",
                    "(", ")", "x", "Zebra", "\t", "\u{1}", "42", "don't", "e.g.", "AND",
                ]),
                0..60,
            )
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(Features::of_ascii(&text, &mut Vec::new()), Features::of_any(&text));
        }

        #[test]
        fn letter_features_agree_with_the_general_ones(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "The", "the", "said", "U.S.", "3.5", "a", "Of", " ", " ", ". ", "! ", "\"",
                    "'", ",", ":", "-", "x", "é", "É", "Été", "été", "à", "À", "über", "Über",
                    "für", "más", "não", "São", "où", "Où", "ÉTÉ", "Þ", "ÿ", "çà", "42",
                    "Москва", "и", "В", "ΣΟΦΊΑ", "ς", "και", "في", "مرحبا", "من", "Łódź", "Ő",
                    "،", "، ", "1،000", "،1",
                ]),
                0..60,
            )
        ) {
            let text: String = pieces.concat();
            proptest::prop_assume!(crate::normalize::only_lowercases_letters(&text));
            proptest::prop_assume!(crate::normalize::repairs_nothing(&text));
            let mut spans = Vec::new();
            proptest::prop_assert_eq!(Features::of_letters(&text, &mut spans), Features::of_any(&text));
        }

        #[test]
        fn latin1_stopwords_agree_with_the_list(
            word in "[a-zA-Z\u{C0}-\u{D6}\u{D8}-\u{DE}\u{E0}-\u{F6}\u{F8}-\u{FF}]{1,7}|(n|N)(ã|Ã)(o|O)|(É|é)(t|T)(é|É)|(ü|Ü)ber|(à|À)s?|(o|O)(ù|Ù)|tambi(é|É)n",
        ) {
            proptest::prop_assume!(!word.is_ascii());
            proptest::prop_assert_eq!(is_latin1_stopword(&word), is_stopword(&word), "{:?}", word);
        }

        /// The function-word test on a word inside a text agrees with the one
        /// on the word alone, wherever the word stands and whatever follows.
        #[test]
        fn stopwords_in_a_text_agree_with_the_list(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "the", "The", "THE", "a", "o", "y", "i", "should", "Should", "shoulder",
                    "thereby", "their", "whiches", "which", "und", "zu", "Zu", "x", "42", "_a",
                    "a_", "qui", "quiz", "e.g", "don't", "al", "als", "also", "alsoo", " ", " ",
                    ", ", ".", "\t", "1,2",
                ]),
                0..40,
            )
        ) {
            let text: String = pieces.concat();
            let bytes = text.as_bytes();
            let mut spans = Vec::new();
            ascii_word_spans(&text, &mut spans);
            for (start, end) in spans {
                let (start, end) = (start as usize, end as usize);
                proptest::prop_assert_eq!(
                    is_ascii_stopword_in(bytes, start, end),
                    is_stopword(&text[start..end]),
                    "{:?} in {:?}", &text[start..end], text
                );
            }
        }

        #[test]
        fn sentence_breaks_agree_with_their_definition(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "The", " ", ". ", "!", "?", "\"", "“", "‘", "É", "é", "。", "？", " Z",
                    "x", "  ", ".", "’",
                ]),
                0..30,
            )
        ) {
            let text: String = pieces.concat();
            let chars: Vec<char> = text.chars().collect();
            let expected = chars
                .windows(3)
                .filter(|w| {
                    matches!(w[0], '.' | '!' | '?' | '。' | '！' | '？')
                        && w[1] == ' '
                        && (w[2].is_uppercase() || matches!(w[2], '"' | '“' | '‘'))
                })
                .count();
            proptest::prop_assert_eq!(inner_sentence_breaks(&text), expected);
        }

        /// The one walk finds what searching for each case finds.
        #[test]
        fn typography_break_walk_agrees_with_searches(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "The", "s", " ", ". ", "! ", "? ", ".", "!", "?", "a", "é", "中",
                    "\u{2019}", "\u{2018}", "\u{201C}", "\u{201D}", "\u{2013}", "\"", "'",
                    "\u{A0}", "\u{2026}", "\u{AB}", "\u{BB}", "\u{201E}", "\u{3000}",
                ]),
                0..30,
            )
        ) {
            let text: String = pieces.concat();
            let searched = text.contains(" \u{2018}")
                || text.contains(" \u{2019}")
                || text.contains(" \u{201D}")
                || text
                    .match_indices(['\u{201E}', '\u{AB}', '\u{BB}'])
                    .any(|(i, _)| {
                        i >= 2
                            && text.as_bytes()[i - 1] == b' '
                            && matches!(text.as_bytes()[i - 2], b'.' | b'!' | b'?')
                    })
                || [".\u{A0}", "!\u{A0}", "?\u{A0}", "\u{2026}\u{A0}"]
                    .iter()
                    .any(|p| text.contains(p))
                || text.contains("\u{2026} ");
            proptest::prop_assert_eq!(typography_moves_a_break(&text), searched, "{:?}", text);
        }

        #[test]
        fn typography_reads_like_its_ascii_forms(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "The", "the", "said", "don", "t", "s", "3", "5", " ", ". ", "! ", "? ", ".",
                    "\u{2019}", "\u{2018}", "\u{201C}", "\u{201D}", "\u{2013}", "\u{2014}", "\"",
                    "'", "Zed", " \u{201C}We", "\u{2019}s", ",", "-", "_", "42", "\u{A0}",
                    "\u{2026}", ".\u{A0}", "\u{2026} ", "\u{A0}The", "a.", "3", "\u{AB}",
                    "\u{BB}", "\u{201E}", ". \u{AB}", "\u{AB} ", " \u{BB}",
                ]),
                0..40,
            )
        ) {
            let text: String = pieces.concat();
            let mut plain = String::new();
            if crate::normalize::plain_typography(&text, &mut plain)
                && crate::normalize::only_lowercases(&plain)
            {
                proptest::prop_assert_eq!(
                    crate::normalize::normalize(&text),
                    plain.to_ascii_lowercase()
                );
                if typography_reads_the_same(&text, &plain) {
                    proptest::prop_assert_eq!(
                        Features::of_ascii(&plain, &mut Vec::new()),
                        Features::of_any(&text)
                    );
                }
                // The words of the block are the words of its plain form.
                let mut spans = Vec::new();
                Features::of_ascii(&plain, &mut spans);
                let lower = plain.to_ascii_lowercase();
                let from_spans: Vec<&str> = spans
                    .iter()
                    .map(|&(s, e)| &lower[s as usize..e as usize])
                    .collect();
                let normalized = crate::normalize::normalize(&text);
                let words: Vec<&str> = normalized.unicode_words().collect();
                proptest::prop_assert_eq!(from_spans, words);
            }
        }

        /// The same for blocks with accented letters as well.
        #[test]
        fn letter_typography_reads_like_its_plain_forms(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    30 => proptest::sample::select(vec![
                        "The", "the", "l", "d", "État", "état", "été", "à", "À", "über", "s",
                        " ", ". ", "! ", "\u{2019}", "\u{2018}", "\u{201C}", "\u{201D}",
                        "\u{2013}", "\u{2014}", "\"", "'", " \u{201C}Où", "\u{2019}s", ",",
                        "-", "42", "É", "\u{A0}", "\u{2026}", ".\u{A0}", "\u{2026} ",
                        "\u{AB}\u{A0}", "\u{A0}\u{BB}", "\u{201E}", ". \u{AB}", "قال", "،",
                        "1،0",
                    ]),
                    1 => proptest::sample::select(vec![
                        "é\u{2019}", "ß", "Ã", "Ã\u{A0}", "é\u{2026}", "Ã\u{AB}", "é\u{201E}",
                    ]),
                ],
                0..40,
            )
        ) {
            let text: String = pieces.concat();
            let mut plain = String::new();
            let simple = crate::normalize::plain_typography(&text, &mut plain)
                && !plain.is_ascii()
                && crate::normalize::only_lowercases_letters(&plain)
                && crate::normalize::repairs_nothing(&text);
            if !simple {
                return Ok(());
            }
            let mut lower = String::new();
            crate::normalize::push_letters_lowercase(&plain, &mut lower);
            proptest::prop_assert_eq!(crate::normalize::normalize(&text), lower.clone());
            let mut spans = Vec::new();
            let features = Features::of_letters(&plain, &mut spans);
            if typography_reads_the_same(&text, &plain) {
                proptest::prop_assert_eq!(features, Features::of_any(&text));
            }
            // The words of the block are the words of its plain form.
            let from_spans: Vec<&str> = spans
                .iter()
                .map(|&(s, e)| &lower[s as usize..e as usize])
                .collect();
            let words: Vec<&str> = lower.unicode_words().collect();
            proptest::prop_assert_eq!(from_spans, words);
        }

        #[test]
        fn last_word_is_the_last_unicode_word(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "the", "U.S.", "3.5", "it's", " ", "  ", ".", ",", "-", "\"", "’", "—",
                    "é", "中国", "في", "\u{3000}", "\u{301}", "_", "a", "x1", "\u{200d}",
                ]),
                0..30,
            )
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(last_word(&text), text.unicode_words().next_back());
        }
    }

    #[test]
    fn wrapped_lines_and_hyphenation_are_joined() {
        let text = "The minister said the new rules would\napply from next year, and that the for-\nmer rules were too weak.\nNext line.";
        let blocks = blocks_only(text).blocks;
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            blocks[0].text,
            "The minister said the new rules would apply from next year, and that the former rules were too weak."
        );
    }

    #[test]
    fn sentence_endings() {
        for s in [
            "Done.",
            "He said: “yes.”",
            "Really?",
            "谁？",
            "انتهى.",
            "(see below):",
        ] {
            assert!(ends_sentence(s), "{s}");
        }
        for s in [
            "Follow us on Twitter",
            "Latest from -Top News",
            "Published: undefined 2",
        ] {
            assert!(!ends_sentence(s), "{s}");
        }
    }

    fn verdicts(text: &str) -> Vec<(String, Verdict)> {
        clean(text)
            .blocks
            .into_iter()
            .map(|b| (b.text.chars().take(25).collect(), b.verdict))
            .collect()
    }

    #[test]
    fn table() {
        let body1 = "Mexican President Andres Manuel Lopez Obrador has offered political asylum to WikiLeaks founder Julian Assange, after a UK court blocked the latter's extradition to the US.";
        let body2 = "Addressing a press conference on Monday, the President said he will ask the Foreign Affairs Ministry to contact British officials over the asylum offer.";
        let short_sentence = "According to him, the information exposed abuses by the US military.";
        let page = format!(
            "Asian Lite News\nJanuary 5, 2021\n{body1}\nPublished: undefined\n{short_sentence}\n{body2}\nPublished: undefined\n\
             Related Articles\nSaudi Arabia Unveils $32 Billion Push Into Theme Parks\nTürkiye and Saudi Arabia Seal Two Billion Dollar Solar Energy Agreement\n\
             OpenAI CEO Sam Altman praises the rapid progress of Chinese tech companies.\nTrump Signs Global 10% Tariffs on Imports\nBe the first to comment"
        );
        let v = verdicts(&page);
        let kept: Vec<&str> = v
            .iter()
            .filter(|(_, v)| v.is_kept())
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(
            kept,
            [
                "Mexican President Andres ",
                "According to him, the inf",
                "Addressing a press confer"
            ],
            "{v:#?}"
        );
        let verdict_of = |prefix: &str| v.iter().find(|(t, _)| t.starts_with(prefix)).unwrap().1;
        assert_eq!(verdict_of("Published"), Verdict::Repeated);
        assert_eq!(verdict_of("Saudi Arabia Unveils"), Verdict::HeadlineRun);
        assert_eq!(verdict_of("OpenAI CEO"), Verdict::Isolated);
        assert_eq!(verdict_of("Be the first"), Verdict::Short);
    }

    #[test]
    fn a_table_flattened_into_one_line_is_the_body() {
        // A market close whose rows the page joined into one line, and the
        // site's furniture, one line of which reads like a sentence: the
        // figures are the item, not the furniture.
        let page = "Login Register\nMarkets\nRoenhaven All-Share finishes higher at 5,568.37\n\
            By Miguel Berkerov\nRoenhaven Stock Exchange close on Monday, Aug 12\n\
            Roenhaven All-Share 5,568.37 +29.41 (+0.53 pct) Most active: Belene Logistics 77.11 (-0.42); \
            Roski Media 255.29 (+2.93); Larhaven Telecom 12.94 (+0.18); Aru Group 8.05 (-0.11)\n\
            Like Kahaev Lite News on Facebook and follow us on X for the latest updates.\n\
            Leave a Reply\n© 2025 Kahaev Lite News. All rights reserved.";
        let v = verdicts(page);
        let verdict_of = |prefix: &str| v.iter().find(|(t, _)| t.starts_with(prefix)).unwrap().1;
        assert_eq!(
            verdict_of("Roenhaven All-Share 5,568"),
            Verdict::Body,
            "{v:#?}"
        );
        // Three short rows are a table, and so is one with the figures of
        // an item (a close printed as a headline and one row) on a page
        // with no prose; its furniture's sentence is not the item.
        let one_row = "Login Register\nMarkets\nRoenhaven All-Share ends lower at 5,568.37\n\
            Roenhaven All-Share 5,568.37 -29.41 (-0.53 pct)\n\
            Like Kahaev Lite News on Facebook and follow us on X for the latest updates.";
        let v = verdicts(one_row);
        let verdict_of = |prefix: &str| v.iter().find(|(t, _)| t.starts_with(prefix)).unwrap().1;
        assert_eq!(
            verdict_of("Roenhaven All-Share 5,568"),
            Verdict::Body,
            "{v:#?}"
        );
        // A row with fewer figures (a date line, a reading time) is not a
        // table on its own, and a one-row ticker beside prose is a sidebar.
        let date_only = "Login Register\nMarkets\nUpdated: Aug 12, 2024, 10:45 IST\n3 mins read\n\
            Like Kahaev Lite News on Facebook and follow us on X for the latest updates.";
        let v = verdicts(date_only);
        let verdict_of = |prefix: &str| v.iter().find(|(t, _)| t.starts_with(prefix)).unwrap().1;
        assert_ne!(verdict_of("Updated"), Verdict::Body, "{v:#?}");
        assert_ne!(verdict_of("3 mins"), Verdict::Body, "{v:#?}");
        let ticker = "Roenhaven All-Share 5,568.37 -29.41 (-0.53 pct)\n\
            The city council approved the new budget on Tuesday after a long debate \
            about the cost of repairing the old bridge over the river.";
        let v = verdicts(ticker);
        let verdict_of = |prefix: &str| v.iter().find(|(t, _)| t.starts_with(prefix)).unwrap().1;
        assert_ne!(verdict_of("Roenhaven"), Verdict::Body, "{v:#?}");
    }

    #[test]
    fn a_close_of_two_rows_is_kept_beside_a_list_of_related_items() {
        // A market close printed as a headline line and one row of figures,
        // on a page of furniture whose related list holds headlines with
        // figures in them (three in a row, a table by their count): the
        // close's figures must stay, or two days' closes of one outlet are
        // left with only the outlet's list to compare.
        let page = "Business Politics Tech Travel\nThe Waabad Courier\n1 mins read\n\
            Rahala General Index finishes lower at 23,907.15\n\
            Rahala General Index finishes lower at 23,907.15\n\
            Share: Facebook Twitter LinkedIn WhatsApp\n\
            Rahala General Index closes down 1.14 pct at 23,907.15\n\
            Rahala General Index 23,907.15 -277.38 (-1.14 pct)\n\
            Previous Story\nNext Story\nRecommended\n\
            Laramesh Stock Exchange close - Nov 23\nTiica weather - Jan 19\n\
            Midale weather - Mar 21\nTorosto 50 ends lower at 3,389.31\n\
            Weather forecast for Friday\n\
            About Us | Contact Us | Privacy Policy\n0:00\n0:00";
        let v = verdicts(page);
        let verdict_of = |prefix: &str| v.iter().find(|(t, _)| t.starts_with(prefix)).unwrap().1;
        assert_eq!(
            verdict_of("Rahala General Index 23,9"),
            Verdict::Body,
            "{v:#?}"
        );
        assert_ne!(verdict_of("1 mins read"), Verdict::Body, "{v:#?}");
    }

    #[test]
    fn a_headline_printed_twice_does_not_make_its_brief_a_teaser() {
        // A brief under its headline, printed as the page's title and again
        // as its heading, and a byline: headline, headline, byline, sentence
        // reads like two teaser pairs, but a title followed by itself is
        // not one, and the brief is the page's article.
        let page = "Home | World | Business\nThe Bofapolis Guardian\n24/07/2024 14:30\n\
            Dorin Keeps Deadline amid Retail Sales\nDorin Keeps Deadline amid Retail Sales\n\
            By Dmitri Voi\n\
            VARTANAR (AP) - Helen Dorin, a central bank governor, kept the deadline for the \
            retail sales report on Tuesday despite calls from lawmakers to delay it.\n\
            Share this: Facebook Twitter WhatsApp Email\nLatest\n\
            Enostev Tracks Record Operation in Parnarburg\n\
            The government disclosed a contested militia regulation in the first quarter after the patrol.\n\
            Arini Enforces Hospital amid Ward\n\
            Felipe Arini, a chief medical officer, studied a poor virus symptom overnight in the capital.\n\
            Saham Insurance Protects Single Import\n\
            The Yapolisi government kept a wide currency hearing on Friday after the tariff.";
        let v = verdicts(page);
        let verdict_of = |prefix: &str| v.iter().find(|(t, _)| t.starts_with(prefix)).unwrap().1;
        assert_eq!(verdict_of("VARTANAR"), Verdict::Body, "{v:#?}");
        assert_eq!(verdict_of("Felipe Arini"), Verdict::Teaser, "{v:#?}");
    }

    #[test]
    fn a_byline_and_a_follow_line_are_not_two_teasers() {
        // A brief under its headline and byline, then the outlet's "Follow"
        // line over its "Like" sentence: two title + sentence pairs, but a
        // byline is no teaser's headline.
        let page = "Home | World | Business\nNiia Post\n18/03/2024 18:38\n\
            Pabergradi Debris: Ishuo Develops Complete Damage\nBy David Wau\n\
            Grace Ishuo, a disaster management chief, launched a quarterly landslide warning \
            on Wednesday in a move widely seen as overdue.\n\
            Follow Niia Post on Google News\n\
            Like Niia Post on Facebook and follow us on X for the latest updates.\n\
            Post a comment\nLeave a Reply";
        let v = verdicts(page);
        let verdict_of = |prefix: &str| v.iter().find(|(t, _)| t.starts_with(prefix)).unwrap().1;
        assert_eq!(verdict_of("Grace Ishuo"), Verdict::Body, "{v:#?}");
    }

    #[test]
    fn results_run_together_with_their_note_are_a_table() {
        // A results item whose rows the page ran into one line, the note
        // after them: fewer figures than one in four words, still the item.
        let page = "Yaomont Online\nLast Updated:\n\
            Elstein Pharmaceuticals <ELST.NI> 1st qtr net\n\
            Share: Facebook Twitter LinkedIn WhatsApp\n\
            Qtr ended March 30 Oper shr 9 cts vs 12 cts Net 1.0 mln vs 1.3 mln \
            Revs 9.4 mln vs 10.7 mln NOTE: Revs exclude excise taxes. (With inputs from AFP)\n\
            Join our official telegram channel (@yaomontonline) and stay updated with the latest headlines\n\
            Like Yaomont Online on Facebook and follow us on X for the latest updates.\n\
            Be the first to comment\nSign up for our daily newsletter\n\
            Results of the Ashpolisi Premier League matches played on Saturday";
        let v = verdicts(page);
        let verdict_of = |prefix: &str| v.iter().find(|(t, _)| t.starts_with(prefix)).unwrap().1;
        assert_eq!(verdict_of("Qtr ended"), Verdict::Body, "{v:#?}");
    }

    #[test]
    fn teasers_of_a_series_listed_again_are_a_teaser_list() {
        // A "Latest" list of roundups, whose titles share their first word,
        // and a "Recommended" list that names them again: the teasers are
        // links to other stories, not this page's text between interstitials.
        let body = "The regional council approved the new water tariffs on Tuesday after a long debate, and the changes will take effect from the first of March next year.";
        let body2 = "Officials said the revenue would pay for repairs to the ageing network of pipes, which loses about a fifth of the water it carries before it reaches homes.";
        let teasers = [
            ("Evening round-up, Sunday", "Foreign Minister Peter Parbomann amended a rural album measure overnight in a move that analysts described as a domestic audience."),
            ("Evening round-up, Monday", "The Green Party warned a heated transfer executive on Thursday morning, a week after Andrew Zain, a team manager, implemented the penalty."),
            ("News in brief, December 21", "Marie Somann, a disaster management chief, arrested a renewable storm toll on Saturday, warning that the party might cap the partial collapse."),
        ];
        let mut page = format!("City Herald\n{body}\n{body2}\nLatest from Top News\n");
        for (title, teaser) in teasers {
            page.push_str(&format!("{title}\n{teaser}\n"));
        }
        page.push_str("Recommended\n");
        for (title, _) in teasers {
            page.push_str(&format!("{title}\n"));
        }
        let v = verdicts(&page);
        let kept: Vec<&str> = v
            .iter()
            .filter(|(_, v)| v.is_kept())
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(
            kept,
            ["The regional council appr", "Officials said the revenu"],
            "{v:#?}"
        );
        let verdict_of = |prefix: &str| v.iter().find(|(t, _)| t.starts_with(prefix)).unwrap().1;
        assert_eq!(verdict_of("Foreign Minister"), Verdict::Teaser);
        assert_eq!(verdict_of("Marie Somann"), Verdict::Teaser);
    }

    #[test]
    fn other_scripts_keep_their_body() {
        let arabic = "وكالة الأنباء\nقال الرئيس المكسيكي إن بلاده مستعدة لمنح اللجوء السياسي لمؤسس موقع ويكيليكس جوليان أسانج بعد أن رفضت محكمة بريطانية تسليمه إلى الولايات المتحدة في قضية التجسس.\nتابعونا";
        let c = clean(arabic);
        assert_eq!(c.kept().count(), 1, "{c:#?}");
        let chinese = "新华网\n墨西哥总统洛佩斯4日表示，墨西哥愿意为维基解密创始人阿桑奇提供政治庇护，他将要求外交部与英国政府联系，请求释放阿桑奇。\n分享到微信";
        let c = clean(chinese);
        assert_eq!(c.kept().count(), 1, "{c:#?}");
        assert!(c.kept().next().unwrap().text.starts_with("墨西哥总统"));
    }

    #[test]
    fn tables_of_figures_are_the_body_of_a_wire_item() {
        // A results item: a headline, a credit, rows of figures with an
        // interstitial between them, then the site's furniture.
        let item = "The Harbour Courier\nHome | Business | Sport\n\
            NORVALE FOODS <NRV.X> 2ND QTR NET\nBy Staff Writer\n\
            Qtr ended June 30\nShr 41 cts vs 38 cts\nNet 12.6 mln vs 11.2 mln\n\
            Also read: Tellmark posts first-half loss\nRevs 240.1 mln vs 221.7 mln\n\
            Avg shrs 30.7 mln vs 29.9 mln\nPrevious Story\nNext Story\n\
            Like The Harbour Courier on Facebook";
        let v = verdicts(item);
        let kept: Vec<&str> = v
            .iter()
            .filter(|(_, v)| v.is_kept())
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(
            kept,
            [
                "Qtr ended June 30",
                "Shr 41 cts vs 38 cts",
                "Net 12.6 mln vs 11.2 mln",
                "Revs 240.1 mln vs 221.7 m",
                "Avg shrs 30.7 mln vs 29.9"
            ],
            "{v:#?}"
        );
        // Rows whose line breaks were lost, joined into one long block, are
        // rows still.
        let joined = "Harbour Courier\nNORVALE FOODS <NRV.X> 2ND QTR NET\nQtr ended June 30\n\
            Shr 41 cts vs 38 cts\nNet 12.6 mln vs 11.2 mln Revs 240.1 mln vs 221.7 mln \
            Avg shrs 30.7 mln vs 29.9 mln Qtly div 12 cts vs 12 cts\nFollow us";
        assert_eq!(clean(joined).kept().count(), 3, "{:#?}", verdicts(joined));
        // League results are rows too, capitalized as they are.
        let round = "Northern League results\nRovers 2 Albion 1\nCity 0 United 0\n\
            Athletic 3 Wanderers 2\nLatest news\nFollow us";
        assert_eq!(clean(round).kept().count(), 3, "{:#?}", verdicts(round));
    }

    #[test]
    fn tables_away_from_the_article_are_sidebars() {
        let body = "The city council approved the new budget on Tuesday after a long debate \
            about the cost of repairing the old bridge over the river and the roads around it.";
        let more = "Council members said the repairs would start in the spring and would take \
            about two years to finish, with one lane open to traffic throughout the works.";
        let page = format!(
            "Markets\nIndex 26,964.67 up 0.4\nGold 2,238.65 down 15.40\nOil 81.20 up 1.10\n\
             Home | News | Sport\nBudget approved\n{body}\n{more}\nShare this story"
        );
        let c = clean(&page);
        assert_eq!(c.kept().count(), 2, "{:#?}", verdicts(&page));
        // The same rows continuing the article are its table.
        let page = format!("Budget approved\n{body}\n{more}\nRoads 12.5 mln\nBridge 30.1 mln\nParks 4.2 mln\nShare this story");
        assert_eq!(clean(&page).kept().count(), 5, "{:#?}", verdicts(&page));
    }

    #[test]
    fn all_boilerplate_falls_back_to_everything() {
        let c = clean("Home\nWorld\nSports");
        assert!(c.fallback);
        assert_eq!(c.kept().count(), 3);
        assert!(clean("").blocks.is_empty());
    }
}

//! Stage 1, preparation: the part of the pipeline that needs no other
//! document. A text is split into blocks, its boilerplate removed
//! ([`boilerplate`](crate::boilerplate)), each kept block normalized and turned
//! into token ids, with a template key per block and the ids of its
//! distinctive numbers: its [`Content`]. Everything here is a function of the
//! text and the configuration.

use xxhash_rust::xxh3::{xxh3_64_with_seed, Xxh3};

use crate::boilerplate::{self, Page};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::shingle::{token_ids, word_id_and_number, Number, Resolved, Shingling};
use crate::templates;
use crate::util::sort::SortBuffers;
use crate::util::words::for_each_word;

/// Seed offset for block keys, which count how many documents share a block.
const BLOCK_DOMAIN: u64 = 0x424c_4f43_4b4b_4559; // "BLOCKKEY"

/// Seed offset for content hashes, which find exact copies and break ties
/// between contents of one size.
const CONTENT_DOMAIN: u64 = 0x434f_4e54_454e_5421; // "CONTENT!"

/// XXH3-64 of a content's shingle length, tokens, blocks and numbers (as
/// little-endian `u32`, `u32` and `u64`, and `u32`, each list preceded by its
/// length as `u64`), then the number of stories as one byte when it is more
/// than one, seeded with `seed ⊕ CONTENT_DOMAIN`. Equal contents have
/// equal hashes, on every machine.
pub(crate) fn content_hash(content: &Content, seed: u64) -> u64 {
    let mut h = Xxh3::with_seed(seed ^ CONTENT_DOMAIN);
    h.update(&content.shingle_len.to_le_bytes());
    let mut buf = [0u8; 4 * 64];
    let mut u32s = |h: &mut Xxh3, values: &[u32]| {
        h.update(&(values.len() as u64).to_le_bytes());
        for chunk in values.chunks(64) {
            for (dst, v) in buf.chunks_exact_mut(4).zip(chunk) {
                dst.copy_from_slice(&v.to_le_bytes());
            }
            h.update(&buf[..4 * chunk.len()]);
        }
    };
    u32s(&mut h, &content.tokens);
    u32s(&mut h, &content.numbers);
    h.update(&(content.blocks.len() as u64).to_le_bytes());
    for b in content.blocks.iter() {
        h.update(&b.end.to_le_bytes());
        h.update(&b.key.to_le_bytes());
    }
    // A page of one story hashes as before the count existed.
    if content.stories > 1 {
        h.update(&[content.stories]);
    }
    h.digest()
}

/// What the pipeline keeps of a text that does not depend on other documents:
/// the token ids of its body, block by block, with a template key per block
/// and the ids of its distinctive numbers. Made by
/// [`Stages::prepare`](crate::stages::Stages::prepare); exact copies have
/// equal contents.
#[derive(Clone, PartialEq, Eq)]
pub struct Content {
    /// Token ids of the kept blocks, concatenated.
    pub(crate) tokens: Box<[u32]>,
    /// The kept blocks, in order.
    pub(crate) blocks: Box<[BlockRef]>,
    /// Shingle length in tokens, after `Shingling::Auto` chose words or characters.
    pub(crate) shingle_len: u32,
    /// Sorted, distinct token ids of the distinctive numbers (see
    /// `shingle::word_id_and_number`).
    pub(crate) numbers: Box<[u32]>,
    /// How many stories the page carries, 1 for most (see
    /// [`sections`](crate::sections)): a roundup carries several.
    pub(crate) stories: u8,
}

/// One kept block of a document: twelve bytes, aligned to four (sixteen with
/// the key's natural alignment; an indexed page has a dozen blocks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C, packed(4))]
pub(crate) struct BlockRef {
    /// End of the block's tokens in `Content::tokens` (exclusive).
    pub(crate) end: u32,
    /// Key for template learning; 0 when the block is a complete long sentence
    /// and cannot be a template.
    pub(crate) key: u64,
}

/// A summary (counts), not the token ids.
impl std::fmt::Debug for Content {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Content")
            .field("tokens", &self.tokens.len())
            .field("blocks", &self.blocks.len())
            .field("shingle_len", &self.shingle_len)
            .field("numbers", &self.numbers.len())
            .field("stories", &self.stories)
            .finish()
    }
}

/// A content's template votes, sorted and distinct: (block key, story tag)
/// for each distinct template key (see [`templates`](crate::templates)). The
/// story tag is a min-hash of its long complete sentences; with too few of
/// them, a min-hash of its numbers; with too few of those, its content hash.
pub(crate) fn template_votes(content: &Content, seed: u64) -> Vec<(u64, u64)> {
    let mut start = 0usize;
    let story = content.blocks.iter().filter_map(|b| {
        let tokens = &content.tokens[start..b.end as usize];
        start = b.end as usize;
        (b.key == 0).then_some(tokens)
    });
    let tag = templates::story_tag(story, seed, &mut Vec::new())
        .or_else(|| templates::figures_tag(&content.numbers, seed))
        .unwrap_or_else(|| content_hash(content, seed));
    templates::votes(content.blocks.iter().map(|b| b.key), tag)
}

/// Scratch buffers reused from one document to the next.
#[derive(Default)]
pub(crate) struct Scratch {
    pub(crate) page: Page,
    pub(crate) tokens: Vec<u32>,
    pub(crate) shingles: Vec<u32>,
    pub(crate) sort: SortBuffers,
    /// Whether each block of a document is a template.
    pub(crate) template: Vec<bool>,
    /// A block's token ids as little-endian bytes, for its template key.
    pub(crate) bytes: Vec<u8>,
    /// A document's content while it is gathered, copied out at the end at
    /// its final size.
    pub(crate) kept: Vec<u32>,
    pub(crate) blocks: Vec<BlockRef>,
    pub(crate) numbers: Vec<u32>,
    /// Ids of the small numbers, which count when the document is mostly
    /// figures.
    pub(crate) small: Vec<u32>,
    pub(crate) sections: crate::sections::Sections,
}

/// Share of a document's words that are numbers (counted with repeats) from
/// which it reads as a table of figures, and its small numbers ("2-1", "23")
/// count as distinctive too. Prose news has a number in some twenty or thirty
/// words; a line of a results table or a price list has one in two or three.
pub const FIGURES_SHARE: f64 = 0.25;

/// The number id of a small number: the upper half of XXH3-64 over the
/// little-endian token ids of the word before it in its block (0 for none)
/// and of the number, seeded with `seed ^ SMALL_NUMBER_DOMAIN`. A small number
/// alone tells nothing — every round of a league has its 2s and 1s, every
/// weather table its 23s — but "rovers 2" or "madrid 31" is a figure of one
/// row of one table.
pub(crate) fn small_number_id(prev: u32, id: u32, seed: u64) -> u32 {
    let mut bytes = [0u8; 8];
    bytes[..4].copy_from_slice(&prev.to_le_bytes());
    bytes[4..].copy_from_slice(&id.to_le_bytes());
    (xxh3_64_with_seed(&bytes, seed ^ SMALL_NUMBER_DOMAIN) >> 32) as u32
}

/// Seed offset for [`small_number_id`], so that its ids are not shingle ids.
const SMALL_NUMBER_DOMAIN: u64 = 0x534d_414c_4c4e_554d; // "SMALLNUM"

/// Where [`Detector::block_tokens`] puts the ids of a block's numbers.
#[derive(Debug)]
pub(crate) struct Numbers<'a> {
    pub(crate) distinctive: &'a mut Vec<u32>,
    pub(crate) small: &'a mut Vec<u32>,
}

/// Resolves `Shingling::Auto` from the kept blocks of a page.
pub(crate) fn resolve_shingling(config: &Config, page: &Page, text: &str) -> Resolved {
    match config.shingle {
        Shingling::Auto { .. } => config.shingle.resolve_parts(
            (0..page.len())
                .filter(|&i| page.is_kept(i))
                .map(|i| page.raw(text, i)),
        ),
        other => other.resolve(""),
    }
}

/// Appends the token ids of one normalized block to `tokens`, and those of
/// its numbers (word tokens only) to `numbers`.
pub(crate) fn block_tokens(
    config: &Config,
    page: &Page,
    i: usize,
    how: Resolved,
    tokens: &mut Vec<u32>,
    numbers: &mut Numbers<'_>,
) {
    let seed = config.seed;
    let normalized = page.normalized(i);
    if let Resolved::Chars(_) = how {
        token_ids(normalized, how, seed, tokens);
        return;
    }
    // Words average several bytes each; reserving ahead avoids growing
    // one word at a time.
    tokens.reserve(normalized.len() / 4 + 1);
    let mut prev = 0u32;
    let mut push = |w: &str| {
        let (id, number) = word_id_and_number(w, seed);
        tokens.push(id);
        match number {
            Number::No => {}
            Number::Small => numbers.small.push(small_number_id(prev, id, seed)),
            Number::Distinctive => numbers.distinctive.push(id),
        }
        prev = id;
    };
    match page.word_spans(i) {
        // The classifier has found the words already.
        Some(spans) => {
            for &(start, end) in spans {
                push(&normalized[start as usize..end as usize]);
            }
        }
        None => for_each_word(normalized, push),
    }
}

/// The template key of a block with these token ids: 0 when it is a long
/// complete sentence, which is never a template, or has no tokens.
pub(crate) fn block_key(
    config: &Config,
    tokens: &[u32],
    sentence: bool,
    words: usize,
    bytes: &mut Vec<u8>,
) -> u64 {
    let eligible = !sentence || words < boilerplate::LONG_WORDS;
    if !eligible || tokens.is_empty() {
        return 0;
    }
    bytes.clear();
    for t in tokens {
        bytes.extend_from_slice(&t.to_le_bytes());
    }
    xxh3_64_with_seed(bytes, config.seed ^ BLOCK_DOMAIN).max(1)
}

/// The part of the pipeline that needs no other document: boilerplate
/// removal, normalization and tokenization.
pub(crate) fn content_of(config: &Config, text: &str, scratch: &mut Scratch) -> Result<Content> {
    if text.len() > config.max_document_bytes {
        return Err(Error::from(ErrorKind::DocumentTooLarge {
            id: None,
            len: text.len(),
            limit: config.max_document_bytes,
        }));
    }
    let Scratch {
        page,
        bytes,
        kept: tokens,
        blocks,
        numbers,
        small,
        sections,
        ..
    } = scratch;
    page.split(text, config.boilerplate);
    let stories = crate::sections::stories(page, text, sections);
    let how = resolve_shingling(config, page, text);
    tokens.clear();
    blocks.clear();
    numbers.clear();
    small.clear();
    let mut found = Numbers {
        distinctive: numbers,
        small,
    };
    for i in (0..page.len()).filter(|&i| page.is_kept(i)) {
        let start = tokens.len();
        block_tokens(config, page, i, how, tokens, &mut found);
        if tokens.len() == start {
            continue;
        }
        let key = block_key(
            config,
            &tokens[start..],
            page.sentence(i),
            page.words(i),
            bytes,
        );
        blocks.push(BlockRef {
            end: tokens.len() as u32,
            key,
        });
    }
    if tokens.is_empty() {
        return Err(Error::from(ErrorKind::EmptyDocument { id: None }));
    }
    // In a table of figures (results, prices, temperatures) the small
    // numbers are the content: two rounds of a league differ in their
    // scores. In prose they are counts and dates that unrelated stories
    // share.
    if (numbers.len() + small.len()) as f64 >= FIGURES_SHARE * tokens.len() as f64 {
        numbers.extend_from_slice(small);
    }
    numbers.sort_unstable();
    numbers.dedup();
    Ok(Content {
        tokens: Box::from(&tokens[..]),
        blocks: Box::from(&blocks[..]),
        shingle_len: how.len() as u32,
        numbers: Box::from(&numbers[..]),
        stories,
    })
}

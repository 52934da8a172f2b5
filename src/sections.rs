//! How many stories a page carries, from the page alone.
//!
//! A roundup ("news in brief", a morning briefing, a live blog) prints
//! several stories one after the other, each under a title of its own: a
//! short line with no sentence ending, then a few paragraphs. A long feature
//! has the same shape — crossheads between its parts — but its parts are
//! about one thing: they name the same people, places and bodies. So a page
//! is cut into *sections* at title-like blocks that head the paragraph under
//! them (a word of five letters or more of the title recurs in it, perhaps
//! with an ending, or a name of the title is one the paragraph uses; "Also
//! read: …" naming another story does neither), up to a run of more than
//! [`MAX_GAP`] lines of boilerplate, which ends the article.
//!
//! The count is made from what the page carried, not from what cleaning
//! kept: a roundup of one-paragraph items has the shape of a list of teasers
//! for other stories, and a brief of one sentence stands outside any region
//! of prose, so cleaning removes them (their text reaches no shingle). Such
//! removed text counts as the article's between and before its kept
//! paragraphs (each headline of a teaser-shaped list opens a section), not
//! after the last one, where the site lists its other stories — unless the
//! list starts right under it, with no line of the site's between.
//! On a page where [`HEADED_ITEMS`] titles head their items, any title
//! between two paragraphs opens a section: the page is a roundup by its
//! structure, and a headline need not repeat a word of its item.
//!
//! Only when two sections have [`STORY_WORDS`] words each does each keep
//! the names it uses (capitalized words that do not start a sentence, or do
//! but are used inside one elsewhere in the article, without days, months
//! and the words of roles and offices, "Minister", "Police"; figures of three
//! digits or more, not years), as a bottom-k sample of their hashes; sections
//! that share names are one story. The page carries as many stories as
//! there are groups of sections, each with [`STORY_WORDS`] words of text and
//! [`STORY_NAMES`] names, unless one holds more than [`MAIN_STORY`] of the
//! words.
//!
//! Grouping uses the count (see [`group`](crate::group)): a page of several
//! stories is never the center other copies join, so a digest that quotes a
//! brief whole does not pull the brief's copies away from their story.
//!
//! The work is linear in the page's bytes, and the comparison of sections is
//! bounded by [`MAX_SECTIONS`] and [`MAX_NAMES`]. Text without letter case
//! (Chinese, Arabic) has no names to compare and reads as one story.

use xxhash_rust::xxh3::xxh3_64;

use crate::boilerplate::{Page, Verdict, LONG_WORDS, MEDIUM_WORDS};
use crate::util::sort::intersection_len;
use crate::util::union_find::UnionFind;

/// Fewest and most words of a title-like block: a line with no sentence
/// ending that opens a section.
const TITLE_WORDS: std::ops::RangeInclusive<usize> = 2..=16;

/// Most blocks between two paragraphs of one article: a title, and a line
/// of boilerplate or two ("Advertisement", "Also read: …"). A longer run of
/// non-body blocks ends the article.
pub const MAX_GAP: usize = 3;

/// Fewest body words of a story a page carries: one sentence of a brief.
pub const STORY_WORDS: usize = 15;

/// Fewest distinct names of a story a page carries: a story is about
/// someone or somewhere.
pub const STORY_NAMES: usize = 2;

/// Titles that head their items (see [`stories`]) from which a page reads
/// as a roundup, and any title between two paragraphs opens a section.
pub const HEADED_ITEMS: usize = 2;

/// Sections compared; later sections of a longer page join none.
pub const MAX_SECTIONS: usize = 24;

/// Names kept per section: the smallest hashes, a bottom-k sample.
pub const MAX_NAMES: usize = 48;

/// Share of the smaller of two sections' names they must share to be one
/// story. The parts of one feature share their main names over and over;
/// two items of a digest share a weekday, a country at most.
pub const SAME_STORY: f64 = 0.1;

/// Largest share of a page's body words one story may hold for the page to
/// count as several: a story with a paragraph of something else at its end
/// (a reaction, a link to another story) is one story.
pub const MAIN_STORY: f64 = 0.85;

/// Capitalized words that are not names in English prose: days and months
/// (two items of one day's roundup share them).
const CALENDAR: [&str; 19] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "today",
];

/// Capitalized words that name a role, an office or a kind of body, not
/// someone or somewhere: the items of one country's roundup share "Prime
/// Minister", "Health Ministry" and "Police" without being one story.
const ROLES: [&str; 40] = [
    "agency",
    "assembly",
    "authority",
    "chairman",
    "chief",
    "commission",
    "committee",
    "council",
    "court",
    "culture",
    "defence",
    "defense",
    "department",
    "digital",
    "director",
    "dr",
    "economy",
    "education",
    "environment",
    "executive",
    "finance",
    "foreign",
    "general",
    "government",
    "governor",
    "health",
    "interior",
    "minister",
    "ministry",
    "mr",
    "mrs",
    "ms",
    "national",
    "office",
    "party",
    "police",
    "president",
    "prime",
    "secretary",
    "transport",
];

/// One section of a page: its body words and its names.
#[derive(Clone, Debug, Default)]
struct Section {
    /// Its blocks, body and others.
    start: usize,
    end: usize,
    /// Words of its body blocks.
    words: usize,
    names: Vec<u64>,
}

/// Buffers reused from page to page.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sections {
    sections: Vec<Section>,
    lower: String,
    page_names: Vec<u64>,
    heads_buf: HeadsBuf,
    block_names: Vec<(u64, bool)>,
    starts: Vec<usize>,
}

/// Whether block `i` reads as a title: a few words, no sentence ending.
fn title_like(page: &Page, i: usize) -> bool {
    !page.sentence(i) && TITLE_WORDS.contains(&page.words(i))
}

/// Whether block `i` is body text: kept, and a sentence or long.
fn body(page: &Page, i: usize) -> bool {
    page.is_kept(i) && (page.sentence(i) || page.words(i) >= LONG_WORDS)
}

/// Whether block `i` is a story's text that cleaning removed: a paragraph of
/// a teaser list (a roundup of one-paragraph items, each under its headline,
/// has the shape of a list of teasers for other stories), or a sentence of
/// medium length outside any region of prose (an item of one or two short
/// sentences). The count is made from what the page carried; the kept text
/// stays as cleaned.
fn removed_text(page: &Page, i: usize) -> bool {
    let fewest = match page.verdict(i) {
        Verdict::Teaser => MEDIUM_WORDS,
        Verdict::Isolated => STORY_WORDS,
        _ => return false,
    };
    !page.is_kept(i) && page.words(i) >= fewest && (page.sentence(i) || page.words(i) >= LONG_WORDS)
}

/// Whether block `i` is a story's text, kept or removed.
fn story_text(page: &Page, i: usize) -> bool {
    body(page, i) || removed_text(page, i)
}

/// The page's article, as a range of blocks: the first run of story text
/// (paragraphs at most [`MAX_GAP`] other blocks apart) that holds a kept
/// paragraph, up to its last kept one. Removed text before the first kept
/// paragraph is the article's (a roundup whose first items read as teasers);
/// removed text after the last is the site's (teasers of other stories below
/// the article, under a line of its own: "Latest", "More from …"), unless a
/// list of teasers starts right under the last kept paragraph, with no such
/// line: the roundup's later items.
fn article(page: &Page) -> Option<std::ops::Range<usize>> {
    let mut run: Option<usize> = None;
    let mut last_text = 0;
    let mut last_body: Option<usize> = None;
    let mut found = None;
    for i in (0..page.len()).filter(|&i| story_text(page, i)) {
        if run.is_some() && i - last_text - 1 > MAX_GAP {
            if let (Some(start), Some(b)) = (run, last_body) {
                found = Some((start, b));
                break;
            }
            run = None;
        }
        run.get_or_insert(i);
        last_text = i;
        if body(page, i) {
            last_body = Some(i);
        }
    }
    let (start, last) = match found {
        Some(f) => f,
        None => (run?, last_body?),
    };
    let end = (last + 1..page.len())
        .find(|&i| page.verdict(i) != Verdict::Teaser)
        .unwrap_or(page.len());
    Some(start..end)
}

/// Calls `f(hash, initial)` for each name in `text`: a word that starts
/// with a capital letter, lowercased and without a possessive ending,
/// `initial` when it starts a sentence, a quotation or the block (where any
/// word is capitalized); and for each figure of three digits or more that is
/// not a year, as `initial` false.
fn for_each_name(text: &str, lower: &mut String, mut f: impl FnMut(u64, bool)) {
    let mut start = true;
    for word in text.split_whitespace() {
        let opens_quote = word.starts_with(['“', '"', '‘', '\'', '(', '«']);
        let w = word.trim_start_matches(|c: char| !c.is_alphanumeric());
        let ends = word
            .trim_end_matches(['”', '"', '’', '\'', ')', '»'])
            .ends_with(['.', '!', '?', ':', ';']);
        let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        let first = w.chars().next();
        if first.is_some_and(char::is_uppercase) {
            let w = w
                .strip_suffix("’s")
                .or_else(|| w.strip_suffix("'s"))
                .unwrap_or(w);
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            if lower.chars().count() >= 2
                && !CALENDAR.contains(&lower.as_str())
                && ROLES.binary_search(&lower.as_str()).is_err()
            {
                f(xxh3_64(lower.as_bytes()), start || opens_quote);
            }
        } else if first.is_some_and(|c| c.is_ascii_digit()) {
            let digits = w.bytes().filter(u8::is_ascii_digit).count();
            let year = digits == 4 && (w.starts_with("19") || w.starts_with("20"));
            if digits >= 3 && !year {
                f(xxh3_64(w.as_bytes()), false);
            }
        }
        start = ends || w.is_empty() && start;
    }
}

/// The words of five letters or more in `text`, without a possessive
/// ending: the words a headline shares with its story.
fn long_words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace().filter_map(|word| {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric());
        let w = w
            .strip_suffix("’s")
            .or_else(|| w.strip_suffix("'s"))
            .unwrap_or(w);
        // Five letters need five bytes: most words stop at the length test.
        (w.len() >= 5 && w.chars().filter(|c| c.is_alphabetic()).nth(4).is_some()).then_some(w)
    })
}

/// Writes `word` lowercased into `out`.
fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// Whether two long words are one word: equal, or one the other with an
/// ending ("Maabad" and "Maabadi", "tariff" and "tariffs").
fn same_word(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.starts_with(short)
}

/// Buffers for [`heads`], reused from call to call.
#[derive(Clone, Debug, Default)]
struct HeadsBuf {
    /// The title's long words, lowercased (the first `n` are this call's).
    titles: Vec<String>,
    /// A word of the paragraph, lowercased.
    word: String,
    /// The paragraph's names inside sentences.
    names: Vec<u64>,
}

/// Whether `title` is the headline of `body`, the paragraph under it: one of
/// its long words is one of the paragraph's (or the same with an ending), or
/// one of its names (capitalized words, figures) is a name the paragraph
/// uses inside a sentence ("Daov expands bid" over "… Jose Daov, a company
/// spokesperson, …"). Each word is lowercased once.
fn heads(title: &str, body: &str, lower: &mut String, buf: &mut HeadsBuf) -> bool {
    let HeadsBuf {
        titles,
        word,
        names,
    } = buf;
    let mut n = 0;
    for t in long_words(title) {
        if titles.len() == n {
            titles.push(String::new());
        }
        lowercase_into(t, &mut titles[n]);
        n += 1;
    }
    let titles = &titles[..n];
    if n > 0
        && long_words(body).any(|b| {
            lowercase_into(b, word);
            titles.iter().any(|t| same_word(t, word))
        })
    {
        return true;
    }
    names.clear();
    for_each_name(body, lower, |h, initial| {
        if !initial {
            names.push(h);
        }
    });
    let mut found = false;
    for_each_name(title, lower, |h, _| found |= names.contains(&h));
    found
}

/// The number of stories page `page` (split from `text`) carries: 1 unless
/// it has sections, opened by title-like blocks, that fall into two or more
/// stories sharing no names (see the [module docs](self)). At most 255.
pub(crate) fn stories(page: &Page, text: &str, buf: &mut Sections) -> u8 {
    let Sections {
        sections,
        lower,
        page_names,
        block_names,
        heads_buf,
        starts,
    } = buf;
    // The article's sections, from the structure alone: a section opens at a
    // title that is its own headline, sharing a word or a name with the
    // first paragraph under it, or at each headline of a list of items that
    // cleaning took for teasers (title, then its paragraph). A line between
    // paragraphs that is not ("Also read: …" linking another story,
    // "Published: …") opens nothing; a title's names are not the section's
    // either.
    sections.clear();
    let Some(range) = article(page) else {
        return 1;
    };
    // A page where titles open sections as headlines of their items is a
    // roundup by its structure; its other titles between paragraphs open
    // sections too (a headline need not repeat a word of its item).
    let mut end = range.end;
    let mut headed = 0;
    for loose in [false, true] {
        if loose && headed < HEADED_ITEMS {
            break;
        }
        sections.clear();
        end = range.end;
        let mut title: Option<usize> = None;
        let mut titles_from = 0;
        for i in range.clone() {
            if story_text(page, i) {
                if let Some(last) = sections.last_mut() {
                    let opens = title.take().is_some() && {
                        let items = page.verdict(titles_from) == Verdict::Teaser
                            && page.verdict(i) == Verdict::Teaser;
                        let heading = (titles_from..i).any(|t| {
                            title_like(page, t)
                                && heads(page.raw(text, t), page.raw(text, i), lower, heads_buf)
                        });
                        headed += usize::from(!loose && (items || heading));
                        items || heading || loose
                    };
                    if !opens {
                        last.words += page.words(i);
                        last.end = i + 1;
                        continue;
                    }
                    if sections.len() == MAX_SECTIONS {
                        end = i;
                        break;
                    }
                }
                sections.push(Section {
                    start: i,
                    end: i + 1,
                    words: page.words(i),
                    ..Section::default()
                });
                title = None;
            } else if title_like(page, i) && title.is_none() {
                // The first title after a paragraph: a line below it ("Also
                // read: …" between a headline and its item) does not hide it.
                titles_from = i;
                title = Some(i);
            }
        }
    }
    // Most pages are one section, or have one of any length.
    if sections.iter().filter(|s| s.words >= STORY_WORDS).count() < 2 {
        return 1;
    }
    // Joining sections into stories only makes the largest story larger, so
    // a page whose largest section is its main story needs no names.
    let total: usize = sections.iter().map(|s| s.words).sum();
    if sections
        .iter()
        .any(|s| s.words as f64 > MAIN_STORY * total as f64)
    {
        return 1;
    }
    // The names of each block of story text from the first section on, read
    // once: `block_names[starts[i - first]..starts[i - first + 1]]` are
    // block `i`'s.
    let first = sections[0].start;
    block_names.clear();
    starts.clear();
    for i in first..end {
        starts.push(block_names.len());
        if story_text(page, i) {
            for_each_name(page.raw(text, i), lower, |h, initial| {
                block_names.push((h, initial));
            });
        }
    }
    starts.push(block_names.len());
    // Names seen inside a sentence anywhere in the article; a sentence that
    // starts with one of them starts with a name.
    page_names.clear();
    page_names.extend(
        block_names
            .iter()
            .filter(|&&(_, initial)| !initial)
            .map(|&(h, _)| h),
    );
    page_names.sort_unstable();
    page_names.dedup();
    for s in sections.iter_mut() {
        for &(h, initial) in &block_names[starts[s.start - first]..starts[s.end - first]] {
            if !initial || page_names.binary_search(&h).is_ok() {
                s.names.push(h);
            }
        }
        s.names.sort_unstable();
        s.names.dedup();
        s.names.truncate(MAX_NAMES);
    }
    // Sections that share names are one story.
    let m = sections.len();
    let mut uf = UnionFind::new(m);
    for a in 0..m {
        for b in a + 1..m {
            let (x, y) = (&sections[a].names, &sections[b].names);
            let smaller = x.len().min(y.len());
            if smaller == 0 {
                continue;
            }
            let shared = intersection_len(x, y);
            if shared > 0 && shared as f64 >= SAME_STORY * smaller as f64 {
                uf.union(a as u32, b as u32);
            }
        }
    }
    let mut words = vec![0usize; m];
    let mut names = vec![0usize; m];
    for (a, s) in sections.iter().enumerate() {
        let r = uf.find(a as u32) as usize;
        words[r] += s.words;
        names[r] += s.names.len();
    }
    let largest = words.iter().copied().max().unwrap_or(0);
    if largest as f64 > MAIN_STORY * total as f64 {
        return 1;
    }
    let count = (0..m)
        .filter(|&r| words[r] >= STORY_WORDS && names[r] >= STORY_NAMES)
        .count();
    count.clamp(1, 255) as u8
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Three briefs about different things, each in two paragraphs.
    pub(crate) const BRIEFS: [[&str; 2]; 3] = [
    [
        "Fire crews in Portmerrow evacuated about 300 residents on Tuesday after a warehouse blaze spread to two neighbouring streets, the Portmerrow fire service said.",
        "Chief officer Delia Hanscombe told reporters that nobody had been hurt and that the cause of the fire was being investigated by officers from the Kestrel County police.",
    ],
    [
        "The central bank of Valdoria left its main interest rate unchanged at 4.5 percent on Wednesday, citing slowing inflation and weak exports from the southern ports.",
        "Governor Tomas Arkwell said the Valdorian economy was expected to grow by 1.2 percent this year, less than the Lantz finance ministry had forecast in January.",
    ],
    [
        "Striker Joaquim Bellamy scored twice as Redcastle United beat Marlow Athletic 3-1 on Saturday to move to the top of the northern league table for the first time.",
        "Bellamy, signed from Ferrovale in the summer, has now scored eleven goals in nine matches for the club, which is managed by the former Marlow coach Olivia Strand.",
    ],
];

    /// The briefs' titles, each sharing words with its brief.
    pub(crate) const TITLES: [&str; 3] = [
        "Warehouse blaze forces Portmerrow evacuation",
        "Valdoria holds interest rate as exports weaken",
        "Bellamy double sends Redcastle top",
    ];

    /// A long story about one thing: its parts name the same company, people
    /// and places, under crossheads.
    pub(crate) const LONG: [&str; 12] = [
    "Harlow Shipping said on Monday it would close its container terminal at Benmouth by the end of next year, putting about 1,400 jobs at risk in a town that has depended on the docks for more than a century.",
    "The company, which has run the Benmouth terminal since 1987, blamed falling cargo volumes and the cost of dredging the estuary, which it said had doubled over the past five years as larger vessels arrived.",
    "Harlow chief executive Maren Oakley said the decision had been the hardest of her career and that the company would work with the Benmouth council to find new uses for the site and retrain staff.",
    "Union officials at Benmouth called the announcement a betrayal and said they would ask Harlow Shipping to open its accounts so that workers could see whether the terminal was really losing money.",
    "Why Benmouth is losing cargo",
    "Cargo handled at Benmouth fell by almost a third between 2019 and 2023, according to figures published by the port authority, as shipping lines moved their larger vessels to deeper harbours further north.",
    "Oakley said Harlow Shipping had spent heavily on new cranes at Benmouth only four years ago, but that the investment had not brought back the lines that left when the estuary channel silted up again.",
    "Analysts at the Castleford bank said the closure would save Harlow about 60 million a year and that the shares, which rose four percent in morning trading, had long been held back by the Benmouth losses.",
    "Retraining promised for Benmouth staff",
    "Benmouth council leader Idris Penhale said the town would press the government for a regeneration fund and that Harlow Shipping had promised to keep the terminal open until every worker had been offered retraining.",
    "Penhale said the council had already spoken to two logistics firms about the Benmouth site, which covers 90 hectares along the river, but warned that no new employer could replace all the jobs.",
    "Oakley is due to meet union leaders and Penhale in Benmouth on Thursday, when Harlow Shipping will set out the timetable for the closure and the terms it will offer to staff who choose to leave.",
];

    fn stories_of(text: &str) -> u8 {
        let mut page = Page::default();
        page.split(text, true);
        stories(&page, text, &mut Sections::default())
    }

    /// A roundup of the briefs, each under its title.
    pub(crate) fn roundup() -> String {
        let mut text = String::from("The Evening Post\n\nNews in brief, Tuesday\n\n");
        for (title, brief) in TITLES.iter().zip(&BRIEFS) {
            text.push_str(&format!("{title}\n\n{}\n\n{}\n\n", brief[0], brief[1]));
        }
        text
    }

    #[test]
    fn a_roundup_carries_several_stories() {
        assert_eq!(stories_of(&roundup()), 3);
        // Two items are enough.
        let two: String = roundup()
            .split("Bellamy double")
            .next()
            .unwrap()
            .to_string();
        assert_eq!(stories_of(&two), 2);
    }

    #[test]
    fn a_long_story_with_crossheads_is_one_story() {
        let text = format!(
            "Harlow to close Benmouth terminal\n\n{}\n",
            LONG.join("\n\n")
        );
        assert_eq!(stories_of(&text), 1);
        // Its crossheads do open sections, which its names join again: with
        // the later parts' names changed, they read as other stories.
        let other = text
            .replace("Cargo handled at Benmouth", "Cargo handled at Quillport")
            .replace(
                "Oakley said Harlow Shipping had spent heavily on new cranes at Benmouth",
                "Vance said Tidewell Lines had spent heavily on new cranes at Quillport",
            )
            .replace("save Harlow", "save Tidewell")
            .replace("Benmouth losses", "Quillport losses");
        assert_eq!(stories_of(&other), 2);
    }

    #[test]
    fn a_link_to_another_story_between_paragraphs_opens_nothing() {
        // "Also read: …" names another story, whose text is not on the page:
        // the paragraphs after it continue the first story, even though they
        // name new people.
        let text = format!(
            "{}\n\n{}\n\nAlso read: {}\n\n{}\n\n{}\n",
            BRIEFS[0][0], BRIEFS[0][1], TITLES[1], LONG[0], LONG[1]
        );
        assert_eq!(stories_of(&text), 1);
        // Under its own headline, the same text is a second story.
        let text = format!(
            "{}\n\n{}\n\nHarlow Shipping to leave Benmouth\n\n{}\n\n{}\n",
            BRIEFS[0][0], BRIEFS[0][1], LONG[0], LONG[1]
        );
        assert_eq!(stories_of(&text), 2);
    }

    #[test]
    fn boilerplate_after_the_article_is_not_a_story() {
        // Teasers of other stories below the article, after the site's lines.
        let mut text = format!("{}\n\n{}\n\n{}\n\n", LONG[0], LONG[1], LONG[2]);
        text.push_str("Share this story\nFollow us on Facebook\nLeave a Reply\nMore from the Evening Post\n\n");
        text.push_str(&format!(
            "{}\n\n{}\n\n{}\n",
            TITLES[1], BRIEFS[1][0], BRIEFS[1][1]
        ));
        assert_eq!(stories_of(&text), 1);
    }

    /// The briefs as a list of one-paragraph items, each under its title:
    /// the shape of a list of teasers for other stories.
    fn teaser_shaped_items() -> String {
        TITLES
            .iter()
            .zip(&BRIEFS)
            .map(|(title, brief)| format!("{title}\n\n{}\n\n", brief[0]))
            .collect()
    }

    #[test]
    fn a_roundup_whose_items_read_as_teasers_carries_several_stories() {
        // One-paragraph items under their titles, then an item of several
        // paragraphs: cleaning removes the first ones as teasers (their
        // text does not reach the shingles), but the page carried them.
        let text = format!(
            "News in brief\n\n{}Harlow Shipping to leave Benmouth\n\n{}\n\n{}\n\n{}\n",
            teaser_shaped_items(),
            LONG[0],
            LONG[1],
            LONG[2]
        );
        let cleaned = crate::boilerplate::clean(&text);
        for (title, brief) in TITLES.iter().zip(&BRIEFS) {
            for item in [title, &brief[0]] {
                let block = cleaned.blocks.iter().find(|b| b.text == *item).unwrap();
                assert_eq!(block.verdict, Verdict::Teaser, "{item}");
            }
        }
        assert!(stories_of(&text) >= 3);
        // The same list below an article, past the site's lines, is the
        // site's: teasers of other stories.
        let text = format!(
            "Harlow to close Benmouth terminal\n\n{}\n\n{}\n\n{}\n\nShare this story\nFollow us on Facebook\nMore from the Evening Post\n\n{}",
            LONG[0],
            LONG[1],
            LONG[2],
            teaser_shaped_items()
        );
        assert_eq!(stories_of(&text), 1);
    }

    #[test]
    fn a_headline_may_share_only_a_name_or_a_word_with_an_ending() {
        let mut lower = String::new();
        let mut buf = HeadsBuf::default();
        let item = "In a significant step, Jose Daov, a company spokesperson, capped a product dividend in the second half of the year.";
        assert!(heads(
            "Bold guidance: Daov expands bid",
            item,
            &mut lower,
            &mut buf
        ));
        let item = "Culture Minister Ida Voenez upgraded a rural missile jump, a move seen as a victory for the Maabadi Trade Ministry.";
        assert!(heads(
            "Maabad to permit director",
            item,
            &mut lower,
            &mut buf
        ));
        // Nothing of the title in the paragraph: a link to another story.
        assert!(!heads(
            "Also read: Storm closes schools in Kestrel",
            item,
            &mut lower,
            &mut buf
        ));
        // A short word that is capitalized only where a sentence starts is
        // no name.
        assert!(!heads(
            "Tory row over pay",
            "Tory members said on Monday that they would vote against the budget.",
            &mut lower,
            &mut buf
        ));
    }

    #[test]
    fn items_that_share_only_roles_are_several_stories() {
        // Two items of one country's roundup: both name a minister and a
        // ministry, not the same people or places.
        let text = "Morning briefing\n\nHanscombe opens Portmerrow depot\n\nHealth Minister Delia Hanscombe opened a new ambulance depot in Portmerrow on Tuesday, saying the Health Ministry would spend 40 million on it.\n\nArkwell cuts Lantz rail fares\n\nTransport Minister Tomas Arkwell said rail fares in Lantz would fall next year, after the Transport Ministry and the Prime Minister agreed a subsidy of 120 million.\n";
        assert_eq!(stories_of(text), 2);
    }

    #[test]
    fn a_line_between_a_headline_and_its_item_does_not_hide_the_headline() {
        let text = format!(
            "{}\n\n{}\n\n{}\n\nAlso read: Storm closes schools in Kestrel\n\n{}\n\n{}\n",
            TITLES[0], BRIEFS[0][0], TITLES[2], BRIEFS[2][0], BRIEFS[2][1]
        );
        assert_eq!(stories_of(&text), 2);
    }

    #[test]
    fn in_a_roundup_a_headline_need_not_repeat_its_items_words() {
        // Two headlines head their items (the first item's needs none); the
        // third shares no word with its item, yet on a page of headed items
        // it is an item's headline too.
        let titles = [TITLES[0], TITLES[1], "Late double seals derby"];
        let mut text = String::from("News in brief\n\n");
        for (title, brief) in titles.iter().zip(&BRIEFS) {
            text.push_str(&format!("{title}\n\n{}\n\n{}\n\n", brief[0], brief[1]));
        }
        text.push_str(&format!(
            "Harlow Shipping to leave Benmouth\n\n{}\n\n{}\n",
            LONG[0], LONG[1]
        ));
        assert_eq!(stories_of(&text), 4);
        // With one headed item, the unheaded titles open nothing: the first
        // three items read as one.
        let text = text.replacen(TITLES[1], "Rates on hold", 1);
        assert_eq!(stories_of(&text), 2);
    }

    #[test]
    fn text_without_titles_is_one_story() {
        let text: String = BRIEFS
            .iter()
            .flatten()
            .copied()
            .collect::<Vec<_>>()
            .join("\n\n");
        assert_eq!(stories_of(&text), 1);
    }
}

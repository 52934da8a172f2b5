//! How many stories a page carries, from the page alone.
//!
//! A roundup ("news in brief", a morning briefing, a live blog) prints
//! several stories one after the other, each under a title of its own: a
//! short line with no sentence ending, then a few paragraphs. A long feature
//! has the same shape — crossheads between its parts — but its parts are
//! about one thing: they name the same people, places and bodies. So a page
//! is cut into *sections* at title-like blocks that head the paragraph under
//! them (a word of five letters or more of the title recurs in it; "Also
//! read: …" naming another story does not), up to a run of more than
//! [`MAX_GAP`] lines of boilerplate, which ends the article. Only when two
//! sections have [`STORY_WORDS`] words each does each keep the names it uses
//! (capitalized words that do not start a sentence, or do but are used inside
//! one elsewhere in the article; figures of three digits or more, not years),
//! as a bottom-k sample of their hashes; sections that share names are one
//! story. The page carries as many stories as there are groups of sections,
//! each with [`STORY_WORDS`] words of body text and [`STORY_NAMES`] names,
//! unless one holds more than [`MAIN_STORY`] of the words.
//!
//! Grouping uses the count (see [`group`](crate::group)): a page of several
//! stories is never the center other copies join, so a digest that quotes a
//! brief whole does not pull the brief's copies away from their story.
//!
//! The work is linear in the page's bytes, and the comparison of sections is
//! bounded by [`MAX_SECTIONS`] and [`MAX_NAMES`]. Text without letter case
//! (Chinese, Arabic) has no names to compare and reads as one story.

use xxhash_rust::xxh3::xxh3_64;

use crate::boilerplate::Page;
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
    titles: Vec<String>,
    block_names: Vec<(u64, bool)>,
    starts: Vec<usize>,
}

/// Whether block `i` reads as a title: a few words, no sentence ending.
fn title_like(page: &Page, i: usize) -> bool {
    !page.sentence(i) && TITLE_WORDS.contains(&page.words(i))
}

/// Whether block `i` is body text: kept, and a sentence or long.
fn body(page: &Page, i: usize) -> bool {
    page.is_kept(i) && (page.sentence(i) || page.words(i) >= crate::boilerplate::LONG_WORDS)
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
            if lower.chars().count() >= 2 && !CALENDAR.contains(&lower.as_str()) {
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

/// Whether one of the long words of `title` is one of `body`'s, ignoring
/// case: the title is the headline of the text under it. `titles` and
/// `lower` are buffers; each word is lowercased once.
fn heads(title: &str, body: &str, titles: &mut Vec<String>, lower: &mut String) -> bool {
    let mut n = 0;
    for t in long_words(title) {
        if titles.len() == n {
            titles.push(String::new());
        }
        lowercase_into(t, &mut titles[n]);
        n += 1;
    }
    if n == 0 {
        return false;
    }
    let titles = &titles[..n];
    long_words(body).any(|b| {
        lowercase_into(b, lower);
        titles.contains(lower)
    })
}

/// The number of stories page `page` (split from `text`) carries: 1 unless
/// it has sections, opened by title-like blocks, that fall into two or more
/// stories sharing no names (see the [module docs](self)). At most 255.
pub(crate) fn stories(page: &Page, text: &str, buf: &mut Sections) -> u8 {
    let Sections {
        sections,
        lower,
        page_names,
        titles,
        block_names,
        starts,
    } = buf;
    // The article's sections, from the structure alone: a section opens at a
    // title that is its own headline, one of whose words recurs in the first
    // paragraph under it. A line between paragraphs that is not ("Also read:
    // …" linking another story, "Published: …") opens nothing; a title's
    // names are not the section's either. Several lines of boilerplate in a
    // row end the article: what follows is the site's (teasers of other
    // stories, kept in part).
    let n = page.len();
    sections.clear();
    let mut title: Option<usize> = None;
    let mut gap = 0usize;
    let mut end = n;
    for i in 0..n {
        if body(page, i) {
            if let Some(last) = sections.last_mut() {
                if gap > MAX_GAP {
                    end = i;
                    break;
                }
                let opens = title
                    .take()
                    .is_some_and(|t| heads(page.raw(text, t), page.raw(text, i), titles, lower));
                if !opens {
                    last.words += page.words(i);
                    last.end = i + 1;
                    gap = 0;
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
            gap = 0;
            title = None;
        } else {
            gap += 1;
            if title_like(page, i) {
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
    // The names of each body block, read once: `block_names[starts[i]..
    // starts[i + 1]]` are block `i`'s.
    block_names.clear();
    starts.clear();
    for i in 0..end {
        starts.push(block_names.len());
        if body(page, i) {
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
        for &(h, initial) in &block_names[starts[s.start]..starts[s.end]] {
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

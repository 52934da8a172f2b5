//! Human-made copies: short answers written from a longer source article,
//! the way students and journalists reuse a text, beside answers written
//! independently on the same topic.
//!
//! Each *task* is a source article of 500 to 1,500 words and a set of
//! answers of about 150 to 300 words each:
//!
//! - **cut** (near copy): one passage of the source cut and pasted, or two
//!   passages joined, sometimes behind an opening sentence of the writer's
//!   own;
//! - **light** revision: a cut whose words are swapped for a synonym about
//!   once a sentence, with a sentence now and then dropped or moved;
//! - **heavy** revision: a cut rewritten sentence by sentence — most of the
//!   words that have a synonym changed, sentences merged, split, reordered
//!   and dropped, and sentences of the writer's own put in;
//! - **own** answer: written independently from the same facts (names,
//!   places, figures and topic words of the same event), without copied
//!   text.
//!
//! Labels: the source and its cut, light and heavy answers form one story;
//! every own answer is a story of its own.  A heavy revision is labelled a
//! copy because it is one: each of its sentences comes from the source, and
//! a reader who asks for the copies of the source wants it, even where
//! little of the wording is left to find it by.
//!
//! Documents are plain text: a title line for the source, one or two
//! paragraphs for an answer; no site template, no OCR noise.

use super::english::{self, Event};
use super::rng::Rng;
use super::vocab::vocab;
use super::world::World;
use super::SynthDoc;

/// What an answer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Answer {
    /// The source article itself.
    Source,
    /// A passage (or two) cut and pasted.
    Cut,
    /// A cut with light edits.
    Light,
    /// A cut rewritten heavily.
    Heavy,
    /// Written independently on the same topic.
    Own,
}

impl Answer {
    /// Short name for breakdowns.
    pub fn name(self) -> &'static str {
        match self {
            Answer::Source => "source",
            Answer::Cut => "cut",
            Answer::Light => "light",
            Answer::Heavy => "heavy",
            Answer::Own => "own",
        }
    }
}

/// One planned document: its task, what it is, and its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    /// The task (source article) it answers.
    pub task: u32,
    /// What it is.
    pub kind: Answer,
    /// Its number among the task's documents.
    pub n: u32,
    /// Ground-truth story label.
    pub story: u32,
}

/// The planned human-made corpus.
pub struct Human {
    seed: u64,
    world: World,
    items: Vec<Item>,
    stories: u32,
}

const T_HUMAN: u64 = 0x4855_4d41; // "HUMA"

/// Synonyms writers reach for, both ways where both read naturally.  Only
/// whole lower-case words are swapped; a capitalized first word keeps its
/// capital.
const SYNONYMS: &[(&str, &str)] = &[
    ("said", "stated"),
    ("says", "states"),
    ("told", "informed"),
    ("announced", "declared"),
    ("reported", "stated"),
    ("began", "started"),
    ("start", "beginning"),
    ("ended", "finished"),
    ("large", "big"),
    ("big", "large"),
    ("small", "little"),
    ("many", "numerous"),
    ("several", "a number of"),
    ("some", "certain"),
    ("most", "the majority of"),
    ("more", "further"),
    ("new", "fresh"),
    ("important", "significant"),
    ("major", "key"),
    ("main", "principal"),
    ("also", "additionally"),
    ("however", "but"),
    ("but", "yet"),
    ("because", "as"),
    ("after", "following"),
    ("before", "prior to"),
    ("during", "throughout"),
    ("about", "around"),
    ("nearly", "almost"),
    ("almost", "nearly"),
    ("around", "roughly"),
    ("more than", "over"),
    ("people", "individuals"),
    ("officials", "authorities"),
    ("government", "administration"),
    ("country", "nation"),
    ("city", "town"),
    ("plan", "scheme"),
    ("plans", "proposals"),
    ("help", "assist"),
    ("helped", "assisted"),
    ("use", "employ"),
    ("used", "employed"),
    ("make", "create"),
    ("made", "created"),
    ("show", "demonstrate"),
    ("showed", "demonstrated"),
    ("shows", "indicates"),
    ("expected", "anticipated"),
    ("increase", "rise"),
    ("rise", "increase"),
    ("rose", "increased"),
    ("fell", "dropped"),
    ("cut", "reduced"),
    ("need", "requirement"),
    ("needed", "required"),
    ("want", "wish"),
    ("wanted", "wished"),
    ("problem", "issue"),
    ("problems", "issues"),
    ("result", "outcome"),
    ("results", "outcomes"),
    ("change", "alteration"),
    ("changes", "alterations"),
    ("quickly", "rapidly"),
    ("soon", "shortly"),
    ("later", "subsequently"),
    ("then", "afterwards"),
    ("still", "yet"),
    ("only", "just"),
    ("very", "extremely"),
    ("week", "seven days"),
    ("area", "region"),
    ("areas", "regions"),
    ("building", "structure"),
    ("group", "body"),
    ("leader", "head"),
    ("leaders", "heads"),
    ("meeting", "gathering"),
    ("money", "funds"),
    ("costs", "expenses"),
    ("support", "backing"),
    ("supported", "backed"),
    ("criticised", "condemned"),
    ("warned", "cautioned"),
    ("added", "continued"),
    ("while", "whereas"),
    ("including", "among them"),
    ("according to", "as reported by"),
    ("a spokesman", "a representative"),
    ("a spokeswoman", "a representative"),
];

/// Openings a writer puts before a pasted passage.
const OPENINGS: &[&str] = &[
    "This answer looks at what happened and why it matters.",
    "The question asks what happened and how people responded.",
    "In this answer I summarise the main events.",
    "Here is a short account of the events.",
    "The following explains the background to the story.",
    "To answer the question, it helps to start with the facts.",
];

/// Sentences a heavy reviser adds of their own.
const ASIDES: &[&str] = &[
    "This was a turning point for everyone involved.",
    "It is easy to see why this caused so much debate.",
    "Not everyone agreed with this view.",
    "The consequences of this are still being felt.",
    "This shows how complicated the situation was.",
    "Many observers found this surprising.",
    "In other words, the situation changed quickly.",
    "This point is worth keeping in mind.",
];

impl Human {
    /// Plans a corpus of exactly `docs` documents from `seed`.
    pub fn new(seed: u64, docs: usize) -> Human {
        let world = World::new(seed);
        let mut rng = Rng::derive(&[seed, T_HUMAN, 0]);
        let mut items = Vec::with_capacity(docs);
        let mut stories = 0u32;
        let mut task = 0u32;
        while items.len() < docs {
            let mut kinds = vec![Answer::Source];
            for (kind, lo, hi) in [
                (Answer::Cut, 2, 5),
                (Answer::Light, 2, 5),
                (Answer::Heavy, 2, 5),
                (Answer::Own, 3, 7),
            ] {
                kinds.extend(std::iter::repeat_n(kind, rng.range(lo, hi)));
            }
            let story = stories;
            stories += 1;
            for (n, &kind) in kinds.iter().enumerate() {
                if items.len() == docs {
                    break;
                }
                let label = if kind == Answer::Own {
                    stories += 1;
                    stories - 1
                } else {
                    story
                };
                items.push(Item {
                    task,
                    kind,
                    n: n as u32,
                    story: label,
                });
            }
            task += 1;
        }
        // Answers are handed in mixed up, not task by task.
        rng.shuffle(&mut items);
        Human {
            seed,
            world,
            items,
            stories,
        }
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Number of stories (distinct labels).
    pub fn num_stories(&self) -> usize {
        self.stories as usize
    }

    /// The plan of document `i`.
    pub fn item(&self, i: usize) -> Item {
        self.items[i]
    }

    fn event(&self, task: u32) -> Event {
        Event::new(&self.world, self.seed, 0x4855_0000 + u64::from(task), None)
    }

    /// The source article of `task` as sentences per paragraph, and its
    /// title.
    pub fn source(&self, task: u32) -> (String, Vec<Vec<String>>) {
        let ev = self.event(task);
        let t = u64::from(task);
        let mut rng = Rng::derive(&[self.seed, T_HUMAN, 1, t]);
        let words = rng.range(500, 1500);
        let paras = english::article(
            &self.world,
            &ev,
            Rng::derive(&[self.seed, T_HUMAN, 2, t]),
            Rng::derive(&[self.seed, T_HUMAN, 3, t]),
            words,
            true,
        );
        let title =
            english::story_headline(&self.world, &ev, Rng::derive(&[self.seed, T_HUMAN, 4, t]));
        let paras = paras.iter().map(|p| sentences(&p.text)).collect();
        (title, paras)
    }

    /// Document `i`.
    pub fn doc(&self, i: usize) -> SynthDoc {
        let it = self.items[i];
        let mut rng = Rng::derive(&[self.seed, T_HUMAN, 5, u64::from(it.task), u64::from(it.n)]);
        let (title, paras) = self.source(it.task);
        let text = match it.kind {
            Answer::Source => {
                let body: Vec<String> = paras.iter().map(|p| p.join(" ")).collect();
                format!("{title}\n\n{}", body.join("\n\n"))
            }
            Answer::Own => self.own(it, &mut rng),
            Answer::Cut | Answer::Light | Answer::Heavy => {
                let mut s = passage(&paras, &mut rng);
                match it.kind {
                    Answer::Light => light(&mut s, &mut rng),
                    Answer::Heavy => heavy(&mut s, &mut rng),
                    _ => {}
                }
                if rng.chance(0.3) {
                    s.insert(0, rng.pick(OPENINGS).to_string());
                }
                layout(&s, &mut rng)
            }
        };
        SynthDoc {
            id: format!("doc-{i:07}"),
            text,
            story: it.story,
            outlet: 0,
        }
    }

    /// An answer written independently: the same event, told in sentences
    /// of the writer's own.
    fn own(&self, it: Item, rng: &mut Rng) -> String {
        let ev = self.event(it.task);
        let words = rng.range(150, 300);
        let key = [self.seed, T_HUMAN, 6, u64::from(it.task), u64::from(it.n)];
        let paras = english::article(
            &self.world,
            &ev,
            Rng::derive(&key),
            Rng::derive(&[key[0], key[1], 7, key[3], key[4]]),
            words,
            false,
        );
        let s: Vec<String> = paras.iter().flat_map(|p| sentences(&p.text)).collect();
        layout(&s, rng)
    }
}

/// Splits a paragraph into sentences: a stop (`.`, `?`, `!`), perhaps a
/// closing quote, then a space.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b: Vec<char> = text.chars().collect();
    let mut cur = String::new();
    let mut i = 0;
    while i < b.len() {
        cur.push(b[i]);
        if matches!(b[i], '.' | '?' | '!') {
            let mut j = i + 1;
            while j < b.len() && matches!(b[j], '”' | '"' | '’' | ')') {
                cur.push(b[j]);
                j += 1;
            }
            let next_upper = b
                .get(j + 1)
                .is_some_and(|c| c.is_uppercase() || matches!(c, '“' | '"'));
            if j < b.len() && b[j] == ' ' && next_upper {
                out.push(std::mem::take(&mut cur));
                i = j + 1;
                continue;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn words_of(s: &[String]) -> usize {
    s.iter().map(|x| english::word_count(x)).sum()
}

/// One run of consecutive sentences of 150 to 300 words, or (two times in
/// five) two shorter runs from different parts of the source, joined.
fn passage(paras: &[Vec<String>], rng: &mut Rng) -> Vec<String> {
    // The title and crossheads are not sentences a writer copies.
    let all: Vec<&String> = paras
        .iter()
        .filter(|p| {
            p.len() > 1
                || p.first()
                    .is_some_and(|s| s.ends_with('.') || s.ends_with('”'))
        })
        .flatten()
        .collect();
    let target = rng.range(150, 300);
    let run = |rng: &mut Rng, want: usize, lo: usize, hi: usize| -> Vec<String> {
        let hi = hi.max(lo + 1).min(all.len());
        let lo = lo.min(hi.saturating_sub(1));
        let start = lo + rng.below(hi - lo);
        let mut out = Vec::new();
        let mut k = start;
        while words_of(&out) < want && k < all.len() {
            out.push(all[k].clone());
            k += 1;
        }
        // Near the end of the source: take sentences before the start too.
        let mut k = start;
        while words_of(&out) < want && k > 0 {
            k -= 1;
            out.insert(0, all[k].clone());
        }
        out
    };
    if rng.chance(0.4) && all.len() > 8 {
        let half = all.len() / 2;
        let mut a = run(rng, target / 2, 0, half / 2 + 1);
        let b = run(rng, target - target / 2, half, all.len() - 2);
        a.retain(|s| !b.contains(s));
        a.extend(b);
        a
    } else {
        run(rng, target, 0, all.len().saturating_sub(4).max(1))
    }
}

/// Replaces up to `n` words or phrases of `s` that have a synonym, chosen
/// at random among those present.  Returns how many it replaced.
fn swap_words(s: &mut String, n: usize, rng: &mut Rng) -> usize {
    let mut done = 0;
    for _ in 0..n {
        let lower = s.to_lowercase();
        let found: Vec<(usize, &str, &str)> = SYNONYMS
            .iter()
            .filter_map(|&(from, to)| whole_word(&lower, from).map(|at| (at, from, to)))
            .collect();
        if found.is_empty() {
            break;
        }
        let &(at, from, to) = rng.pick(&found);
        let capital = s[at..].starts_with(|c: char| c.is_uppercase());
        let mut to = to.to_string();
        if capital {
            to = capitalize(&to);
        }
        s.replace_range(at..at + from.len(), &to);
        done += 1;
    }
    done
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Byte offset of the first whole-word occurrence of `w` in `s`.
fn whole_word(s: &str, w: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = s[from..].find(w) {
        let at = from + k;
        let before = s[..at].chars().next_back();
        let after = s[at + w.len()..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if edge(before) && edge(after) {
            return Some(at);
        }
        from = at + w.len();
    }
    None
}

/// A light revision: about one synonym a sentence, one sentence in six
/// left out, and now and then two neighbours swapped.
fn light(s: &mut Vec<String>, rng: &mut Rng) {
    for x in s.iter_mut() {
        if rng.chance(0.75) {
            swap_words(x, 1, rng);
        }
    }
    if s.len() > 4 {
        let drops = s.len() / 6;
        for _ in 0..drops {
            if rng.chance(0.6) {
                let k = rng.below(s.len());
                s.remove(k);
            }
        }
    }
    if s.len() > 3 && rng.chance(0.4) {
        let k = rng.below(s.len() - 1);
        s.swap(k, k + 1);
    }
}

/// Rewords a sentence the way a paraphrasing writer does: adjectives
/// dropped or exchanged, adverbs exchanged, and a closing attribution
/// ("…, X said.") moved to the front ("X said that ….").
fn reword(x: &mut String, rng: &mut Rng) {
    let v = vocab();
    let mut out: Vec<String> = Vec::new();
    for w in x.split(' ') {
        let bare = w.trim_end_matches([',', '.', ';', '”']);
        if v.adjectives.contains(&bare) && bare.len() == w.len() {
            match rng.below(3) {
                0 => continue,
                1 => {
                    out.push(rng.pick(&v.adjectives).to_string());
                    continue;
                }
                _ => {}
            }
        } else if v.adverbs.contains(&bare) && rng.chance(0.7) {
            let tail = &w[bare.len()..];
            out.push(format!("{}{tail}", rng.pick(&v.adverbs)));
            continue;
        }
        out.push(w.to_string());
    }
    *x = out.join(" ");
    for verb in [" said.", " stated.", " added.", " told reporters."] {
        if let Some(body) = x.strip_suffix(verb) {
            if let Some(k) = body.rfind(", ") {
                let (claim, who) = (&body[..k], &body[k + 2..]);
                if !claim.contains('“') && !who.contains(',') && rng.chance(0.7) {
                    let who = capitalize(who);
                    *x = format!(
                        "{who}{} that {}.",
                        &verb[..verb.len() - 1],
                        lower_first(claim)
                    );
                }
            }
            break;
        }
    }
}

/// A heavy revision: each sentence reworded ([`reword`]) with two to four
/// synonyms, clauses dropped, sentences merged and split, the order
/// shuffled in places, a sentence in four dropped, and asides of the
/// writer's own.
fn heavy(s: &mut Vec<String>, rng: &mut Rng) {
    for x in s.iter_mut() {
        reword(x, rng);
        let n = rng.range(2, 4);
        swap_words(x, n, rng);
        // Drop a trailing clause: "…, X said." → "…."
        if rng.chance(0.3) {
            if let Some(k) = x.rfind(", ") {
                if k > x.len() / 2 {
                    x.truncate(k);
                    x.push('.');
                }
            }
        }
    }
    // Merge neighbours.
    let mut k = 0;
    while k + 1 < s.len() {
        if rng.chance(0.25) {
            let b = s.remove(k + 1);
            let a = &mut s[k];
            if a.ends_with('.') {
                a.pop();
            }
            let b = lower_first(&b);
            a.push_str(if rng.chance(0.5) { ", and " } else { "; " });
            a.push_str(&b);
        }
        k += 1;
    }
    // Split at a ", and" or ", but".
    for x in s.iter_mut() {
        for joint in [", and ", ", but "] {
            if let Some(k) = x.find(joint) {
                if rng.chance(0.5) {
                    let rest = capitalize(&x[k + joint.len()..]);
                    let head = x[..k].to_string();
                    *x = format!("{head}. {rest}");
                }
                break;
            }
        }
    }
    let drops = s.len() / 4;
    for _ in 0..drops {
        if s.len() > 3 {
            let k = rng.below(s.len());
            s.remove(k);
        }
    }
    // Reorder: move a few sentences elsewhere.
    for _ in 0..rng.range(1, 3) {
        if s.len() > 2 {
            let from = rng.below(s.len());
            let x = s.remove(from);
            let to = rng.below(s.len() + 1);
            s.insert(to, x);
        }
    }
    for _ in 0..rng.range(1, 3) {
        let at = rng.below(s.len() + 1);
        s.insert(at, rng.pick(ASIDES).to_string());
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // Names and "I" keep their capital; the first word of most
        // sentences is a function word or a noun.
        Some(f) if s.starts_with("The ") || s.starts_with("A ") || s.starts_with("It ") => {
            f.to_lowercase().chain(c).collect()
        }
        Some(_) => s.to_string(),
        None => String::new(),
    }
}

/// Sentences as one paragraph, or two split near the middle.
fn layout(s: &[String], rng: &mut Rng) -> String {
    if s.len() > 5 && rng.chance(0.5) {
        let k = s.len() / 2 + rng.below(2);
        format!("{}\n\n{}", s[..k].join(" "), s[k..].join(" "))
    } else {
        s.join(" ")
    }
}

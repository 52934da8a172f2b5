//! English news prose from a small template grammar.
//!
//! An [`Event`] holds the facts (people, places, numbers, key phrases, one
//! short key quote).  Several independently written stories may share one
//! event — those are the topic-cluster hard negatives.  A [`Writer`] turns
//! an event into sentences; templates use `{SLOT}` for grammar symbols and
//! `[a|b|c]` for literal alternatives (which may contain slots).

use super::article::{Para, ParaKind};
use super::rng::Rng;
use super::vocab::{plural, third_person, vocab};
use super::world::{person, Person, World};

/// Facts of a news event, shared by every story written about it.
#[derive(Clone, Debug)]
pub struct Event {
    /// Topic index into the vocabulary's topic list.
    pub topic: usize,
    /// Country index into the world.
    pub country: usize,
    /// Main city.
    pub city: String,
    /// People involved; `people[0]` is the protagonist.
    pub people: Vec<Person>,
    /// Organisations involved.
    pub orgs: Vec<String>,
    /// Headline count, e.g. 1240.
    pub count: u64,
    /// What is counted ("people").
    pub count_noun: &'static str,
    /// Money amount, e.g. "$4.2 billion".
    pub money: String,
    /// A percentage, e.g. "3.4".
    pub pct: String,
    /// A year in the background.
    pub year: u32,
    /// Weekday of the event.
    pub weekday: usize,
    /// Month (0-based).
    pub month: usize,
    /// Day of month.
    pub day: u32,
    /// Core action, past tense verb phrase ("approved a new fuel subsidy").
    pub core: String,
    /// Core action in base form.
    pub core_base: String,
    /// Key phrases that every story about the event tends to use.
    pub key_phrases: Vec<String>,
    /// One short quote reproduced verbatim by many stories.
    pub key_quote: String,
    /// Shared fact clauses (past-tense verb phrases).
    pub facts: Vec<String>,
}

fn a_an(word: &str) -> &'static str {
    match word.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o' | b'A' | b'E' | b'I' | b'O') => "an",
        Some(b'u' | b'U') if !word.starts_with("uni") && !word.starts_with("us") => "an",
        _ => "a",
    }
}

fn fmt_count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Random count with a heavy-tailed magnitude, formatted with commas.
pub fn rand_count(rng: &mut Rng) -> u64 {
    let mag = [10u64, 100, 1_000, 10_000, 100_000][rng.weighted(&[2, 4, 4, 2, 1])];
    mag + rng.below(mag as usize * 9) as u64
}

fn rand_money(rng: &mut Rng, currency: &str) -> String {
    let whole = rng.range(1, 950);
    let unit = *rng.pick(&["million", "billion", "million", "million"]);
    let amount = if whole < 20 && rng.chance(0.6) {
        format!("{}.{}", whole, rng.below(10))
    } else {
        whole.to_string()
    };
    if rng.chance(0.6) {
        format!("${amount} {unit}")
    } else {
        format!("{amount} {unit} {}", plural(currency))
    }
}

fn rand_pct(rng: &mut Rng) -> String {
    if rng.chance(0.3) {
        rng.range(2, 60).to_string()
    } else {
        format!("{}.{}", rng.range(0, 19), rng.below(10))
    }
}

fn topic_noun(rng: &mut Rng, topic: usize) -> &'static str {
    let v = vocab();
    if rng.chance(0.55) {
        rng.pick(&v.topics[topic].nouns)
    } else {
        rng.pick(&v.nouns)
    }
}

impl Event {
    /// Generates the facts of event `id` for a given world.
    pub fn new(world: &World, seed: u64, id: u64, topic_hint: Option<usize>) -> Event {
        let v = vocab();
        let mut rng = Rng::derive(&[seed, 0xE7E7, id]);
        let topic = topic_hint.unwrap_or_else(|| rng.below(v.topics.len()));
        let tw = &v.topics[topic];
        let mut country = rng.below(world.countries.len());
        let mut people = Vec::new();
        if rng.chance(0.45) {
            let (p, c) = rng.pick(&world.figures).clone();
            country = c;
            people.push(p);
        } else {
            people.push(person(&mut rng, &tw.roles));
        }
        let c = &world.countries[country];
        let n_people = rng.range(2, 4);
        while people.len() < n_people {
            if rng.chance(0.2) {
                people.push(rng.pick(&world.figures).0.clone());
            } else {
                people.push(person(&mut rng, &tw.roles));
            }
        }
        let city = if rng.chance(0.4) {
            c.cities[0].clone()
        } else {
            rng.pick(&c.cities).clone()
        };
        let mut orgs = Vec::new();
        for _ in 0..rng.range(2, 3) {
            let o = match rng.below(3) {
                0 => rng.pick(&world.companies).clone(),
                1 => format!("the {} {}", c.demonym, rng.pick(&v.org_kinds)),
                _ => format!("the {}", rng.pick(&v.parties)),
            };
            orgs.push(o);
        }
        let kp_head = topic_noun(&mut rng, topic).replace('_', " ");
        let kp_mod = rng.pick(&tw.nouns).replace('_', " ");
        let adj = *rng.pick(&v.adjectives);
        let core_noun = format!("{kp_mod} {kp_head}");
        let (vb, vp) = rng.pick(&v.verbs_t).clone();
        let obj = format!("{} {} {}", a_an(adj), adj, core_noun);
        let mut ev = Event {
            topic,
            country,
            city,
            people,
            orgs,
            count: rand_count(&mut rng),
            count_noun: rng.pick(&tw.count_nouns),
            money: rand_money(&mut rng, &c.currency),
            pct: rand_pct(&mut rng),
            year: 1995 + rng.below(30) as u32,
            weekday: rng.below(7),
            month: rng.below(12),
            day: 1 + rng.below(28) as u32,
            core: format!("{vp} {obj}"),
            core_base: format!("{vb} {obj}"),
            key_phrases: vec![core_noun],
            key_quote: String::new(),
            facts: Vec::new(),
        };
        ev.key_phrases.push(format!(
            "{} {}",
            c.demonym,
            topic_noun(&mut rng, topic).replace('_', " ")
        ));
        ev.key_phrases.push(format!(
            "{} {}",
            rng.pick(&v.adjectives),
            topic_noun(&mut rng, topic).replace('_', " ")
        ));
        let (key_quote, facts) = {
            let mut w = Writer::new(world, &ev, rng);
            let kq = w.render_quote_short();
            let mut facts = Vec::new();
            for _ in 0..3 {
                let t = *w.rng.pick(FACT_TEMPLATES);
                let mut f = w.render(t);
                tidy(&mut f);
                facts.push(f);
            }
            (kq, facts)
        };
        ev.key_quote = key_quote;
        ev.facts = facts;
        ev
    }
}

const FACT_TEMPLATES: &[&str] = &[
    "{VT} {CNT} {PP}",
    "{VT} {NP} worth {MONEY}",
    "[faced|has faced] {NUMW} {NS} [over|linked to] {NP} since {YEAR}",
    "{VT} {NP} in {YEAR}",
    "[first|initially] {VT} {NP} in {CITY}",
    "[was|had been] {VT} by {NP} in {MONTH} {YEAR}",
];

/// Lead sentence templates.
const LEDE: &[&str] = &[
    "{P0} {CORE} {TIME}, [saying|arguing|warning] that {CLF}.",
    "{GOV} {CORE} {TIME} [after|following] {NP} in {CITY}, {SRC}.",
    "{P0} {CORE} {TIME} in a move [seen as|widely viewed as|that analysts described as] {A_ADJ} {N} for {ORG}.",
    "{ORG} {CORE} {TIME}, [a day|two days|a week|hours] after {P1} {VT} {NP}.",
    "[At least|More than|Nearly|Some] {CNT} [were affected|were involved|took part|were reported] as {P0} {CORE} in {CITY} {TIME}.",
    "In {A_ADJ} [move|step|decision|development], {P0} {CORE} {TIME}, {SRC}.",
    "{P0} {CORE} {TIME} [amid|despite] {NPS} over {NP} in {COUNTRY}.",
    "{GOV} {CORE} {TIME}, [ending|capping|marking] {A_ADJ} [dispute|standoff|debate|row] over {NP}.",
];

const DETAIL: &[&str] = &[
    "The {N} [will|would] {VB} {NP} and {VB} {NP}, {SRC}.",
    "Under the [plan|proposal|agreement|measure|deal], {ORG} [will|would] {VB} {NP} [over the next|within] {NUMW} [years|months].",
    "{SRCC}, {NP} [has|had] {VT} {NPS} {PP}.",
    "The [decision|move|announcement|step] [comes|came] [amid|after] {NPS} {PP}.",
    "{PX} [also|earlier] {FACT}, {SRC}.",
    "{ORG} {FACT}.",
    "It [was|is] not immediately clear whether {NP} would {VB} {NP}.",
    "{PX} {VT} {NP} {PP}, [according to|citing] {NP}.",
    "{NP} {VI} {ADV} {PP} [after|as] {NP} {VT} {NP}.",
    "The {KP} [is|was] expected to {VB} {NP} {PP}.",
    "Officials [in|from] {CITY} [said|confirmed] {NP} [had been|was] {VT} {PP}.",
    "[The|That] {KP} [follows|followed] {NPS} by {ORG} to {VB} {NP}.",
    "{PX} said the {KP} [would|could] {VB} {NP} [and|but] [warned|cautioned] that {NP} [may|might] {VIB} {ADV}.",
    "{ORG} [said|confirmed|announced] {TIME} that it {FACT}.",
];

const NUMBERS: &[&str] = &[
    "[About|Some|More than|Nearly|Around] {CNT} [were|had been] {VT} {PP}, {SRC}.",
    "The {N} [rose|fell|climbed|dropped|grew] {RPCT} [in|during] [{YEAR}|the first quarter|the past year|the previous month], [to|reaching] {RMONEY}, {SRC}.",
    "{ORG} [said|estimated] the {N} would cost {MONEY} [over|across] {NUMW} years.",
    "The {KP} [involves|covers|affects] {CNT} [across|in] {NUMW} [provinces|regions|districts], {SRC}.",
    "That [compares with|is up from|is down from] {RNUM} {NS} in {YEAR}.",
    "{PCTW} of [respondents|residents|voters|firms|households] [surveyed|polled] by {ORG} said {CL}.",
    "[Figures|Data|Estimates] [released|published] by {INST} {TIME} showed {NP} {VI} {RPCT} to {RMONEY}.",
    "The [figure|total|number] [was|is] [roughly|about|nearly] {NUMW} times [higher|lower] than in {YEAR}, when {CL}.",
];

const QUOTE: &[&str] = &[
    "“{Q},” {PX} {SAY}.",
    "“{Q}. {Q},” {PX} {SAY}.",
    "“{Q},” said {PXFULL}.",
    "“{Q},” {PX} [wrote|said] on social media.",
    "{PX} [described|called] {NP} “{QSHORT}.”",
    "Speaking to reporters in {CITY}, {PX} said: “{Q}.”",
    "“{Q},” {PX} {SAY}, adding that {CL}.",
    "{PX} {SAY} that {CL}. “{Q},” [the official|the {ROLEX}] added.",
];

const BACKGROUND: &[&str] = &[
    "{COUNTRY} has [long|repeatedly|for years] {VT} {NPS}, and {NP} {VT} {NP} in {YEAR}.",
    "The {N} [dates back to|began in|was first proposed in] {YEAR}, when {CL}.",
    "Since {YEAR}, {ORG} has {VT} [more than|at least] {RNUM} {NS} {PP}.",
    "{P1}, who [took office|was appointed|came to power] in {YEAR}, has {VT} {NPS} [before|in the past].",
    "[Last year|In {YEAR}|Two years ago], {NP} {VT} {NP} [after|amid] {NPS}.",
    "[Critics|Supporters|Opponents] [say|argue|have argued] that {NP} [will|could|would] {VB} {NP}.",
    "The {KP} has been {ADV} {VT} by {NPS} [since|because of] {NP}.",
    "{PX} {FACT}, [a step|a decision|a move] that {VT} {NP} {PP}.",
];

const REACTION: &[&str] = &[
    "{ORG} [welcomed|criticised|rejected|condemned] the [move|decision|plan|ruling], [saying|arguing] it [would|could] {VB} {NP}.",
    "[Opposition lawmakers|Rights groups|Business leaders|Residents|Analysts|Trade unions] [said|warned|argued] that {CLF}.",
    "In {C2}, officials said they would {VB} {NP} [in response|as a result].",
    "Shares of {CO} {VI} {RPCT} [in early trading|on the news|after the announcement].",
    "There was no immediate comment from {ORG}.",
    "A spokesperson for {ORG} [declined to comment|did not respond to a request for comment].",
    "{PX} [dismissed|rejected|welcomed] the [criticism|report|claims|findings] as {A_ADJ} {N}.",
];

const CONTEXT: &[&str] = &[
    "The [move|decision] [comes|came] as {NP} [faces|faced] {NPS} over {NP}.",
    "{COUNTRY} is [one of the|among the] [largest|biggest|most important] {NS} in the region, accounting for {RPCT} of {NP}.",
    "[Analysts|Economists|Experts|Observers] [say|said] {NP} [could|may|is likely to] {VB} {NP} {TIME}.",
    "The {KP} [has become|had become|is seen as] {A_ADJ} [issue|test|symbol] for {P0} ahead of {NP}.",
    "[Meanwhile|Separately|Elsewhere], {ORG} {VT} {NP} {PP}.",
    "{NP} [remains|remained] {ADJ} [after|despite] {NPS} {TIME}.",
];

const OUTLOOK: &[&str] = &[
    "{ORG} is expected to {VB} {NP} [next month|in the coming weeks|by the end of the year|later this week].",
    "{P0} is [due|scheduled|set] to {VB} {NP} [in {CITY}|on {DAY}|next week].",
    "[Talks|Further talks|A final decision|A vote|A hearing] [is|was] expected [next month|in the coming weeks|before the end of the year].",
    "The {N} will [take effect|come into force|be reviewed] on {MONTH} {DAYN}.",
    "It was not clear when {NP} would {VB} {NP}.",
];

const SUBHEAD: &[&str] = &[
    "{KPC} [under scrutiny|questioned|at risk|in focus]",
    "‘{QSHORT}’",
    "{SUR0} {VTS} {NHL}",
    "[What happens next|Background|Reaction|The numbers|A long dispute]",
    "{DEMC} {NHL} [in doubt|on hold|faces test]",
];

const QUOTES: &[&str] = &[
    "we [will|are going to|intend to|are ready to] {VB} {NP} {PP}",
    "this is {A_ADJ} [moment|step|day|decision] for {COUNTRY}",
    "there is no [question|doubt] that {NP} [will|must] {VB} {NP}",
    "I [think|believe] {NP} [must|should|will] {VB} {NP}",
    "our priority is to {VB} {NP}",
    "we have [made it clear|said from the start] that we will not {VB} {NP}",
    "the people of {COUNTRY} deserve {NP}",
    "nobody [expected|wanted] {NP} to {VIB} so [quickly|sharply|soon]",
    "we are [deeply concerned|very pleased|disappointed|encouraged] by {NP}",
    "it is too early to say whether {NP} will {VB} {NP}",
    "we [expect|hope] to {VB} {NP} [by {MONTH}|before the end of the year|soon]",
    "we [cannot|must not] {VB} {NP} without {NP}",
    "[the|this] {N} is not about {NP}, it is about {NP}",
    "[frankly|honestly|clearly], {NP} [has|have] [failed|let us down|worked]",
];

const QUOTES_SHORT: &[&str] = &[
    "this is {A_ADJ} [day|step|moment] for {COUNTRY}",
    "we will {VB} {NP}",
    "[it is|this is] {A_ADJ} {N}",
    "our tradition is {N}",
    "we will not {VB} {NP}",
    "{NP} [has|have] [failed|worked]",
];

const CLAUSES: &[&str] = &[
    "{NP} {VT} {NP}",
    "{NP} had {VT} {NP} {PP}",
    "{ORG} {VT} {NP}",
    "{NPS} {VI} {ADV}",
    "{PX} {VT} {NP} {PP}",
];

const CLAUSES_F: &[&str] = &[
    "{NP} would {VB} {NP}",
    "{NP} could {VB} {NP} {PP}",
    "{ORG} [would|might] {VB} {NP}",
    "{NPS} [would|could] {VIB} {ADV}",
];

const SRCS: &[&str] = &[
    "according to {ORG}",
    "according to a statement from {INST}",
    "officials said",
    "{ORG} said",
    "a spokesperson for {ORG} said",
    "{INST} said in a statement",
    "state media reported",
    "sources [familiar with the matter|close to the talks] said",
];

const PPS: &[&str] = &[
    "in {CITY}",
    "across the {N} sector",
    "for the first time since {YEAR}",
    "amid {NPS}",
    "despite {NP}",
    "under {NP}",
    "in the {ADJ} [north|south|east|west] of the country",
    "[earlier this year|last year|this month]",
    "[at|during] {NP}",
    "without {NP}",
    "with {NP}",
];

const SAYS: &[&str] = &[
    "said",
    "said",
    "told reporters",
    "said in a statement",
    "told a news conference",
    "said on {DAY}",
    "added",
    "told {OUTLETNAME}",
];

const HEADLINES: &[&str] = &[
    "{DEMC} {ROLE0} {VTS} {NHL}",
    "{SUR0} {VTS} {NHL} amid {NHL}",
    "{COUNTRY} to {VB} {NHL}",
    "‘{QSHORT}’: {SUR0} {VTS} {NHL}",
    "{COUNTRY}’s {N} {VIS} as {NS} {VIB}",
    "{SUR0} {VTS} {KP} in {CITY}",
    "{ORGH} {VTS} {KP}",
    "{KPC}: {SUR0} {VTS} {NHL}",
    "{CNTH} {NS} {VI} as {KP} {VIS}",
    "{DEMC} {KP} [sparks|draws|faces] {NHL}",
];

/// Stateful sentence writer for one story.
pub struct Writer<'a> {
    /// The story's random stream.
    pub rng: Rng,
    world: &'a World,
    ev: &'a Event,
    mentioned: [bool; 8],
    /// Name used in "told {OUTLETNAME}" phrases.
    pub outlet_name: &'static str,
}

fn capitalize_first(s: &mut String) {
    if let Some((i, ch)) = s.char_indices().find(|(_, c)| c.is_alphanumeric()) {
        if ch.is_lowercase() {
            let up: String = ch.to_uppercase().collect();
            s.replace_range(i..i + ch.len_utf8(), &up);
        }
    }
}

fn title_case(s: &str) -> String {
    const SMALL: &[&str] = &[
        "a", "an", "the", "of", "in", "on", "to", "for", "as", "and", "at", "by", "amid", "with",
    ];
    let mut out = String::with_capacity(s.len());
    for (i, w) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if i > 0 && SMALL.contains(&w) {
            out.push_str(w);
        } else {
            let mut t = w.to_string();
            capitalize_first(&mut t);
            out.push_str(&t);
        }
    }
    out
}

/// Removes punctuation artefacts left by optional slots.
pub fn tidy(s: &mut String) {
    for (a, b) in [
        (",.", "."),
        (",,", ","),
        (", ,", ","),
        ("  ", " "),
        (" ,", ","),
        (" .", "."),
        (",”.", ".”"),
        (",:", ":"),
    ] {
        while s.contains(a) {
            *s = s.replace(a, b);
        }
    }
}

impl<'a> Writer<'a> {
    /// A writer over `ev` using `rng`.
    pub fn new(world: &'a World, ev: &'a Event, rng: Rng) -> Self {
        Writer {
            rng,
            world,
            ev,
            mentioned: [false; 8],
            outlet_name: "reporters",
        }
    }

    fn person_ref(&mut self, i: usize, out: &mut String, full: bool) {
        let i = i % self.ev.people.len();
        let p = &self.ev.people[i];
        if self.mentioned[i] && !full {
            out.push_str(&p.last);
            return;
        }
        self.mentioned[i] = true;
        if p.role.starts_with(|c: char| c.is_uppercase()) && !full {
            out.push_str(&p.role);
            out.push(' ');
            out.push_str(&p.first);
            out.push(' ');
            out.push_str(&p.last);
        } else {
            out.push_str(&p.first);
            out.push(' ');
            out.push_str(&p.last);
            out.push_str(", ");
            out.push_str(a_an(&p.role));
            out.push(' ');
            out.push_str(&p.role.to_lowercase());
            if self.rng.chance(0.5) {
                out.push_str(" at ");
                let o = self.ev.orgs[self.rng.below(self.ev.orgs.len())].clone();
                out.push_str(o.trim_start_matches("the "));
            }
            out.push(',');
        }
    }

    fn noun(&mut self) -> String {
        topic_noun(&mut self.rng, self.ev.topic).replace('_', " ")
    }

    fn np(&mut self, out: &mut String) {
        let v = vocab();
        let r = self.rng.below(100);
        if r < 10 {
            out.push_str("the ");
            let k = self.rng.below(self.ev.key_phrases.len());
            out.push_str(&self.ev.key_phrases[k]);
            return;
        }
        let n = self.noun();
        match r {
            10..=39 => {
                out.push_str("the ");
                out.push_str(&n);
            }
            40..=59 => {
                let adj = *self.rng.pick(&v.adjectives);
                out.push_str(a_an(adj));
                out.push(' ');
                out.push_str(adj);
                out.push(' ');
                out.push_str(&n);
            }
            60..=74 => {
                let adj = *self.rng.pick(&v.adjectives);
                out.push_str("the ");
                out.push_str(adj);
                out.push(' ');
                out.push_str(&n);
            }
            75..=84 => {
                let m = self.noun();
                out.push_str("the ");
                out.push_str(&m);
                out.push(' ');
                out.push_str(&n);
            }
            85..=92 => {
                out.push_str("the ");
                out.push_str(&n);
                out.push_str(" of ");
                let adj = *self.rng.pick(&v.adjectives);
                let m = self.noun();
                out.push_str(&plural(&format!("{adj} {m}")));
            }
            _ => {
                let c = &self.world.countries[self.ev.country];
                out.push_str(&c.name);
                out.push_str("’s ");
                out.push_str(&n);
            }
        }
    }

    fn nps(&mut self, out: &mut String) {
        let v = vocab();
        if self.rng.chance(0.5) {
            out.push_str(self.rng.pick(&v.adjectives));
            out.push(' ');
        }
        let n = self.noun();
        out.push_str(&plural(&n));
    }

    fn slot(&mut self, name: &str, out: &mut String) {
        let v = vocab();
        let c = &self.world.countries[self.ev.country];
        match name {
            "P0" => self.person_ref(0, out, false),
            "P1" => self.person_ref(1, out, false),
            "PX" => {
                let i = self.rng.below(self.ev.people.len());
                self.person_ref(i, out, false)
            }
            "PXFULL" => {
                let i = self.rng.below(self.ev.people.len());
                let p = &self.ev.people[i];
                self.mentioned[i] = true;
                out.push_str(&p.first);
                out.push(' ');
                out.push_str(&p.last);
                out.push_str(", ");
                out.push_str(a_an(&p.role));
                out.push(' ');
                out.push_str(&p.role.to_lowercase());
            }
            "SUR0" => out.push_str(&self.ev.people[0].last),
            "ROLE0" => out.push_str(&title_case(&self.ev.people[0].role)),
            "ROLEX" => {
                let i = self.rng.below(self.ev.people.len());
                out.push_str(&self.ev.people[i].role.to_lowercase());
            }
            "ORG" => {
                let o = self.rng.pick(&self.ev.orgs).clone();
                out.push_str(&o);
            }
            "ORGH" => {
                let o = self.ev.orgs[0].trim_start_matches("the ").to_string();
                out.push_str(&o);
            }
            "CO" => out.push_str(self.rng.pick(&self.world.companies)),
            "INST" => {
                out.push_str("the ");
                out.push_str(&c.demonym);
                out.push(' ');
                out.push_str(self.rng.pick(&v.org_kinds));
            }
            "GOV" => match self.rng.below(3) {
                0 => {
                    out.push_str("The ");
                    out.push_str(&c.demonym);
                    out.push_str(" government");
                }
                1 => {
                    out.push_str(&c.name);
                    out.push_str("’s government");
                }
                _ => {
                    out.push_str("Authorities in ");
                    out.push_str(&c.cities[0]);
                }
            },
            "CITY" => out.push_str(&self.ev.city),
            "COUNTRY" => out.push_str(&c.name),
            "DEMC" => out.push_str(&c.demonym),
            "C2" => {
                let o = self.rng.pick(&self.world.countries);
                out.push_str(&o.name);
            }
            "N" => {
                let n = self.noun();
                out.push_str(&n);
            }
            "NHL" => {
                if self.rng.chance(0.4) {
                    out.push_str(self.rng.pick(&v.adjectives));
                    out.push(' ');
                }
                let n = self.noun();
                out.push_str(&n);
            }
            "NS" => {
                let n = self.noun();
                out.push_str(&plural(&n));
            }
            "NP" => self.np(out),
            "NPS" => self.nps(out),
            "ADJ" => out.push_str(self.rng.pick(&v.adjectives)),
            "A_ADJ" => {
                let adj = *self.rng.pick(&v.adjectives);
                out.push_str(a_an(adj));
                out.push(' ');
                out.push_str(adj);
            }
            "ADV" => out.push_str(self.rng.pick(&v.adverbs)),
            "VT" => out.push_str(&self.rng.pick(&v.verbs_t).1),
            "VB" => out.push_str(&self.rng.pick(&v.verbs_t).0),
            "VTS" => out.push_str(&third_person(&self.rng.pick(&v.verbs_t).0)),
            "VI" => out.push_str(&self.rng.pick(&v.verbs_i).1),
            "VIB" => out.push_str(&self.rng.pick(&v.verbs_i).0),
            "VIS" => out.push_str(&third_person(&self.rng.pick(&v.verbs_i).0)),
            "TIME" => {
                if self.rng.chance(0.5) {
                    out.push_str("on ");
                    out.push_str(v.weekdays[self.ev.weekday]);
                } else {
                    out.push_str(self.rng.pick(&v.times));
                }
            }
            "DAY" => out.push_str(v.weekdays[self.ev.weekday]),
            "MONTH" => out.push_str(v.months[self.ev.month]),
            "DAYN" => out.push_str(&(1 + self.rng.below(28)).to_string()),
            "YEAR" => {
                let y = if self.rng.chance(0.4) {
                    self.ev.year
                } else {
                    1990 + self.rng.below(35) as u32
                };
                out.push_str(&y.to_string());
            }
            "CNT" => {
                out.push_str(&fmt_count(self.ev.count));
                out.push(' ');
                out.push_str(self.ev.count_noun);
            }
            "CNTH" => out.push_str(&fmt_count(self.ev.count)),
            "RNUM" => {
                let n = rand_count(&mut self.rng);
                out.push_str(&fmt_count(n));
            }
            "NUMW" => out.push_str(self.rng.pick(&v.number_words)),
            "PCTW" => {
                out.push_str(&self.ev.pct);
                out.push_str(" percent");
            }
            "RPCT" => {
                let p = rand_pct(&mut self.rng);
                out.push_str(&p);
                out.push_str(" percent");
            }
            "MONEY" => out.push_str(&self.ev.money),
            "RMONEY" => {
                let m = rand_money(&mut self.rng, &c.currency);
                out.push_str(&m);
            }
            "KP" => {
                let k = self.rng.below(self.ev.key_phrases.len());
                out.push_str(&self.ev.key_phrases[k]);
            }
            "KPC" => {
                let k = self.rng.below(self.ev.key_phrases.len());
                let mut s = self.ev.key_phrases[k].clone();
                capitalize_first(&mut s);
                out.push_str(&s);
            }
            "FACT" => {
                let f = self.rng.pick(&self.ev.facts).clone();
                out.push_str(&f);
            }
            "CORE" => out.push_str(&self.ev.core),
            "SAY" => {
                let t = *self.rng.pick(SAYS);
                self.expand(t, out);
            }
            "OUTLETNAME" => out.push_str(self.outlet_name),
            "Q" => {
                let t = *self.rng.pick(QUOTES);
                let mut q = String::new();
                self.expand(t, &mut q);
                capitalize_first(&mut q);
                out.push_str(&q);
            }
            "QSHORT" => {
                let t = *self.rng.pick(QUOTES_SHORT);
                self.expand(t, out);
            }
            "CL" => {
                let t = *self.rng.pick(CLAUSES);
                self.expand(t, out);
            }
            "CLF" => {
                let t = *self.rng.pick(CLAUSES_F);
                self.expand(t, out);
            }
            "SRC" => {
                let t = *self.rng.pick(SRCS);
                self.expand(t, out);
            }
            "SRCC" => {
                let t = *self.rng.pick(&SRCS[..2]);
                let mut s = String::new();
                self.expand(t, &mut s);
                capitalize_first(&mut s);
                out.push_str(&s);
            }
            "PP" => {
                let t = *self.rng.pick(PPS);
                self.expand(t, out);
            }
            _ => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
    }

    /// Expands a template into `out`.
    pub fn expand(&mut self, tpl: &str, out: &mut String) {
        let b = tpl.as_bytes();
        let mut i = 0;
        let mut lit = 0;
        while i < b.len() {
            match b[i] {
                b'{' => {
                    out.push_str(&tpl[lit..i]);
                    let end = i + tpl[i..].find('}').expect("unclosed slot");
                    self.slot(&tpl[i + 1..end], out);
                    i = end + 1;
                    lit = i;
                }
                b'[' => {
                    out.push_str(&tpl[lit..i]);
                    // find matching ']' and split on top-level '|'
                    let mut depth = 0;
                    let mut j = i;
                    let mut bars = Vec::new();
                    while j < b.len() {
                        match b[j] {
                            b'[' => depth += 1,
                            b']' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            b'|' if depth == 1 => bars.push(j),
                            _ => {}
                        }
                        j += 1;
                    }
                    let k = self.rng.below(bars.len() + 1);
                    let start = if k == 0 { i + 1 } else { bars[k - 1] + 1 };
                    let stop = if k == bars.len() { j } else { bars[k] };
                    let opt = &tpl[start..stop];
                    self.expand(opt, out);
                    i = j + 1;
                    lit = i;
                }
                _ => i += 1,
            }
        }
        out.push_str(&tpl[lit..]);
    }

    /// Renders a template into a fresh string (no capitalisation).
    pub fn render(&mut self, tpl: &str) -> String {
        let mut s = String::new();
        self.expand(tpl, &mut s);
        s
    }

    fn sentence(&mut self, set: &[&str]) -> String {
        let t = *self.rng.pick(set);
        let mut s = String::with_capacity(160);
        self.expand(t, &mut s);
        tidy(&mut s);
        capitalize_first(&mut s);
        s
    }

    /// A short quote fragment (used for the event's key quote).
    pub fn render_quote_short(&mut self) -> String {
        let t = *self.rng.pick(QUOTES);
        let mut s = String::new();
        self.expand(t, &mut s);
        capitalize_first(&mut s);
        s
    }

    /// The story's lead sentence.
    pub fn lede(&mut self) -> String {
        self.sentence(LEDE)
    }

    /// A headline for the event.
    pub fn headline(&mut self) -> String {
        let mut h = self.sentence(HEADLINES);
        if let Some(stripped) = h.strip_suffix('.') {
            h = stripped.to_string();
        }
        h
    }
}

/// Word count of a string (whitespace-separated tokens).
pub fn word_count(s: &str) -> usize {
    s.split_ascii_whitespace().count()
}

/// Writes a whole article about `ev` with about `target_words` words.
///
/// `lede_rng` must be the same stream used for [`story_lede`] so the
/// article starts with the advertised lead sentence.
pub fn article(
    world: &World,
    ev: &Event,
    lede_rng: Rng,
    body_rng: Rng,
    target_words: usize,
    use_key_quote: bool,
) -> Vec<Para> {
    let mut w = Writer::new(world, ev, lede_rng);
    let lede = w.lede();
    w.rng = body_rng;
    let mut paras = Vec::new();
    let mut words = word_count(&lede);
    let mut first = lede;
    if target_words > 200 && w.rng.chance(0.35) {
        first.push(' ');
        first.push_str(&w.sentence(DETAIL));
    }
    paras.push(Para::new(first, ParaKind::Lede));
    let mut key_quote_at = if use_key_quote {
        Some(1 + w.rng.below(3.min(target_words / 60 + 1)))
    } else {
        None
    };
    let mut since_sub = 0;
    while words < target_words {
        let idx = paras.len();
        if key_quote_at == Some(idx) {
            let t = *w.rng.pick(&[
                "“{KQ},” {PX} {SAY}.",
                "{PX} {SAY}: “{KQ}.”",
                "“{KQ},” said {PXFULL}.",
            ]);
            let t = t.replace("{KQ}", &ev.key_quote);
            let mut s = String::new();
            w.expand(&t, &mut s);
            tidy(&mut s);
            capitalize_first(&mut s);
            words += word_count(&s);
            paras.push(Para::new(s, ParaKind::Quote));
            key_quote_at = None;
            continue;
        }
        if target_words > 900 && since_sub > 5 && w.rng.chance(0.3) {
            let mut s = w.sentence(SUBHEAD);
            if let Some(x) = s.strip_suffix('.') {
                s = x.to_string();
            }
            paras.push(Para::new(s, ParaKind::Sub));
            since_sub = 0;
            continue;
        }
        since_sub += 1;
        let role = if idx == 1 {
            0
        } else if idx == 2 {
            2
        } else {
            w.rng.weighted(&[24, 14, 26, 14, 10, 12])
        };
        let (set, kind) = match role {
            0 => (DETAIL, ParaKind::Body),
            1 => (NUMBERS, ParaKind::Body),
            2 => (QUOTE, ParaKind::Quote),
            3 => (BACKGROUND, ParaKind::Minor),
            4 => (REACTION, ParaKind::Minor),
            _ => (CONTEXT, ParaKind::Minor),
        };
        let n = if kind == ParaKind::Quote {
            1
        } else {
            w.rng.weighted(&[45, 40, 15]) + 1
        };
        let mut p = String::new();
        for k in 0..n {
            if k > 0 {
                p.push(' ');
            }
            let s = w.sentence(set);
            p.push_str(&s);
        }
        words += word_count(&p);
        paras.push(Para::new(p, kind));
    }
    if target_words > 120 {
        let s = w.sentence(OUTLOOK);
        paras.push(Para::new(s, ParaKind::Minor));
    }
    paras
}

/// The lead sentence alone (for teasers), identical to the article's.
pub fn story_lede(world: &World, ev: &Event, lede_rng: Rng) -> String {
    Writer::new(world, ev, lede_rng).lede()
}

/// A headline for a story about `ev`.
pub fn story_headline(world: &World, ev: &Event, rng: Rng) -> String {
    Writer::new(world, ev, rng).headline()
}

/// Re-cases a headline in title case.
pub fn headline_title_case(s: &str) -> String {
    title_case(s)
}

/// An outlet's own rewritten opening sentence for a story about `ev`.
pub fn intro_sentence(world: &World, ev: &Event, rng: Rng) -> String {
    let mut w = Writer::new(world, ev, rng);
    let mut s = w.sentence(LEDE);
    if w.rng.chance(0.5) {
        s.push(' ');
        s.push_str(&w.sentence(CONTEXT));
    }
    s
}

/// A fresh headline written by a copy editor (different wording).
pub fn rewrite_headline(world: &World, ev: &Event, rng: Rng) -> String {
    Writer::new(world, ev, rng).headline()
}

/// A brief of `sentences` sentences (one to three) about `ev`: the lead
/// sentence, then a detail and a figure or a reaction.  Three-sentence briefs
/// sometimes come as two paragraphs.
///
/// `lede_rng` must be the stream used for [`story_lede`], as for [`article`].
pub fn brief(
    world: &World,
    ev: &Event,
    lede_rng: Rng,
    body_rng: Rng,
    sentences: usize,
) -> Vec<Para> {
    let mut w = Writer::new(world, ev, lede_rng);
    let mut first = w.lede();
    w.rng = body_rng;
    let mut second = String::new();
    for k in 1..sentences.clamp(1, 3) {
        let set = match k {
            1 => DETAIL,
            _ if w.rng.chance(0.5) => NUMBERS,
            _ => REACTION,
        };
        let s = w.sentence(set);
        if k == 2 && w.rng.chance(0.4) {
            second = s;
        } else {
            first.push(' ');
            first.push_str(&s);
        }
    }
    let mut paras = vec![Para::new(first, ParaKind::Lede)];
    if !second.is_empty() {
        paras.push(Para::new(second, ParaKind::Body));
    }
    paras
}

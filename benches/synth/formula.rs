//! Formulaic recurring reports (markets, weather, football results,
//! currency fixings).  Every story of a family shares the same sentence
//! frames and names but has its own numbers: different stories that look
//! alike to shingle-based methods.

use super::article::{Para, ParaKind};
use super::english::tidy;
use super::rng::Rng;
use super::vocab::vocab;
use super::world::{surname, World};

/// Kinds of formula families.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormulaKind {
    /// Daily stock market close.
    Market,
    /// Daily weather forecast.
    Weather,
    /// Football match report.
    Football,
    /// Central-bank currency fixing.
    Fixing,
}

/// A family of recurring reports.
pub struct Family {
    /// Kind of report.
    pub kind: FormulaKind,
    country: usize,
    names: Vec<String>,
    frames: Vec<&'static str>,
}

const MARKET: &[&str] = &[
    "The {IDX} [closed higher|ended higher|closed lower|ended lower] on {DAY}, [rising|falling] {P} points, or {PCT} percent, to {V}.",
    "The broader {IDX2} [gained|lost] {PCT} percent to close at {V}, while the {IDX3} [added|shed] {PCT} percent.",
    "Turnover [rose|fell] to {BIG} billion {CUR} from {BIG} billion {CUR} in the previous session.",
    "[Gainers|Decliners] outnumbered [decliners|gainers] by {N} to {N} on the main board.",
    "Shares of {CO} [jumped|slumped|rose|fell] {PCT} percent after the company [reported|announced|forecast] {RES}.",
    "In the {SECTOR} sector, {CO} [rose|fell] {PCT} percent and {CO} [gained|lost] {PCT} percent.",
    "The {CUR} [strengthened|weakened] to {FX} per U.S. dollar from {FX} in the previous session.",
    "Brent crude [rose|fell] {PCT} percent to ${OIL} a barrel by {TIME} local time.",
    "Foreign investors were net [buyers|sellers] of {BIG} million {CUR} worth of shares, exchange data showed.",
];

const WEATHER: &[&str] = &[
    "{CITY} can expect {COND} on {DAY}, with a high of {T} degrees Celsius and a low of {T2}.",
    "The {NAT} Meteorological Department said {COND} would move across the [north|south|east|west] of the country by {DAY}.",
    "Winds of up to {N} kilometres per hour are expected along the coast near {CITY2}.",
    "Residents of {CITY2} and {CITY3} were advised to [stay indoors during the afternoon|avoid unnecessary travel|drink plenty of water|secure loose objects].",
    "Humidity will range between {N} and {H} percent, the department said.",
    "The outlook for the weekend is {COND}, with temperatures [rising|falling] to {T} degrees in {CITY}.",
    "[A yellow|An orange|A red] warning for [heavy rain|strong winds|high temperatures|dust storms] remains in place for {N} districts.",
];

const FOOTBALL: &[&str] = &[
    "{TEAM} [beat|defeated|edged|thrashed] {TEAM2} {S1}-{S2} in the {LEAGUE} on {DAY}.",
    "{PLAYER} opened the scoring in the {M}th minute before {PLAYER2} [doubled the lead|added a second|equalised] {N} minutes later.",
    "The result leaves {TEAM} {POS} in the table with {PTS} points from {GP} matches.",
    "{TEAM2}, who [won|lost|drew] their previous match against {TEAM3}, remain {POS} with {PTS} points.",
    "A crowd of {ATT} watched at the {STADIUM}.",
    "{TEAM} [host|travel to] {TEAM3} next {DAY}.",
    "{COACH}, the {TEAM} coach, said after the match that his side had [deserved the win|been lucky|played their best football of the season].",
];

const FIXING: &[&str] = &[
    "The central parity rate of the {CUR} against the U.S. dollar [rose|fell|strengthened|weakened] {N} pips to {FX} on {DAY}, according to the {NAT} Foreign Exchange Trading Centre.",
    "In {COUNTRY}’s spot foreign exchange market, the {CUR} is allowed to rise or fall by {BAND} percent from the central parity rate each trading day.",
    "The central parity rate of the {CUR} against the U.S. dollar is based on a weighted average of prices offered by market makers before the opening of the interbank market each business day.",
    "The {CUR} traded at {FX} against the euro and {FX} against the yen, the centre said.",
];

impl Family {
    /// Builds formula family `id`.
    pub fn new(world: &World, seed: u64, id: u64) -> Family {
        let v = vocab();
        let mut rng = Rng::derive(&[seed, 0xF0F0, id]);
        let kind = [
            FormulaKind::Market,
            FormulaKind::Weather,
            FormulaKind::Football,
            FormulaKind::Fixing,
        ][rng.weighted(&[4, 3, 4, 2])];
        let ci = rng.below(world.countries.len());
        let c = &world.countries[ci];
        let mut names = vec![c.name.clone(), c.demonym.clone(), c.currency.clone()];
        names.push(format!(
            "{} {}",
            c.cities[0],
            rng.pick(&["Composite", "All-Share", "Index", "50", "General"])
        ));
        names.push(format!(
            "{} {}",
            c.demonym,
            rng.pick(&["Small Cap index", "Blue Chip index", "Mid Cap index"])
        ));
        names.push(format!(
            "{} {}",
            rng.pick(&c.cities),
            rng.pick(&["Stadium", "Arena", "Park"])
        ));
        names.push(format!(
            "{} {}",
            c.demonym,
            rng.pick(&["Premier League", "Super League", "First Division"])
        ));
        for i in 0..8 {
            let _ = i;
            names.push(format!(
                "{} {}",
                rng.pick(&c.cities),
                rng.pick(&[
                    "United",
                    "City",
                    "Athletic",
                    "Rovers",
                    "FC",
                    "Wanderers",
                    "Stars"
                ])
            ));
        }
        for _ in 0..10 {
            names.push(format!(
                "{} {}",
                rng.pick(&v.first_names),
                surname(&mut rng)
            ));
        }
        let all = match kind {
            FormulaKind::Market => MARKET,
            FormulaKind::Weather => WEATHER,
            FormulaKind::Football => FOOTBALL,
            FormulaKind::Fixing => FIXING,
        };
        // A family uses a fixed subset of frames in a fixed order.
        let mut frames: Vec<&'static str> = Vec::new();
        for (i, f) in all.iter().enumerate() {
            if i == 0 || kind == FormulaKind::Fixing || rng.chance(0.75) {
                frames.push(f);
            }
        }
        Family {
            kind,
            country: ci,
            names,
            frames,
        }
    }

    fn slot(&self, world: &World, name: &str, rng: &mut Rng, out: &mut String) {
        let v = vocab();
        let country = &world.countries[self.country];
        match name {
            "COUNTRY" => out.push_str(&self.names[0]),
            "NAT" => out.push_str(&self.names[1]),
            "CUR" => out.push_str(&self.names[2]),
            "IDX" => out.push_str(&self.names[3]),
            "IDX2" | "IDX3" => out.push_str(&self.names[4]),
            "STADIUM" => out.push_str(&self.names[5]),
            "LEAGUE" => out.push_str(&self.names[6]),
            "TEAM" | "TEAM2" | "TEAM3" => out.push_str(&self.names[7 + rng.below(8)]),
            "PLAYER" | "PLAYER2" | "COACH" => out.push_str(&self.names[15 + rng.below(10)]),
            "CITY" => out.push_str(&country.cities[0]),
            "CITY2" | "CITY3" => out.push_str(rng.pick(&country.cities)),
            "CO" => out.push_str(rng.pick(&world.companies)),
            "DAY" => out.push_str(rng.pick(&v.weekdays)),
            "TIME" => out.push_str(&format!("{}:{:02} GMT", rng.range(6, 18), rng.below(60))),
            "P" => out.push_str(&format!("{}.{:02}", rng.range(1, 400), rng.below(100))),
            "PCT" => out.push_str(&format!("{}.{}", rng.range(0, 4), rng.below(10))),
            "V" => out.push_str(&format!(
                "{},{:03}.{:02}",
                rng.range(1, 40),
                rng.below(1000),
                rng.below(100)
            )),
            "BIG" => out.push_str(&format!("{}.{}", rng.range(1, 900), rng.below(10))),
            "FX" => out.push_str(&format!("{}.{:04}", rng.range(1, 150), rng.below(10000))),
            "OIL" => out.push_str(&format!("{}.{:02}", rng.range(55, 95), rng.below(100))),
            "N" => out.push_str(&rng.range(2, 300).to_string()),
            "H" => out.push_str(&rng.range(60, 99).to_string()),
            "T" => out.push_str(&rng.range(12, 46).to_string()),
            "T2" => out.push_str(&(rng.range(0, 30) as i64 - 5).to_string()),
            "BAND" => out.push('2'),
            "S1" => out.push_str(&rng.range(1, 5).to_string()),
            "S2" => out.push_str(&rng.range(0, 3).to_string()),
            "M" => out.push_str(&rng.range(4, 89).to_string()),
            "POS" => out.push_str(rng.pick(&[
                "top", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "bottom",
            ])),
            "PTS" => out.push_str(&rng.range(3, 70).to_string()),
            "GP" => out.push_str(&rng.range(3, 34).to_string()),
            "ATT" => out.push_str(&format!("{},{:03}", rng.range(2, 70), rng.below(1000))),
            "SECTOR" => out.push_str(rng.pick(&[
                "banking",
                "energy",
                "technology",
                "property",
                "telecoms",
                "mining",
                "consumer",
            ])),
            "RES" => out.push_str(rng.pick(&[
                "higher quarterly profit",
                "a drop in sales",
                "a share buyback",
                "weaker guidance",
                "a new chief executive",
                "record revenue",
            ])),
            "COND" => out.push_str(rng.pick(&[
                "sunny skies",
                "scattered showers",
                "heavy rain",
                "thunderstorms",
                "light drizzle",
                "strong winds",
                "dense fog",
                "clear skies",
                "overcast conditions",
                "dust storms",
            ])),
            _ => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
    }

    fn expand(&self, world: &World, tpl: &str, rng: &mut Rng, out: &mut String) {
        let mut rest = tpl;
        loop {
            let next = rest.find(['{', '[']);
            let Some(i) = next else {
                out.push_str(rest);
                return;
            };
            out.push_str(&rest[..i]);
            if rest.as_bytes()[i] == b'{' {
                let e = i + rest[i..].find('}').expect("slot");
                self.slot(world, &rest[i + 1..e], rng, out);
                rest = &rest[e + 1..];
            } else {
                let e = i + rest[i..].find(']').expect("alt");
                let opts: Vec<&str> = rest[i + 1..e].split('|').collect();
                let o = *rng.pick(&opts);
                self.expand(world, o, rng, out);
                rest = &rest[e + 1..];
            }
        }
    }

    /// Writes one report of the family.
    pub fn article(&self, world: &World, rng: &mut Rng) -> Vec<Para> {
        let mut paras = Vec::new();
        for (i, f) in self.frames.iter().enumerate() {
            let mut s = String::new();
            self.expand(world, f, rng, &mut s);
            tidy(&mut s);
            let kind = if i == 0 {
                ParaKind::Lede
            } else if i + 1 == self.frames.len() {
                ParaKind::Minor
            } else {
                ParaKind::Body
            };
            paras.push(Para::new(s, kind));
        }
        paras
    }

    /// A headline for one report.
    pub fn headline(&self, rng: &mut Rng) -> String {
        let n = &self.names;
        match self.kind {
            FormulaKind::Market => format!(
                "{} {} {} as {} {}",
                n[3],
                rng.pick(&["closes", "ends", "finishes"]),
                rng.pick(&["higher", "lower", "flat", "up", "down"]),
                rng.pick(&[
                    "banks",
                    "energy stocks",
                    "tech shares",
                    "exporters",
                    "miners"
                ]),
                rng.pick(&["rally", "slide", "weigh", "gain", "lead"])
            ),
            FormulaKind::Weather => format!(
                "{} weather: {} expected {}",
                n[0],
                rng.pick(&["rain", "heat", "storms", "sunshine", "fog", "strong winds"]),
                rng.pick(&[
                    "on Monday",
                    "on Tuesday",
                    "this weekend",
                    "on Thursday",
                    "tomorrow"
                ])
            ),
            FormulaKind::Football => format!(
                "{} {} {} {}-{}",
                n[7 + rng.below(8)],
                rng.pick(&["beat", "edge", "thrash", "hold"]),
                n[7 + rng.below(8)],
                rng.range(1, 5),
                rng.below(3)
            ),
            FormulaKind::Fixing => format!(
                "{} central parity rate {} {} pips against U.S. dollar",
                n[2],
                rng.pick(&["up", "down"]),
                rng.range(2, 300)
            ),
        }
    }
}

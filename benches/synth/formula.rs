//! Formulaic recurring reports.  Every story of a family shares the same
//! frames and names but has its own numbers: different stories that look
//! alike to shingle-based methods.
//!
//! Two shapes: [`Family`] writes short prose reports (markets, weather,
//! football, currency fixings) in sentence frames; [`Series`] writes the
//! terser wire items made mostly of figures, one line per row — company
//! results, price tables, market closes, league results, weather tables —
//! where one instance (a day, a round, a company) differs from the next in
//! its figures only, and often not in all of them: an illiquid price or a
//! city's temperature stays as it was, and a table prints the previous
//! close beside today's.

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

// ------------------------------------------------------------- wire items

/// Kinds of short formulaic wire items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WireKind {
    /// A company's quarterly results: per-share, net and revenue figures
    /// against a year earlier, with the year-to-date block after the first
    /// quarter.  One instance per company, all of one reporting season.
    Results,
    /// A daily table of metal or farm commodity prices.
    Prices,
    /// A stock market's close in figures.
    Close,
    /// A round of league football results, some with the standings.
    Scores,
    /// A daily table of city temperatures and conditions.
    Weather,
}

impl WireKind {
    /// All kinds, in the order of their names.
    pub const ALL: [WireKind; 5] = [
        WireKind::Results,
        WireKind::Prices,
        WireKind::Close,
        WireKind::Scores,
        WireKind::Weather,
    ];

    /// Short name (`results`, `prices`, `close`, `scores`, `weather`).
    pub fn name(self) -> &'static str {
        match self {
            WireKind::Results => "results",
            WireKind::Prices => "prices",
            WireKind::Close => "close",
            WireKind::Scores => "scores",
            WireKind::Weather => "weather",
        }
    }
}

/// One row of a price table: name, starting price (in hundredths), the
/// smallest move (in hundredths) and the chance (per mille) that the price
/// does not move on a given day: cobalt or rhodium quotes stay put for days.
type PriceRow = (&'static str, i64, i64, u32);

const BASE_METALS: &[PriceRow] = &[
    ("Copper cash", 841_250, 50, 40),
    ("Copper 3-month", 845_500, 50, 40),
    ("Aluminium cash", 229_800, 50, 60),
    ("Aluminium 3-month", 232_150, 50, 60),
    ("Zinc cash", 262_400, 50, 80),
    ("Zinc 3-month", 264_900, 50, 80),
    ("Nickel cash", 1_812_500, 500, 90),
    ("Lead cash", 209_700, 50, 120),
    ("Tin cash", 2_531_000, 500, 200),
    ("Aluminium alloy cash", 187_500, 500, 450),
    ("Cobalt cash", 3_300_000, 5_000, 850),
    ("Molybdenum cash", 4_050_000, 5_000, 850),
    ("Steel billet cash", 49_000, 100, 700),
];

const PRECIOUS: &[PriceRow] = &[
    ("Gold spot", 191_260, 5, 0),
    ("Gold fix", 191_045, 5, 100),
    ("Silver spot", 2_311, 1, 20),
    ("Silver fix", 2_298, 1, 100),
    ("Platinum", 95_400, 100, 150),
    ("Palladium", 131_200, 100, 150),
    ("Rhodium", 450_000, 5_000, 800),
    ("Iridium", 460_000, 5_000, 930),
    ("Ruthenium", 45_000, 1_000, 930),
];

const FARM: &[PriceRow] = &[
    ("Wheat", 62_025, 25, 30),
    ("Corn", 48_050, 25, 30),
    ("Soybeans", 135_075, 25, 30),
    ("Soymeal", 41_030, 10, 60),
    ("Soyoil", 5_842, 1, 60),
    ("Oats", 38_000, 25, 200),
    ("Rough rice", 1_652, 1, 300),
    ("Palm oil", 390_000, 100, 100),
    ("Cocoa", 320_000, 100, 80),
    ("Arabica coffee", 17_035, 5, 80),
    ("Raw sugar", 2_214, 1, 80),
    ("Cotton", 8_217, 1, 100),
    ("Rubber", 15_050, 50, 250),
];

const CONDITIONS: &[(&str, &str)] = &[
    ("sunny", "s"),
    ("fair", "fr"),
    ("partly cloudy", "pc"),
    ("cloudy", "c"),
    ("showers", "sh"),
    ("rain", "r"),
    ("thunderstorms", "t"),
    ("fog", "fg"),
    ("haze", "h"),
    ("windy", "w"),
    ("snow", "sn"),
];

const ORDINALS: [&str; 4] = ["1st", "2nd", "3rd", "4th"];
const ORDINAL_WORDS: [&str; 4] = ["first", "second", "third", "fourth"];
const SMALL_WORDS: [&str; 11] = [
    "nil", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// `value` in hundredths with thousands separators and two decimals
/// (`digits` = 0 prints whole units, 1 one decimal).
fn fmt_fixed(value: i64, digits: u32) -> String {
    let neg = value < 0;
    let v = value.unsigned_abs();
    let whole = v / 100;
    let frac = v % 100;
    let w = whole.to_string();
    let mut out = String::with_capacity(w.len() + 6);
    if neg {
        out.push('-');
    }
    for (i, ch) in w.chars().enumerate() {
        if i > 0 && (w.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match digits {
        0 => {}
        1 => out.push_str(&format!(".{}", frac / 10)),
        _ => out.push_str(&format!(".{frac:02}")),
    }
    out
}

/// An amount given in thousands, as wire results print it: "4.1 mln" from
/// a million up, "512,000" below.
fn fmt_thousands(k: i64) -> String {
    let k = k.abs();
    if k >= 1_000 {
        // Tenths of a million, rounded.
        format!("{} mln", fmt_fixed((k + 50) / 100 * 10, 1))
    } else {
        fmt_fixed(k * 1_000 * 100, 0)
    }
}

/// Cents per share: "20 cts", "1.34 dlrs".
fn fmt_cents(c: i64) -> String {
    let c = c.abs();
    if c >= 100 {
        format!("{} dlrs", fmt_fixed(c, 2))
    } else {
        format!("{c} cts")
    }
}

/// A move in hundredths: "+12.50", "-3.00", "unch".
fn fmt_change(d: i64, digits: u32) -> String {
    match d {
        0 => "unch".to_string(),
        d if d > 0 => format!("+{}", fmt_fixed(d, digits)),
        d => fmt_fixed(d, digits),
    }
}

/// Year, month, day and weekday name of a day number.
fn date_of(days: i64) -> (i64, usize, u32, &'static str) {
    let (y, m, d) = super::civil_from_days(days);
    (
        y,
        (m - 1) as usize,
        d,
        super::WEEKDAYS[days.rem_euclid(7) as usize],
    )
}

/// A recurring wire item: one format, many instances (days, rounds or
/// companies), each of them a different story.
pub struct Series {
    /// Kind of item.
    pub kind: WireKind,
    seed: u64,
    id: u64,
    /// Day of instance 0 (days since 1970-01-01).
    start: i64,
    /// The exchange, index, league or country the series reports on.
    title: String,
    /// A second name: the exchange of an index, the ticker suffix of a market.
    title2: String,
    /// Unit line of a price table.
    unit: &'static str,
    country: usize,
    /// Row names: commodities, cities, teams, most-active companies.
    rows: Vec<String>,
    /// Starting level of each row (hundredths; whole degrees for weather).
    level: Vec<i64>,
    /// Smallest move of each row (hundredths), or a city's day–night spread.
    tick: Vec<i64>,
    /// Chance per mille that a row's figure stays as it was.
    stick: Vec<u32>,
    /// Line layout.
    fmt: u8,
    /// Optional lines the series prints (a bit set, kind-specific).
    lines: u32,
    /// Results: the quarter reported (0–3) and its year.
    quarter: usize,
    year: i64,
    /// Results: instance `i` is company `(first + i * stride) % companies`.
    first: usize,
    stride: usize,
}

impl Series {
    /// Builds series `id` of the given kind.
    pub fn new(world: &World, seed: u64, id: u64, kind: WireKind) -> Series {
        let mut rng = Rng::derive(&[seed, 0x5E41, id]);
        let ci = rng.below(world.countries.len());
        let c = &world.countries[ci];
        let mut s = Series {
            kind,
            seed,
            id,
            start: 0,
            title: String::new(),
            title2: String::new(),
            unit: "",
            country: ci,
            rows: Vec::new(),
            level: Vec::new(),
            tick: Vec::new(),
            stick: Vec::new(),
            fmt: rng.below(3) as u8,
            lines: rng.next_u64() as u32,
            quarter: 0,
            year: 0,
            first: 0,
            stride: 1,
        };
        // Instances are days from a Monday in 2023 or 2024 (2023-01-02 is day 19_359).
        let monday = 19_359 + 7 * rng.below(90) as i64;
        match kind {
            WireKind::Results => {
                s.quarter = rng.below(4);
                s.year = 2023 + rng.below(2) as i64;
                // Reports come out in the weeks after the quarter ends.
                let q_end = [19_447, 19_538, 19_630, 19_722][s.quarter] + 365 * (s.year - 2023);
                s.start = q_end + 20 + rng.below(15) as i64;
                s.title = format!("{} Stock Exchange", c.cities[0]);
                let up: String = c.name.chars().take(2).collect::<String>().to_uppercase();
                s.title2 = up;
                s.first = rng.below(world.companies.len());
                s.stride = *rng.pick(&[3usize, 7, 11, 13, 17, 19, 23, 29, 31, 37]);
            }
            WireKind::Prices => {
                s.start = monday;
                let (table, titles, unit): (&[PriceRow], [&str; 2], &'static str) =
                    match rng.below(3) {
                        0 => (
                            BASE_METALS,
                            ["{C} Metal Exchange", "{D} Metals Market"],
                            "dlrs per tonne",
                        ),
                        1 => (
                            PRECIOUS,
                            ["{C} Bullion Market", "{D} Precious Metals Exchange"],
                            "dlrs per ounce",
                        ),
                        _ => (
                            FARM,
                            ["{C} Commodity Exchange", "{D} Grain and Produce Exchange"],
                            "settlement prices",
                        ),
                    };
                s.title = rng
                    .pick(&titles)
                    .replace("{C}", rng.pick(&c.cities))
                    .replace("{D}", &c.demonym);
                s.unit = unit;
                let want = rng.range(5, table.len().min(10));
                // Keep the table's order: a series prints a fixed list.
                let mut keep: Vec<usize> = (0..table.len()).collect();
                rng.shuffle(&mut keep);
                keep.truncate(want);
                keep.sort_unstable();
                for i in keep {
                    let (name, level, tick, stick) = table[i];
                    // Another market, another level: within about ±20%.
                    let level = level * (80 + rng.below(41) as i64) / 100;
                    s.rows.push(name.to_string());
                    s.level.push(level / tick * tick);
                    s.tick.push(tick);
                    s.stick.push(stick);
                }
            }
            WireKind::Close => {
                s.start = monday;
                let city = c.cities[0].clone();
                s.title = format!(
                    "{city} {}",
                    rng.pick(&["Composite", "All-Share", "General Index", "50", "Top 40"])
                );
                s.title2 = format!("{city} Stock Exchange");
                s.rows.push(s.title.clone());
                s.level.push(rng.range(900, 40_000) as i64 * 100);
                s.tick.push(1);
                s.stick.push(0);
                for _ in 0..10 {
                    let co = rng.pick(&world.companies).clone();
                    if s.rows.contains(&co) {
                        continue;
                    }
                    s.rows.push(co);
                    s.level.push(rng.range(50, 50_000) as i64);
                    s.tick.push(1);
                    s.stick.push(150);
                }
            }
            WireKind::Scores => {
                // Rounds are on Saturdays (2022-12-31 is day 19_357).
                s.start = 19_357 + 7 * rng.below(60) as i64;
                s.title = format!(
                    "{} {}",
                    c.demonym,
                    rng.pick(&[
                        "Premier League",
                        "Super League",
                        "First Division",
                        "Championship",
                        "Second Division"
                    ])
                );
                let n = 2 * rng.range(5, 10);
                let mut tries = 0;
                while s.rows.len() < n && tries < 200 {
                    tries += 1;
                    let t = format!(
                        "{} {}",
                        rng.pick(&world.countries[ci].cities),
                        rng.pick(&[
                            "United",
                            "City",
                            "Athletic",
                            "Rovers",
                            "FC",
                            "Wanderers",
                            "Stars",
                            "Sporting",
                            "Olympic",
                            "Dynamo",
                            "Rangers",
                            "Town",
                        ])
                    );
                    if !s.rows.contains(&t) {
                        s.rows.push(t);
                    }
                }
                if s.rows.len() % 2 == 1 {
                    s.rows.pop();
                }
            }
            WireKind::Weather => {
                s.start = 19_358 + rng.below(600) as i64;
                s.title = c.name.clone();
                s.title2 = c.demonym.clone();
                let mut cities: Vec<String> = c.cities.clone();
                while cities.len() < 10 + rng.below(8) {
                    let other = rng.pick(&world.countries);
                    if !cities.contains(&other.cities[0]) {
                        cities.push(other.cities[0].clone());
                    }
                }
                for city in cities {
                    s.rows.push(city);
                    s.level.push(rng.range(4, 38) as i64);
                    s.tick.push(rng.range(5, 14) as i64);
                    s.stick.push(rng.range(300, 600) as u32);
                }
            }
        }
        s
    }

    /// The day instance `i` reports on: business days for markets, weekly
    /// rounds for football, a handful of companies a day for results.
    pub fn day(&self, i: u32) -> i64 {
        let i = i64::from(i);
        match self.kind {
            WireKind::Prices | WireKind::Close => self.start + 7 * (i / 5) + i % 5,
            WireKind::Scores => self.start + 7 * i,
            WireKind::Weather => self.start + i,
            WireKind::Results => self.start + i / 6,
        }
    }

    /// A city for a dateline.
    pub fn city<'w>(&self, world: &'w World) -> &'w str {
        &world.countries[self.country].cities[0]
    }

    /// Row `r`'s figure on instance `i` and on the instance before: a walk
    /// that sometimes stands still.  Integer arithmetic only, so every
    /// platform gets the same figures.
    fn walk(&self, r: usize, i: u32) -> (i64, i64) {
        let mut rng = Rng::derive(&[self.seed, 0x5E42, self.id, r as u64]);
        let tick = self.tick[r].max(1);
        let mut v = self.level[r];
        let mut prev = v;
        for _ in 0..=i {
            prev = v;
            if rng.below(1000) < self.stick[r] as usize {
                continue;
            }
            // Daily moves of up to about 1.5%, in whole ticks.
            let m = (v * 15 / 1000 / tick).max(1);
            let mut d = rng.range(0, 2 * m as usize) as i64 - m;
            if d == 0 {
                d = if rng.chance(0.5) { 1 } else { -1 };
            }
            v = (v + d * tick).max(tick);
        }
        (v, prev)
    }

    /// A city's high, low and condition on instance `i`.
    fn weather(&self, r: usize, i: u32) -> (i64, i64, usize) {
        let mut rng = Rng::derive(&[self.seed, 0x5E44, self.id, r as u64]);
        let base = self.level[r];
        let (mut hi, mut spread) = (base, self.tick[r]);
        let mut cond = rng.below(CONDITIONS.len() - 1);
        for _ in 0..=i {
            if rng.below(1000) >= self.stick[r] as usize {
                hi = (hi + rng.range(0, 4) as i64 - 2).clamp(base - 8, base + 8);
            }
            if rng.chance(0.35) {
                spread = (spread + rng.range(0, 2) as i64 - 1).clamp(3, 16);
            }
            if rng.chance(0.3) {
                cond = rng.below(CONDITIONS.len());
            }
        }
        if cond == CONDITIONS.len() - 1 && hi > 6 {
            cond = 3; // no snow above six degrees: cloudy instead
        }
        (hi, hi - spread, cond)
    }

    /// The pairings of a league round and its home–away order.
    fn round(&self, i: u32) -> Vec<(usize, usize)> {
        let n = self.rows.len();
        let rounds = (n - 1) as u32;
        let r = (i % (2 * rounds)) as usize;
        let (half, r) = (r / rounds as usize, r % rounds as usize);
        // Circle method: team 0 stays, the others rotate.
        let mut ring: Vec<usize> = (1..n).collect();
        ring.rotate_left(r % (n - 1));
        let mut order = vec![0];
        order.extend(ring);
        (0..n / 2)
            .map(|k| {
                let (a, b) = (order[k], order[n - 1 - k]);
                if (half == 0) ^ (k % 2 == 1) {
                    (a, b)
                } else {
                    (b, a)
                }
            })
            .collect()
    }

    fn goals(&self, i: u32, m: usize) -> (usize, usize, usize, usize) {
        let mut rng = Rng::derive(&[self.seed, 0x5E45, self.id, u64::from(i), m as u64]);
        let w = [24, 34, 23, 11, 5, 2, 1];
        let (h, a) = (rng.weighted(&w), rng.weighted(&w[..6]));
        let (hh, ha) = (rng.range(0, h), rng.range(0, a));
        (h, a, hh, ha)
    }

    /// The text of instance `i`: a header line, one line per row, and
    /// sometimes a footer or note.
    pub fn article(&self, world: &World, i: u32) -> Vec<Para> {
        let mut lines: Vec<(String, ParaKind)> = Vec::new();
        let mut rng = Rng::derive(&[self.seed, 0x5E46, self.id, u64::from(i)]);
        let (_, m, d, wd) = date_of(self.day(i));
        let month = super::MONTHS_LONG[m];
        let mon = super::MONTHS_SHORT[m];
        let country = &world.countries[self.country];
        let row = |lines: &mut Vec<(String, ParaKind)>, s: String| lines.push((s, ParaKind::Body));
        match self.kind {
            WireKind::Results => self.results(world, i, &mut rng, &mut lines),
            WireKind::Prices => {
                let head = match self.fmt {
                    0 => format!(
                        "{} closing prices for {wd}, {month} {d} ({})",
                        self.title, self.unit
                    ),
                    1 => format!(
                        "{} - official prices at the close on {mon} {d} ({})",
                        self.title, self.unit
                    ),
                    _ => format!("{wd}'s prices on the {} ({})", self.title, self.unit),
                };
                lines.push((head, ParaKind::Lede));
                for r in 0..self.rows.len() {
                    let (v, p) = self.walk(r, i);
                    let name = &self.rows[r];
                    row(
                        &mut lines,
                        match self.fmt {
                            0 => format!("{name} {} ({})", fmt_fixed(v, 2), fmt_fixed(p, 2)),
                            1 => format!("{name} {} {}", fmt_fixed(v, 2), fmt_change(v - p, 2)),
                            _ if v == p => format!("{name}: unchanged at {}", fmt_fixed(v, 2)),
                            _ => format!(
                                "{name}: {}, {} {} from {}",
                                fmt_fixed(v, 2),
                                if v > p { "up" } else { "down" },
                                fmt_fixed((v - p).abs(), 2),
                                fmt_fixed(p, 2)
                            ),
                        },
                    );
                }
                let foot = match self.fmt {
                    0 => "Previous close in brackets.".to_string(),
                    _ => format!("Source: {}", self.title),
                };
                if self.lines & 1 == 1 {
                    lines.push((foot, ParaKind::Minor));
                }
            }
            WireKind::Close => {
                let (v, p) = self.walk(0, i);
                let chg = v - p;
                let pct = chg * 10_000 / p.max(1); // hundredths of a percent
                let dir = if chg >= 0 { "up" } else { "down" };
                let head = match self.fmt {
                    0 => format!(
                        "{} closes {dir} {} pct at {}",
                        self.title,
                        fmt_fixed(pct.abs(), 2),
                        fmt_fixed(v, 2)
                    ),
                    1 => format!("{} close on {wd}, {mon} {d}", self.title2),
                    _ => format!(
                        "{} ends {dir} {} points",
                        self.title,
                        fmt_fixed(chg.abs(), 2)
                    ),
                };
                lines.push((head, ParaKind::Lede));
                row(
                    &mut lines,
                    format!(
                        "{} {} {} ({} pct)",
                        self.title,
                        fmt_fixed(v, 2),
                        fmt_change(chg, 2),
                        fmt_change(pct, 2)
                    ),
                );
                let b = self.lines;
                if b & 1 == 1 {
                    row(&mut lines, format!("Previous close {}", fmt_fixed(p, 2)));
                }
                if b & 2 == 2 {
                    let hi = v.max(p) + rng.range(0, 80) as i64 * v / 10_000;
                    let lo = v.min(p) - rng.range(0, 80) as i64 * v / 10_000;
                    row(
                        &mut lines,
                        format!("Day's high {}, low {}", fmt_fixed(hi, 2), fmt_fixed(lo, 2)),
                    );
                }
                if b & 4 == 4 {
                    row(
                        &mut lines,
                        format!(
                            "Volume {} mln shares worth {} bln {}s",
                            fmt_fixed(rng.range(400, 90_000) as i64 * 10, 1),
                            fmt_fixed(rng.range(10, 9_000) as i64 * 10, 1),
                            country.currency
                        ),
                    );
                }
                if b & 8 == 8 {
                    let n = rng.range(150, 600);
                    let up = rng.range(0, n);
                    let same = rng.range(0, (n - up) / 3);
                    row(
                        &mut lines,
                        format!(
                            "Advancing issues {up}, declining {}, unchanged {same}",
                            n - up - same
                        ),
                    );
                }
                if b & 16 == 16 && self.rows.len() > 3 {
                    let mut picks: Vec<usize> = (1..self.rows.len()).collect();
                    rng.shuffle(&mut picks);
                    let parts: Vec<String> = picks[..3]
                        .iter()
                        .map(|&r| {
                            let (v, p) = self.walk(r, i);
                            format!(
                                "{} {} ({})",
                                self.rows[r],
                                fmt_fixed(v, 2),
                                fmt_change(v - p, 2)
                            )
                        })
                        .collect();
                    row(&mut lines, format!("Most active: {}", parts.join("; ")));
                }
            }
            WireKind::Scores => {
                let head = match self.fmt {
                    0 => format!("{} results on {wd}, {month} {d}", self.title),
                    1 => format!("Results of {} matches played on {wd}", self.title),
                    _ => format!("{} - {wd}'s results", self.title),
                };
                lines.push((head, ParaKind::Lede));
                let t = &self.rows;
                for (k, (a, b)) in self.round(i).into_iter().enumerate() {
                    let (h, g, hh, ha) = self.goals(i, k);
                    row(
                        &mut lines,
                        match self.fmt {
                            0 => format!("{} {h} {} {g}", t[a], t[b]),
                            1 => format!("{} {h}-{g} {}", t[a], t[b]),
                            _ => format!("{} {h} {} {g} (halftime {hh}-{ha})", t[a], t[b]),
                        },
                    );
                }
                if self.lines & 1 == 1 {
                    self.standings(i, &mut lines);
                }
            }
            WireKind::Weather => {
                let head = match self.fmt {
                    0 => format!("{} weather for {wd}, {month} {d}: maximum and minimum temperatures in degrees Celsius", self.title),
                    1 => format!("Weather forecast for {wd} ({mon} {d}) - highs and lows in Celsius"),
                    _ => format!("{} cities: forecast for {wd}, {month} {d}", self.title2),
                };
                lines.push((head, ParaKind::Lede));
                for r in 0..self.rows.len() {
                    let (hi, lo, c) = self.weather(r, i);
                    let (word, code) = CONDITIONS[c];
                    let city = &self.rows[r];
                    row(
                        &mut lines,
                        match self.fmt {
                            0 => format!("{city} {hi} {lo} {word}"),
                            1 => format!("{city}: {word}, {hi}/{lo}"),
                            _ => format!("{city} {hi}C {lo}C {code}"),
                        },
                    );
                }
                if self.fmt == 2 {
                    let key: Vec<String> = CONDITIONS
                        .iter()
                        .map(|(w, c)| format!("{c} - {w}"))
                        .collect();
                    lines.push((format!("Key: {}", key.join(", ")), ParaKind::Minor));
                } else if self.lines & 1 == 1 {
                    lines.push((
                        format!("Source: {} Meteorological Department", self.title2),
                        ParaKind::Minor,
                    ));
                }
            }
        }
        lines.into_iter().map(|(s, k)| Para::new(s, k)).collect()
    }

    fn standings(&self, i: u32, lines: &mut Vec<(String, ParaKind)>) {
        let n = self.rows.len();
        let season = 2 * (n as u32 - 1);
        let first = i - i % season;
        // played, won, drawn, lost, for, against
        let mut t = vec![[0usize; 6]; n];
        for r in first..=i {
            for (k, (a, b)) in self.round(r).into_iter().enumerate() {
                let (h, g, _, _) = self.goals(r, k);
                for (x, f, ag) in [(a, h, g), (b, g, h)] {
                    t[x][0] += 1;
                    t[x][4] += f;
                    t[x][5] += ag;
                    t[x][if f > ag {
                        1
                    } else if f == ag {
                        2
                    } else {
                        3
                    }] += 1;
                }
            }
        }
        let pts = |s: &[usize; 6]| 3 * s[1] + s[2];
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&x, &y| {
            let (a, b) = (&t[x], &t[y]);
            (pts(b), b[4] as i64 - b[5] as i64, b[4])
                .cmp(&(pts(a), a[4] as i64 - a[5] as i64, a[4]))
                .then(x.cmp(&y))
        });
        lines.push((
            "Standings (played, won, drawn, lost, goals for, goals against, points):".into(),
            ParaKind::Sub,
        ));
        for x in order {
            let s = &t[x];
            lines.push((
                format!(
                    "{} {} {} {} {} {} {} {}",
                    self.rows[x],
                    s[0],
                    s[1],
                    s[2],
                    s[3],
                    s[4],
                    s[5],
                    pts(s)
                ),
                ParaKind::Body,
            ));
        }
    }

    /// The company of results instance `i`.
    fn company<'w>(&self, world: &'w World, i: u32) -> &'w str {
        let n = world.companies.len();
        &world.companies[(self.first + i as usize * self.stride) % n]
    }

    fn ticker(&self, world: &World, i: u32) -> String {
        let co = self.company(world, i);
        let t: String = co
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .take(4)
            .collect::<String>()
            .to_uppercase();
        format!("{t}.{}", self.title2)
    }

    fn results(&self, world: &World, i: u32, rng: &mut Rng, lines: &mut Vec<(String, ParaKind)>) {
        let co = self.company(world, i);
        let q = self.quarter;
        let tick = self.ticker(world, i);
        let head = match self.fmt {
            0 => format!("{co} <{tick}> {} qtr net", ORDINALS[q]),
            1 => format!(
                "{} <{tick}> {} QTR NET",
                co.to_uppercase(),
                ORDINALS[q].to_uppercase()
            ),
            _ => format!("{co} ({tick}) results for the {} quarter", ORDINAL_WORDS[q]),
        };
        lines.push((head, ParaKind::Lede));
        // Quarterly figures in thousands of local currency units.
        let revs =
            rng.range(1_000, 9_999) as i64 * [1, 10, 100, 1_000][rng.weighted(&[4, 4, 2, 1])];
        let growth = rng.range(0, 90) as i64 - 30; // percent
        let margin = [-12, -4, 2, 5, 8, 12, 18, 25][rng.weighted(&[1, 2, 3, 4, 4, 3, 2, 1])]
            + rng.range(0, 4) as i64
            - 2;
        let margin_prev = margin + rng.range(0, 10) as i64 - 5;
        let revs_prev = revs * 100 / (100 + growth);
        let net = revs * margin / 100 + rng.range(0, 99) as i64;
        let net_prev = revs_prev * margin_prev / 100 + rng.range(0, 99) as i64;
        let shares = rng.range(2_000, 400_000) as i64; // thousands
        let cts = |n: i64| n * 100 / shares;
        let (_, em, ed, _) =
            date_of([19_447, 19_538, 19_630, 19_722][q] + 365 * (self.year - 2023));
        let months = [
            "Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov",
            "Dec",
        ];
        let oper = if self.lines & 1 == 1 {
            "Oper shr"
        } else {
            "Shr"
        };
        let sales = if self.lines & 2 == 2 { "Sales" } else { "Revs" };
        let pl = |now: i64, before: i64, f: &dyn Fn(i64) -> String| -> String {
            match (now < 0, before < 0) {
                (false, false) => format!("{} vs {}", f(now), f(before)),
                (true, false) => format!("loss {} vs profit {}", f(now), f(before)),
                (false, true) => format!("profit {} vs loss {}", f(now), f(before)),
                (true, true) => format!("loss {} vs loss {}", f(now), f(before)),
            }
        };
        let block = |lines: &mut Vec<(String, ParaKind)>, k: i64, label: String| {
            lines.push((label, ParaKind::Sub));
            let (n, np, r, rp) = (net * k, net_prev * k, revs * k, revs_prev * k);
            lines.push((
                format!("{oper} {}", pl(cts(n), cts(np), &fmt_cents)),
                ParaKind::Body,
            ));
            lines.push((format!("Net {}", pl(n, np, &fmt_thousands)), ParaKind::Body));
            lines.push((
                format!("{sales} {} vs {}", fmt_thousands(r), fmt_thousands(rp)),
                ParaKind::Body,
            ));
            if self.lines & 4 == 4 {
                lines.push((
                    format!(
                        "Avg shrs {} vs {}",
                        fmt_thousands(shares),
                        fmt_thousands(shares - shares / 40)
                    ),
                    ParaKind::Body,
                ));
            }
        };
        block(lines, 1, format!("Qtr ended {} {ed}", months[em]));
        // The year-to-date block: the quarter's figures times the quarters
        // elapsed, give or take, like a company whose quarters are alike.
        if q > 0 {
            let label = ["", "Six mths", "Nine mths", "Year"][q].to_string();
            let k = q as i64 + 1;
            lines.push((label, ParaKind::Sub));
            let wob = |x: i64, r: &mut Rng| x * k * (95 + r.range(0, 10) as i64) / 100;
            let (n, np) = (wob(net, rng), wob(net_prev, rng));
            let (r, rp) = (wob(revs, rng), wob(revs_prev, rng));
            lines.push((
                format!("{oper} {}", pl(cts(n), cts(np), &fmt_cents)),
                ParaKind::Body,
            ));
            lines.push((format!("Net {}", pl(n, np, &fmt_thousands)), ParaKind::Body));
            lines.push((
                format!("{sales} {} vs {}", fmt_thousands(r), fmt_thousands(rp)),
                ParaKind::Body,
            ));
        }
        if rng.chance(0.35) {
            let c = [2, 3, 4, 5, 5, 6, 8, 10, 10, 12, 15, 20, 25][rng.below(13)];
            let before = if rng.chance(0.8) { c } else { c - 1 };
            let w = |c: usize| {
                if c <= 10 && self.lines & 8 == 8 {
                    SMALL_WORDS[c].to_string()
                } else {
                    c.to_string()
                }
            };
            lines.push((
                format!("Qtly div {} cts vs {} cts prior", w(c), w(before)),
                ParaKind::Body,
            ));
            if rng.chance(0.7) {
                let (_, pm, pd, _) = date_of(self.day(i) + 30 + rng.below(20) as i64);
                let (_, rm, rd, _) = date_of(self.day(i) + 14 + rng.below(10) as i64);
                lines.push((format!("Pay {} {pd}", months[pm]), ParaKind::Body));
                lines.push((format!("Record {} {rd}", months[rm]), ParaKind::Body));
            }
        }
        if rng.chance(0.3) {
            let cur = &world.countries[self.country].currency;
            let note = match rng.below(4) {
                0 => format!(
                    "NOTE: {} net includes a {} of {} mln {cur}s from {}.",
                    if rng.chance(0.5) { "Current" } else { "Prior" },
                    rng.pick(&["gain", "charge"]),
                    fmt_fixed(rng.range(1, 400) as i64 * 10, 1),
                    rng.pick(&[
                        "the sale of a unit",
                        "closing a plant",
                        "restructuring",
                        "a tax settlement",
                        "currency losses"
                    ])
                ),
                1 => format!(
                    "NOTE: Per-share figures restated for a {}-for-{} stock split.",
                    SMALL_WORDS[rng.range(3, 5)],
                    SMALL_WORDS[2]
                ),
                2 => "NOTE: Results are unaudited.".to_string(),
                _ => format!("NOTE: {sales} exclude excise taxes."),
            };
            lines.push((note, ParaKind::Minor));
        }
    }

    /// A headline for instance `i`.
    pub fn headline(&self, world: &World, i: u32, rng: &mut Rng) -> String {
        let (_, m, d, wd) = date_of(self.day(i));
        let mon = super::MONTHS_SHORT[m];
        match self.kind {
            WireKind::Results => {
                let co = self.company(world, i);
                let q = self.quarter;
                match rng.below(3) {
                    0 => format!(
                        "{} <{}> {} QTR NET",
                        co.to_uppercase(),
                        self.ticker(world, i),
                        ORDINALS[q].to_uppercase()
                    ),
                    1 => format!("{co} {}-quarter results", ORDINAL_WORDS[q]),
                    _ => format!(
                        "{co} {} {}-qtr {}",
                        rng.pick(&["posts", "reports", "announces"]),
                        ORDINALS[q],
                        rng.pick(&["earnings", "results", "net"])
                    ),
                }
            }
            WireKind::Prices => match rng.below(3) {
                0 => format!("{} closing prices - {mon} {d}", self.title),
                1 => format!("{} prices on {wd}", self.title),
                _ => {
                    let (v, _) = self.walk(0, i);
                    format!("{}: {} {}", self.title, self.rows[0], fmt_fixed(v, 2))
                }
            },
            WireKind::Close => {
                let (v, p) = self.walk(0, i);
                match rng.below(2) {
                    0 => format!(
                        "{} {} {} at {}",
                        self.title,
                        rng.pick(&["closes", "ends", "finishes"]),
                        if v >= p { "higher" } else { "lower" },
                        fmt_fixed(v, 2)
                    ),
                    _ => format!("{} close - {mon} {d}", self.title2),
                }
            }
            WireKind::Scores => match rng.below(3) {
                0 => format!("Soccer-{} results", self.title),
                1 => format!("{} results and standings", self.title),
                _ => format!("Soccer-{} {wd} results", self.title),
            },
            WireKind::Weather => match rng.below(3) {
                0 => format!("{} weather - {mon} {d}", self.title),
                1 => format!("Weather forecast for {wd}"),
                _ => format!("{} weather: temperatures for {wd}", self.title2),
            },
        }
    }
}

/// How an outlet reprints figures: its house style for wire items.  Drawn
/// from the outlet's id, so one outlet treats every wire item alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FigureStyle {
    /// Units spelled out: "million", "cents", "percent", "quarter".
    pub spell_units: bool,
    /// "vs" as printed (0), "vs." (1) or "versus" (2).
    pub vs: u8,
    /// Thousands separators dropped ("8412.50").
    pub plain_numbers: bool,
    /// Header line in capitals.
    pub upper_header: bool,
    /// Footer and notes left out.
    pub drop_footer: bool,
    /// All rows run together in one paragraph (a table scraped without
    /// its line breaks).
    pub collapse: bool,
}

impl FigureStyle {
    /// The style behind a 64-bit key (a hash of seed and outlet).
    pub fn from_key(key: u64) -> FigureStyle {
        let bits = |shift: u32, n: u64| (key >> shift) % n;
        FigureStyle {
            spell_units: bits(0, 100) < 35,
            vs: match bits(8, 100) {
                0..=19 => 1,
                20..=24 => 2,
                _ => 0,
            },
            plain_numbers: bits(16, 100) < 12,
            upper_header: bits(24, 100) < 15,
            drop_footer: bits(32, 100) < 30,
            collapse: bits(40, 100) < 15,
        }
    }
}

const SPELLED: &[(&str, &str)] = &[
    ("mln", "million"),
    ("bln", "billion"),
    ("cts", "cents"),
    ("pct", "percent"),
    ("dlrs", "dollars"),
    ("qtr", "quarter"),
    ("QTR", "QUARTER"),
    ("Qtr", "Quarter"),
    ("mths", "months"),
    ("shrs", "shares"),
    ("Shr", "Earnings per share"),
    ("Revs", "Revenue"),
    ("Qtly div", "Quarterly dividend"),
    ("unch", "unchanged"),
];

fn drop_thousands_commas(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, ch) in s.char_indices() {
        let digit_around =
            i > 0 && i + 1 < b.len() && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit();
        if ch == ',' && digit_around {
            continue;
        }
        out.push(ch);
    }
    out
}

/// Reprints a wire item in an outlet's figure style.  The figures stay;
/// units, separators and line breaks change.
pub fn restyle(paras: &mut Vec<Para>, st: FigureStyle) {
    if st.drop_footer && paras.len() > 2 && paras.last().is_some_and(|p| p.kind == ParaKind::Minor)
    {
        paras.pop();
    }
    for p in paras.iter_mut() {
        if st.spell_units {
            for (a, b) in SPELLED {
                if p.text.contains(a) {
                    p.text = super::edit::replace_word(&p.text, a, b, usize::MAX);
                }
            }
        }
        match st.vs {
            1 => p.text = super::edit::replace_word(&p.text, "vs", "vs.", usize::MAX),
            2 => p.text = super::edit::replace_word(&p.text, "vs", "versus", usize::MAX),
            _ => {}
        }
        if st.plain_numbers {
            p.text = drop_thousands_commas(&p.text);
        }
    }
    if st.upper_header {
        if let Some(p) = paras.first_mut() {
            p.text = p.text.to_uppercase();
        }
    }
    if st.collapse && paras.len() > 2 {
        let rows: Vec<String> = paras.drain(1..).map(|p| p.text).collect();
        paras.push(Para::new(rows.join(" "), ParaKind::Body));
    }
}

//! The default shingle length, with the case that decided it, and index files
//! written under the default it replaced.

use reprint::{Config, Detector, Shingling};

mod common;

use common::TempDir;

/// The default before word 5-grams: word 3-grams.
const OLD_DEFAULT: Shingling = Shingling::Auto { words: 3, chars: 5 };

/// Two reports of one agency's daily weather series: different cities, days,
/// figures and winds, worded to the same formula. Different stories.
const LISBON: &str = "Rain forecast for Lisbon

Rain is expected across Lisbon on Tuesday, with temperatures ranging from 12 \
to 17 degrees Celsius, the national weather service said. Winds from the north \
will reach up to 40 kilometres per hour in the afternoon. Showers are likely to \
ease by the evening, with clear skies forecast for Wednesday morning.";

const WARSAW: &str = "Snow forecast for Warsaw

Snow is expected across Warsaw on Friday, with temperatures ranging from minus \
4 to 1 degrees Celsius, the national weather service said. Winds from the east \
will reach up to 60 kilometres per hour in the morning. Flurries are likely to \
ease by the evening, with clear skies forecast for Saturday morning.";

const MADRID: &str = "Sunshine forecast for Madrid

Sunshine is expected across Madrid on Sunday, with temperatures ranging from 19 \
to 27 degrees Celsius, the national weather service said. Winds from the south \
will reach up to 25 kilometres per hour in the evening. Clouds are likely to \
ease by the evening, with clear skies forecast for Monday morning.";

/// A reprint of the Lisbon report: new headline, a credit, straight quotes
/// become no quotes, one word changed by a sub-editor.
const LISBON_REPRINT: &str = "Portugal: wet Tuesday ahead in the capital

LISBON (Reuters) - Rain is expected across Lisbon on Tuesday, with \
temperatures ranging from 12 to 17 degrees Celsius, the national weather \
service said. Winds from the north will reach up to 40 kilometres an hour in \
the afternoon. Showers are likely to ease by the evening, with clear skies \
forecast for Wednesday morning.";

const FORECASTS: [(&str, &str); 2] = [("lisbon", LISBON), ("warsaw", WARSAW)];
const WITH_REPRINT: [(&str, &str); 3] = [
    ("lisbon", LISBON),
    ("warsaw", WARSAW),
    ("lisbon-reprint", LISBON_REPRINT),
];

/// A detector with `shingle` (the default if `None`) holding `docs`.
fn detector(shingle: Option<Shingling>, docs: &[(&str, &str)]) -> Detector {
    let mut builder = Detector::builder();
    if let Some(shingle) = shingle {
        builder = builder.shingle(shingle);
    }
    let mut det = builder.build().unwrap();
    for (id, text) in docs {
        det.insert(id, text).unwrap();
    }
    det
}

/// The ids of `det`'s query for `text`.
fn query(det: &Detector, text: &str) -> Vec<String> {
    det.query(text).unwrap().into_iter().map(|m| m.id).collect()
}

fn groups(det: &Detector) -> Vec<Vec<String>> {
    det.groups()
        .iter()
        .map(|g| {
            let mut ids: Vec<String> = g.ids().map(str::to_string).collect();
            ids.sort();
            ids
        })
        .collect()
}

#[test]
fn the_default_shingles_are_word_5_grams() {
    assert_eq!(
        Config::default().shingle,
        Shingling::Auto { words: 5, chars: 5 }
    );
    assert_eq!(
        Detector::builder().build().unwrap().config().shingle,
        Shingling::default()
    );
}

#[test]
fn reports_of_one_formula_are_kept_apart_and_their_reprints_found() {
    // What the default is for: with 3-grams, more than half of either
    // forecast's shingles are stock phrases the other has too ("is expected
    // across", "with temperatures ranging", "the national weather", "will
    // reach up", "likely to ease", …), so the two cities' forecasts are one
    // story. Few five-word runs survive the changing city, day and figures.
    let old = detector(Some(OLD_DEFAULT), &FORECASTS);
    let scores = old.compare("lisbon", "warsaw").unwrap();
    assert!(scores.max_containment() >= 0.5, "{scores:?}");
    assert_eq!(groups(&old), [["lisbon", "warsaw"]]);
    let old = detector(Some(OLD_DEFAULT), &WITH_REPRINT);
    assert!(query(&old, WARSAW).contains(&"lisbon".to_string()));

    let new = detector(None, &FORECASTS);
    let scores = new.compare("lisbon", "warsaw").unwrap();
    assert!(scores.max_containment() < 0.4, "{scores:?}");
    assert_eq!(groups(&new), Vec::<Vec<String>>::new());
    // The reprint still matches its source, far above the thresholds.
    let new = detector(None, &WITH_REPRINT);
    let scores = new.compare("lisbon", "lisbon-reprint").unwrap();
    assert!(scores.max_containment() > 0.7, "{scores:?}");
    assert_eq!(groups(&new), [["lisbon", "lisbon-reprint"]]);
    assert_eq!(query(&new, WARSAW), ["warsaw"]);
}

#[test]
fn an_index_saved_under_the_old_default_loads_with_its_shingling() {
    let dir = TempDir::new("defaults", "old-index");
    let path = dir.join("old.idx");
    let old = detector(Some(OLD_DEFAULT), &WITH_REPRINT);
    let old_groups = groups(&old);
    old.save(&path).unwrap();

    // The file's configuration wins over today's default: the index keeps
    // its 3-grams, its groups and the way it judges new documents.
    let mut loaded = Detector::load(&path).unwrap();
    assert_eq!(loaded.config().shingle, OLD_DEFAULT);
    assert_eq!(loaded.config(), old.config());
    assert_ne!(loaded.config(), &Config::default());
    assert_eq!(groups(&loaded), old_groups);
    let reloaded = loaded.compare("lisbon", "warsaw").unwrap();
    assert_eq!(reloaded, old.compare("lisbon", "warsaw").unwrap());

    // A new forecast of the series is judged with 3-grams too: it pairs with
    // the others as it would in the index that wrote the file, where the new
    // default would pair it with none.
    let mut fresh_old = detector(Some(OLD_DEFAULT), &WITH_REPRINT);
    let want = fresh_old.insert("madrid", MADRID).unwrap();
    assert!(!want.is_empty());
    assert_eq!(loaded.insert("madrid", MADRID).unwrap(), want);
    assert_eq!(groups(&loaded), groups(&fresh_old));
    let mut new = detector(None, &WITH_REPRINT);
    assert_eq!(new.insert("madrid", MADRID).unwrap(), []);
}

//! Reprints inside real-looking web pages: boilerplate, templates, truncation,
//! chaining. Plus a small run of the evaluation harness.

use reprint::{Config, Detector, Grouping, Verdict};

mod common;

#[path = "../benches/synth/mod.rs"]
mod synth;

/// Paragraphs of real prose: the long paragraphs of the seed articles that
/// tell the event in their own words (000, 001, 003). Consecutive paragraphs
/// make up the test's "stories"; different stories share no sentence.
fn paragraphs() -> Vec<String> {
    let seeds = common::seed_docs();
    seeds
        .iter()
        .filter(|(id, _)| ["000", "001", "003"].contains(&id.as_str()))
        .flat_map(|(_, text)| {
            text.lines()
                .map(str::trim)
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .filter(|p| p.split_whitespace().count() >= 25)
        .collect()
}

/// Story `k` of `n` paragraphs.
fn story(k: usize, n: usize) -> Vec<String> {
    let all = paragraphs();
    assert!((k + 1) * n <= all.len(), "only {} paragraphs", all.len());
    all[k * n..(k + 1) * n].to_vec()
}

/// A page of an outlet: its template around a body.
fn page(outlet: &str, headline: &str, body: &[String]) -> String {
    let mut p = format!(
        "{outlet} Daily\nHome | World | Business | Sport\nThe voice of the {outlet} valley since 1921\n\n{headline}\n\n"
    );
    for (i, para) in body.iter().enumerate() {
        p.push_str(para);
        p.push('\n');
        if i == 1 {
            p.push_str(&format!(
                "Subscribe to the {outlet} Daily newsletter for the best stories of the week, every Friday.\n"
            ));
        }
    }
    p.push_str(&format!(
        "Comments below are the views of readers and not those of {outlet} Daily or its owners.\n\
         Follow us on Facebook and Twitter\nLeave a Reply\n"
    ));
    p
}

/// Six outlets that print one item, for the tests of wire items.
const OUTLETS: [&str; 6] = [
    "Riverside",
    "Lakeside",
    "Hilltop",
    "Seaside",
    "Brookside",
    "Westfield",
];

#[test]
fn boilerplate_is_removed_and_shown() {
    let body = story(0, 5);
    let text = page("Riverside", "Minister approves budget", &body);
    let det = Detector::builder().build().unwrap();
    let ins = det.inspect(&text);
    let kept: Vec<&str> = ins
        .blocks
        .iter()
        .filter(|b| b.verdict.is_kept())
        .map(|b| b.text.as_str())
        .collect();
    // The body is kept whole; two sentence-like template lines that stand
    // inside it cannot be told from the body on one page (the corpus can: see
    // the next test).
    for para in &body {
        assert!(kept.contains(&para.as_str()), "{ins:#?}");
    }
    assert_eq!(kept.len(), body.len() + 2, "{kept:#?}");
    assert!(ins
        .blocks
        .iter()
        .any(|b| b.verdict == Verdict::Short && b.text.starts_with("Home |")));
    // Turned off, everything is kept.
    let off = Detector::builder().boilerplate(false).build().unwrap();
    assert!(off
        .inspect(&text)
        .blocks
        .iter()
        .all(|b| b.verdict.is_kept()));
}

#[test]
fn outlet_templates_are_learned_and_do_not_merge_different_stories() {
    // Six short stories from one outlet: the template lines that survive
    // per-page cleaning (a long channel prompt, a disclaimer) are a large share
    // of each page.
    let topics = [
        "finance",
        "health",
        "energy",
        "transport",
        "justice",
        "culture",
    ];
    let docs: Vec<(String, String)> = topics
        .iter()
        .enumerate()
        .map(|(k, t)| {
            (
                format!("riverside-{t}"),
                page("Riverside", &format!("{t} news"), &story(k, 2)),
            )
        })
        .collect();
    let mut without = Detector::builder().template_min_docs(0).build().unwrap();
    without.insert_batch(docs.clone()).unwrap();
    let mut with = Detector::builder().build().unwrap();
    with.insert_batch(docs.clone()).unwrap();
    assert!(with.template_count() >= 2, "{}", with.template_count());
    assert!(with.groups().is_empty(), "{:#?}", with.groups());
    // The learned template is reported by inspect.
    let ins = with.inspect(&docs[0].1);
    assert!(
        ins.blocks
            .iter()
            .any(|b| b.verdict == Verdict::CorpusTemplate),
        "{ins:#?}"
    );
    // Without learning, the template makes the short pages look alike.
    let a = without.signature("riverside-finance").unwrap();
    let b = without.signature("riverside-health").unwrap();
    let a2 = with.signature("riverside-finance").unwrap();
    let b2 = with.signature("riverside-health").unwrap();
    let (before, after) = (a.jaccard(&b), a2.jaccard(&b2));
    assert!(before >= 2.0 * after + 0.05, "{before} vs {after}");
}

#[test]
fn a_storys_short_paragraphs_are_not_learned_from_its_reprints() {
    // Short paragraphs of one story: a quote, a vote count, a one-line aside.
    // They are story text, not template, however many outlets print them.
    let short = [
        "\"We have waited for this budget for years,\" the mayor of the valley said on Tuesday.",
        "The vote passed by 41 votes to 12 after a debate of nine hours.",
        "Opposition members walked out before the final reading.",
    ];
    let long = story(0, 4);
    let body = |edit: usize| -> Vec<String> {
        let mut body = long.clone();
        // Each outlet edits one word of one paragraph; one cuts the last.
        let p = edit % body.len();
        body[p] = body[p].replacen(" the ", [" this ", " that ", " a "][edit % 3], 1);
        if edit == 5 {
            body.pop();
        }
        body.insert(2, short[0].to_string());
        body.insert(3, short[1].to_string());
        body.insert(4, short[2].to_string());
        body
    };
    let outlets = OUTLETS;
    let mut docs: Vec<(String, String)> = outlets
        .iter()
        .enumerate()
        .map(|(i, o)| {
            (
                format!("budget-{o}"),
                page(o, &format!("Budget passes ({o})"), &body(i)),
            )
        })
        .collect();
    // Riverside prints four other stories: its template recurs on the pages
    // of five stories.
    for k in 2..6 {
        docs.push((
            format!("riverside-{k}"),
            page("Riverside", &format!("Story {k}"), &story(k, 2)),
        ));
    }
    let mut det = Detector::builder().build().unwrap();
    det.insert_batch(docs.clone()).unwrap();
    let verdicts = |text: &str| -> Vec<(String, Verdict)> {
        det.inspect(text)
            .blocks
            .into_iter()
            .map(|b| (b.text, b.verdict))
            .collect()
    };
    // The outlet's template is learned from its different stories…
    let riverside = verdicts(&docs[0].1);
    assert!(
        riverside
            .iter()
            .any(|(t, v)| t.starts_with("Subscribe to the Riverside")
                && *v == Verdict::CorpusTemplate),
        "{riverside:#?}"
    );
    // …and the story's short paragraphs are kept on every copy.
    for (id, text) in &docs[..outlets.len()] {
        let blocks = verdicts(text);
        for line in short {
            assert!(
                blocks.iter().any(|(t, v)| t == line && v.is_kept()),
                "{id}: {line:?} not kept: {blocks:#?}"
            );
        }
    }
    let groups = det.groups();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0].len(), outlets.len(), "{groups:#?}");
}

/// A wire item of figures on an outlet's page: the outlet's lines, one of
/// them a sentence its pages all print, around the item's rows.
fn figures_page(outlet: &str, rows: &[String]) -> String {
    let mut p = format!("{outlet} Daily\nHome | World | Business | Sport\n\n");
    for row in rows {
        p.push_str(row);
        p.push('\n');
    }
    p.push_str(&format!(
        "Like the {outlet} Daily on Facebook and follow us on X for the latest updates.\nLeave a Reply\n"
    ));
    p
}

/// The rows of one company's quarterly results, `k` telling companies apart.
fn results_rows(k: u32) -> Vec<String> {
    vec![
        format!("Company {k} Holdings <CO{k}.XX> 3rd qtr net"),
        "Qtr ended Sept 30".to_string(),
        format!("Shr {} cts vs {} cts", 10 + k, 30 + k),
        format!("Net {}.4 mln vs {}.1 mln", 100 + 7 * k, 300 + 3 * k),
        format!("Revs {}.8 mln vs {}.2 mln", 900 + 11 * k, 700 + 13 * k),
        format!("Avg shrs {}.0 mln vs {}.5 mln", 40 + k, 39 + k),
    ]
}

#[test]
fn the_rows_of_a_wire_item_are_not_learned_from_its_reprints() {
    // One company's results printed by six outlets: six distinct pages with
    // no long sentence, whose rows are the item. Counted once per page, the
    // rows would be found on six "stories" and learned as an outlet's lines
    // are, leaving each copy only its outlet's lines to compare.
    let outlets = OUTLETS;
    let mut docs: Vec<(String, String)> = outlets
        .iter()
        .map(|o| (format!("results-{o}"), figures_page(o, &results_rows(1))))
        .collect();
    // Each outlet prints other companies' results too: its own lines recur
    // on the pages of several items.
    for (i, o) in outlets.iter().enumerate() {
        for k in 0..4 {
            let company = 10 + (i as u32) * 4 + k;
            docs.push((
                format!("other-{o}-{k}"),
                figures_page(o, &results_rows(company)),
            ));
        }
    }
    let mut det = Detector::builder().build().unwrap();
    det.insert_batch(docs.clone()).unwrap();
    for (id, text) in &docs[..outlets.len()] {
        let blocks = det.inspect(text).blocks;
        for row in &results_rows(1)[2..] {
            assert!(
                blocks.iter().any(|b| &b.text == row && b.verdict.is_kept()),
                "{id}: {row:?} not kept: {blocks:#?}"
            );
        }
    }
    let groups = det.groups();
    let copies: Vec<&str> = groups
        .iter()
        .find(|g| g.ids().any(|id| id == "results-Riverside"))
        .map(|g| g.ids().collect())
        .unwrap_or_default();
    let mut want: Vec<String> = outlets.iter().map(|o| format!("results-{o}")).collect();
    want.sort();
    assert_eq!(copies, want, "{groups:#?}");
    assert!(
        groups
            .iter()
            .all(|g| g.ids().all(|id| id.starts_with("results-"))),
        "{groups:#?}"
    );
}

#[test]
fn documents_indexed_before_a_template_was_learned_are_rederived() {
    let topics = ["finance", "health", "energy", "transport", "justice"];
    let docs: Vec<(String, String)> = topics
        .iter()
        .enumerate()
        .map(|(k, t)| {
            (
                format!("p-{t}"),
                page("Hilltop", &format!("{t} news"), &story(k, 2)),
            )
        })
        .collect();
    let mut batch = Detector::builder().build().unwrap();
    batch.insert_batch(docs.clone()).unwrap();
    let mut one_by_one = Detector::builder().build().unwrap();
    for (id, text) in &docs {
        one_by_one.insert(id, text).unwrap();
    }
    for (id, _) in &docs {
        assert_eq!(batch.signature(id), one_by_one.signature(id), "{id}");
    }
    assert_eq!(batch.groups(), one_by_one.groups());
    // Removing pages until the template falls below the threshold re-derives
    // the rest, as if the removed pages had never been there.
    let mut fresh = Detector::builder().build().unwrap();
    fresh.insert_batch(docs[..3].to_vec()).unwrap();
    one_by_one.remove("p-transport").unwrap();
    one_by_one.remove("p-justice").unwrap();
    assert_eq!(one_by_one.template_count(), fresh.template_count());
    for (id, _) in &docs[..3] {
        assert_eq!(one_by_one.signature(id), fresh.signature(id), "{id}");
    }
}

#[test]
fn a_cut_reprint_inside_a_heavy_page_is_found_and_scored_as_contained() {
    let full = story(0, 8);
    let source = full.join("\n");
    // The reprint keeps the first half, under a new first paragraph of the
    // outlet's own, inside a page with twice as much boilerplate as text.
    let mut body = vec!["Readers in the valley have followed the trade talks closely this year, and our correspondent reports on the latest turn in them.".to_string()];
    body.extend(full[..4].iter().cloned());
    let mut reprint = page("Lakeside", "Trade deal: what it means", &body);
    for i in 0..40 {
        reprint.push_str(&format!(
            "Lakeside Headline Number {i} About Something Else Entirely\n"
        ));
    }
    let mut det = Detector::builder().build().unwrap();
    det.insert("source", &source).unwrap();
    det.insert("reprint", &reprint).unwrap();
    det.insert("other", &story(1, 8).join("\n")).unwrap();
    let groups = det.groups();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0].ids().collect::<Vec<_>>(), ["reprint", "source"]);
    assert_eq!(groups[0].representative, "source");
    let s = groups[0].members[0].scores;
    // `a` is "reprint": most of it is in the source, half of the source in it.
    assert!(s.containment_ab > 0.7, "{s:?}");
    assert!(s.containment_ba < 0.65, "{s:?}");
}

#[test]
fn a_digest_page_does_not_chain_two_stories() {
    let a = story(0, 6).join("\n");
    let b = story(1, 6).join("\n");
    let docs = vec![
        ("a1", a.clone()),
        ("a2", format!("Energy update\n{a}")),
        ("b1", b.clone()),
        ("b2", format!("Health update\n{b}")),
        ("digest", format!("{a}\n{b}")),
    ];
    let mut chained = Detector::builder()
        .grouping(Grouping::Components)
        .build()
        .unwrap();
    chained.insert_batch(docs.clone()).unwrap();
    assert_eq!(chained.groups().len(), 1);
    let mut det = Detector::builder().build().unwrap();
    det.insert_batch(docs).unwrap();
    let groups: Vec<Vec<String>> = det
        .groups()
        .into_iter()
        .map(|g| g.ids().map(String::from).collect())
        .collect();
    assert_eq!(groups.len(), 2, "{groups:?}");
    assert!(groups
        .iter()
        .all(|g| !(g.contains(&"a1".into()) && g.contains(&"b1".into()))));
}

#[test]
fn harness_corpus_with_heavy_templates() {
    let mut cfg = synth::SynthConfig::new(5, 800);
    cfg.boilerplate = synth::Boilerplate::Heavy;
    cfg.noise = synth::Noise::Light;
    let docs = synth::generate(&cfg);
    let truth: Vec<u32> = docs.iter().map(|d| d.story).collect();
    let predicted = |config: Config| {
        let mut det = Detector::new(config).unwrap();
        det.insert_batch(docs.iter().map(|d| (d.id.as_str(), d.text.as_str())))
            .unwrap();
        let groups = det.groups();
        let mut label: Vec<u32> = (0..docs.len() as u32).map(|i| i + 1_000_000).collect();
        for (g, group) in groups.iter().enumerate() {
            for m in group.ids() {
                let i = docs.iter().position(|d| d.id == m).unwrap();
                label[i] = g as u32;
            }
        }
        label
    };
    let ours = predicted(Config::default());
    let base = predicted(Config::baseline());
    let p = synth::metrics::pair_scores(&truth, &ours);
    let ari = synth::metrics::adjusted_rand_index(&truth, &ours);
    let base_ari = synth::metrics::adjusted_rand_index(&truth, &base);
    assert!(p.precision >= 0.98, "{p:?}");
    assert!(ari >= 0.9, "ARI {ari}");
    assert!(ari > base_ari + 0.3, "ours {ari}, baseline {base_ari}");
}

/// A large batch verifies every candidate link at once, small ones the links
/// around what they touched: the same groups either way.
#[test]
fn large_and_small_batches_find_the_same_groups() {
    let docs: Vec<(String, String)> = synth::generate(&synth::SynthConfig {
        boilerplate: synth::Boilerplate::Heavy,
        ..synth::SynthConfig::new(11, 1500)
    })
    .into_iter()
    .map(|d| (d.id, d.text))
    .collect();
    let mut whole = Detector::builder().build().unwrap();
    whole.insert_batch(docs.clone()).unwrap();
    let mut pieces = Detector::builder().build().unwrap();
    for chunk in docs.chunks(100) {
        pieces.insert_batch(chunk.to_vec()).unwrap();
    }
    let groups = whole.groups();
    let grouped: usize = groups.iter().map(|g| g.len()).sum();
    assert!(grouped > 300, "{grouped}");
    assert_eq!(groups, pieces.groups());
}

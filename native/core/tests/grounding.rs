//! Grounding the analyst's map (docs/consensus.md, "Grounding the analyst's map") through
//! the crate's public API. tests/core/grounding.test.ts holds both backends to the same cases.

use circle_core::grounding::{
    ground_analysis, AnalystAnswer, AnalystClaim, AnalystOutput, AnalystQuote, GroundingOptions,
    LabelledAnswer, VerifiedMap,
};
use circle_core::ErrorCode;
use std::time::Instant;

fn answer(label: &str, expert: &str, text: &str) -> LabelledAnswer {
    LabelledAnswer {
        label: label.into(),
        expert_id: expert.into(),
        text: text.into(),
        weight: None,
    }
}

fn q(expert: &str, quote: &str) -> AnalystQuote {
    AnalystQuote {
        expert: expert.into(),
        quote: quote.into(),
    }
}

fn claim(text: &str, support: Vec<AnalystQuote>, oppose: Vec<AnalystQuote>) -> AnalystClaim {
    AnalystClaim {
        text: text.into(),
        support,
        oppose,
    }
}

fn summary(expert: &str, bottom_line: &str) -> AnalystAnswer {
    AnalystAnswer {
        expert: expert.into(),
        bottom_line: bottom_line.into(),
        quote: None,
        confidence: None,
    }
}

fn ground(answers: &[LabelledAnswer], output: AnalystOutput) -> VerifiedMap {
    ground_analysis(answers, &output, &GroundingOptions::default()).unwrap()
}

fn one_claim(answers: &[LabelledAnswer], label: &str, quote: &str) -> VerifiedMap {
    ground(
        answers,
        AnalystOutput {
            answers: vec![],
            claims: vec![claim("The claim", vec![q(label, quote)], vec![])],
        },
    )
}

fn utf16_slice(text: &str, start: u32, end: u32) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start as usize..end as usize]).unwrap()
}

const PG: &str = "For most web apps, start with PostgreSQL. It handles relational data well and scales far enough for nearly every team.";

#[test]
fn a_verbatim_quote_is_grounded_with_its_offsets() {
    let answers = [answer("A", "alice", PG)];
    let map = one_claim(&answers, "A", "start with PostgreSQL");
    let quote = &map.claims[0].support_quotes[0];
    assert_eq!(quote.matched, "start with PostgreSQL");
    assert_eq!(quote.edits, 0);
    assert_eq!(utf16_slice(PG, quote.start, quote.end), quote.matched);
    assert_eq!(map.grounding.grounded, 1);
    assert_eq!(map.grounding.rate, 1.0);
}

#[test]
fn offsets_are_utf16_units() {
    let text = "😀 Ünïcode first: prefer the boring option.";
    let answers = [answer("A", "alice", text)];
    let map = one_claim(&answers, "A", "prefer the boring option");
    let quote = &map.claims[0].support_quotes[0];
    assert_eq!(quote.start, 18);
    assert_eq!(
        utf16_slice(text, quote.start, quote.end),
        "prefer the boring option"
    );
}

#[test]
fn markdown_case_and_line_breaks_do_not_matter() {
    let text = "## Verdict\n\n> **Use PostgreSQL** for\nmost _new_ apps; see [the docs](https://example.com/pg) first.";
    let answers = [answer("A", "alice", text)];
    let map = one_claim(&answers, "A", "use postgresql for most new apps");
    let quote = &map.claims[0].support_quotes[0];
    assert_eq!(quote.edits, 0);
    assert_eq!(quote.matched, "Use PostgreSQL** for\nmost _new_ apps");
    // A link keeps its text, not its target.
    let map = one_claim(&answers, "A", "see the docs first");
    assert_eq!(
        map.claims[0].support_quotes[0].matched,
        "see [the docs](https://example.com/pg) first"
    );
}

#[test]
fn one_changed_word_in_a_long_quote_is_tolerated_a_paraphrase_is_not() {
    let text = "After years of running both, I would pick the relational database because migrations stay predictable under load.";
    let answers = [answer("A", "alice", text)];
    // 12 words, one changed: floor(12 x 0.15) = 1 edit allowed.
    let map = one_claim(
        &answers,
        "A",
        "I would pick the relational database because migrations stay predictable under pressure",
    );
    let quote = &map.claims[0].support_quotes[0];
    assert_eq!(quote.edits, 1);
    assert_eq!(
        quote.matched,
        "I would pick the relational database because migrations stay predictable under load"
    );

    let map = one_claim(
        &answers,
        "A",
        "I'd choose a SQL database since schema changes remain foreseeable when busy",
    );
    assert!(map.claims.is_empty());
    assert_eq!(map.dropped[0].reason, "quote_not_found");
    assert_eq!(map.grounding.claims_unsupported, 1);

    // Short quotes must be verbatim.
    let map = one_claim(&answers, "A", "I would pick the document database");
    assert_eq!(map.dropped[0].reason, "quote_not_found");
}

#[test]
fn a_quote_is_checked_against_the_answer_it_is_attributed_to() {
    let answers = [
        answer("A", "alice", PG),
        answer("B", "bob", "Pick MongoDB for flexible documents."),
    ];
    let map = one_claim(&answers, "B", "start with PostgreSQL");
    assert!(map.claims.is_empty());
    let d = &map.dropped[0];
    assert_eq!(
        (d.reason.as_str(), d.label.as_str(), d.expert_id.as_deref()),
        ("quote_not_found", "B", Some("bob"))
    );
}

#[test]
fn unknown_letters_and_empty_quotes_are_dropped_with_their_reason() {
    let answers = [answer("A", "alice", PG)];
    let map = ground(
        &answers,
        AnalystOutput {
            answers: vec![summary("Z", "PostgreSQL")],
            claims: vec![claim(
                "PostgreSQL first",
                vec![q("Q", "start with PostgreSQL"), q("A", " ** ")],
                vec![],
            )],
        },
    );
    let reasons: Vec<(&str, &str, Option<&str>)> = map
        .dropped
        .iter()
        .map(|d| (d.reason.as_str(), d.stance.as_str(), d.expert_id.as_deref()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("unknown_label", "bottom_line", None),
            ("unknown_label", "support", None),
            ("empty_quote", "support", Some("alice"))
        ]
    );
    assert_eq!(
        (
            map.grounding.attributions,
            map.grounding.grounded,
            map.grounding.dropped
        ),
        (3, 0, 3)
    );
    assert_eq!(map.grounding.rate, 0.0);
    // The answer without a summary has no bottom line and a camp of its own.
    assert_eq!(map.standings[0].bottom_line, "");
    assert_eq!(map.camps.len(), 1);
    assert!(map.bottom_lines.is_empty());
}

#[test]
fn no_claims_is_a_map_of_bottom_lines() {
    let answers = [
        answer("A", "alice", PG),
        answer("B", "bob", "Use PostgreSQL."),
    ];
    let map = ground(
        &answers,
        AnalystOutput {
            answers: vec![summary("A", "PostgreSQL"), summary("B", "postgresql")],
            claims: vec![],
        },
    );
    assert!(map.claims.is_empty());
    assert_eq!(map.camps.len(), 1);
    assert_eq!(map.majority, ["alice", "bob"]);
    assert_eq!(map.consensus_confidence, 1.0);
    assert!(map.reached);
    assert_eq!(map.grounding.attributions, 0);
}

#[test]
fn claims_with_the_same_words_are_merged_and_duplicates_count_once() {
    let answers = [
        answer("A", "alice", PG),
        answer("B", "bob", "I agree: start with PostgreSQL, always."),
    ];
    let map = ground(
        &answers,
        AnalystOutput {
            answers: vec![],
            claims: vec![
                claim(
                    "Start with PostgreSQL",
                    vec![
                        q("A", "start with PostgreSQL"),
                        q("A", "start with PostgreSQL"),
                    ],
                    vec![],
                ),
                claim(
                    "start with **PostgreSQL**.",
                    vec![q("B", "start with PostgreSQL")],
                    vec![],
                ),
                claim("  ", vec![q("B", "always")], vec![]),
            ],
        },
    );
    assert_eq!(map.grounding.claims_given, 2);
    assert_eq!(map.grounding.claims_merged, 1);
    assert_eq!(map.grounding.claims_kept, 1);
    assert_eq!(map.grounding.attributions, 3);
    assert_eq!(map.grounding.grounded, 3);
    let c = &map.claims[0];
    assert_eq!(c.text, "Start with PostgreSQL");
    assert_eq!(c.kind, "shared");
    assert_eq!(c.supporters, ["alice", "bob"]);
    assert_eq!(map.common_recommendations[0].evidence.len(), 2);
    assert_eq!(map.standings[0].claims_supported, 1);
}

#[test]
fn an_answer_on_both_sides_of_a_claim_counts_on_neither() {
    let answers = [
        answer("A", "alice", "Caching helps. Caching hurts."),
        answer("B", "bob", "Caching helps a lot."),
        answer("C", "carol", "Caching hurts consistency."),
    ];
    let map = ground(
        &answers,
        AnalystOutput {
            answers: vec![],
            claims: vec![claim(
                "Caching helps",
                vec![q("A", "Caching helps"), q("B", "Caching helps")],
                vec![q("A", "Caching hurts"), q("C", "Caching hurts")],
            )],
        },
    );
    let c = &map.claims[0];
    assert_eq!(c.kind, "contradiction");
    assert_eq!(
        (c.supporters.clone(), c.opponents.clone()),
        (vec!["bob".to_string()], vec!["carol".to_string()])
    );
    let both: Vec<&str> = map.dropped.iter().map(|d| d.reason.as_str()).collect();
    assert_eq!(both, ["both_sides", "both_sides"]);
    assert_eq!((map.grounding.attributions, map.grounding.grounded), (4, 2));
}

#[test]
fn weights_confidences_and_missing_experts_shift_the_confidence() {
    let answers = [
        LabelledAnswer {
            weight: Some(3.0),
            ..answer("A", "alice", "Use PostgreSQL.")
        },
        answer("B", "bob", "Use MongoDB."),
    ];
    let output = AnalystOutput {
        answers: vec![
            summary("A", "PostgreSQL"),
            AnalystAnswer {
                confidence: Some(0.5),
                ..summary("B", "MongoDB")
            },
        ],
        claims: vec![],
    };
    let map = ground_analysis(&answers, &output, &GroundingOptions::default()).unwrap();
    assert_eq!(map.majority, ["alice"]);
    assert_eq!(map.dissenters, ["bob"]);
    assert!((map.consensus_confidence - 3.0 / 3.5).abs() < 1e-12);
    assert!(map.reached);
    // Two more experts asked, each voting the mean (1.75): 3 / 7.
    let options = GroundingOptions {
        experts_asked: Some(4.0),
        ..Default::default()
    };
    let map = ground_analysis(&answers, &output, &options).unwrap();
    assert!((map.consensus_confidence - 3.0 / 7.0).abs() < 1e-12);
    assert!(!map.reached);
    assert_eq!(map.experts_asked, 4);
}

#[test]
fn a_contradicted_claim_splits_answers_with_the_same_bottom_line() {
    let answers = [
        answer("A", "alice", "Use PostgreSQL with an ORM."),
        answer("B", "bob", "Use PostgreSQL, and never use an ORM."),
        answer("C", "carol", "Use PostgreSQL; an ORM is fine."),
    ];
    let map = ground(
        &answers,
        AnalystOutput {
            answers: vec![
                summary("A", "PostgreSQL"),
                summary("B", "PostgreSQL"),
                summary("C", "PostgreSQL"),
            ],
            claims: vec![claim(
                "Use an ORM",
                vec![q("A", "with an ORM"), q("C", "an ORM is fine")],
                vec![q("B", "never use an ORM")],
            )],
        },
    );
    let camps: Vec<Vec<String>> = map.camps.iter().map(|c| c.members.clone()).collect();
    assert_eq!(
        camps,
        [
            vec!["alice".to_string(), "carol".to_string()],
            vec!["bob".to_string()]
        ]
    );
    assert_eq!(map.majority, ["alice", "carol"]);
    assert!((map.consensus_confidence - 2.0 / 3.0).abs() < 1e-12);
    assert!(!map.reached);
    assert!(map.standings[1].claims_opposed == 1 && !map.standings[1].in_majority);
}

#[test]
fn invalid_input_gets_typed_errors() {
    let ok = [answer("A", "alice", PG)];
    let empty = AnalystOutput::default();
    let code = |answers: &[LabelledAnswer], output: &AnalystOutput, options: &GroundingOptions| {
        ground_analysis(answers, output, options).unwrap_err().code
    };
    let none = GroundingOptions::default();
    assert_eq!(code(&[], &empty, &none), ErrorCode::EmptyPanel);
    assert_eq!(
        code(&[answer("A", "a", ""), answer("A", "b", "")], &empty, &none),
        ErrorCode::DuplicateExpert
    );
    assert_eq!(
        code(&[answer("A", "a", ""), answer("B", "a", "")], &empty, &none),
        ErrorCode::DuplicateExpert
    );
    assert_eq!(
        code(&[answer("", "a", "")], &empty, &none),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        code(
            &[LabelledAnswer {
                weight: Some(0.0),
                ..answer("A", "a", "")
            }],
            &empty,
            &none
        ),
        ErrorCode::InvalidWeight
    );
    assert_eq!(
        code(
            &[LabelledAnswer {
                weight: Some(f64::NAN),
                ..answer("A", "a", "")
            }],
            &empty,
            &none
        ),
        ErrorCode::InvalidWeight
    );
    let many: Vec<LabelledAnswer> = (0..65)
        .map(|i| answer(&i.to_string(), &i.to_string(), ""))
        .collect();
    assert_eq!(code(&many, &empty, &none), ErrorCode::TooLarge);
    let claims = AnalystOutput {
        answers: vec![],
        claims: (0..201)
            .map(|i| claim(&format!("c{i}"), vec![], vec![]))
            .collect(),
    };
    assert_eq!(code(&ok, &claims, &none), ErrorCode::TooLarge);
    let crowded = AnalystOutput {
        answers: vec![],
        claims: vec![claim(
            "c",
            (0..257).map(|_| q("A", "start")).collect(),
            vec![],
        )],
    };
    assert_eq!(code(&ok, &crowded, &none), ErrorCode::TooLarge);
    let long = AnalystOutput {
        answers: vec![],
        claims: vec![claim("c", vec![q("A", &"word ".repeat(401))], vec![])],
    };
    assert_eq!(code(&ok, &long, &none), ErrorCode::TooLarge);
    let nan = AnalystOutput {
        answers: vec![AnalystAnswer {
            confidence: Some(f64::NAN),
            ..summary("A", "x")
        }],
        claims: vec![],
    };
    assert_eq!(code(&ok, &nan, &none), ErrorCode::InvalidConfidence);
    let bad = GroundingOptions {
        experts_asked: Some(1.5),
        ..Default::default()
    };
    assert_eq!(code(&ok, &empty, &bad), ErrorCode::InvalidArgument);
    let bad = GroundingOptions {
        confidence_threshold: Some(2.0),
        ..Default::default()
    };
    assert_eq!(code(&ok, &empty, &bad), ErrorCode::InvalidArgument);
}

/// Sentence i of the 10 MB answer: varied words, numbered.
fn sentence(i: u64) -> String {
    let subjects = [
        "The cache",
        "Our service",
        "A replica",
        "The scheduler",
        "Each worker",
        "The index",
    ];
    let verbs = [
        "handles", "rejects", "stores", "retries", "splits", "reports",
    ];
    let objects = [
        "requests",
        "timeouts",
        "partial writes",
        "hot keys",
        "slow queries",
        "large batches",
    ];
    let (s, v, o) = (
        subjects[(i % 6) as usize],
        verbs[(i / 6 % 6) as usize],
        objects[(i / 36 % 6) as usize],
    );
    format!("{s} {v} {o} in batch {i} of run {}.", i * 7 + 3)
}

fn big_answer() -> String {
    let mut text = String::with_capacity(10_500_000);
    let mut i: u64 = 0;
    while text.len() < 10_000_000 {
        text.push_str(&sentence(i));
        text.push_str(if i % 50 == 49 { "\n\n" } else { " " });
        i += 1;
    }
    text
}

#[test]
fn a_ten_megabyte_answer_is_grounded_in_bounded_time() {
    let text = big_answer();
    assert!(text.len() >= 10_000_000);
    let answers = [answer("A", "alice", &text)];
    let verbatim = sentence(100_000);
    // Two sentences (about 20 words, 3 edits allowed), one word changed.
    let near =
        format!("{} {}", sentence(120_000), sentence(120_001)).replacen(" of run ", " for run ", 1);
    let started = Instant::now();
    let map = ground(
        &answers,
        AnalystOutput {
            answers: vec![],
            claims: vec![
                claim("verbatim", vec![q("A", &verbatim)], vec![]),
                claim("near", vec![q("A", &near)], vec![]),
                claim(
                    "made up",
                    vec![q(
                        "A",
                        "the index never reports slow queries at all in any batch",
                    )],
                    vec![],
                ),
            ],
        },
    );
    let elapsed = started.elapsed();
    assert!(elapsed.as_secs_f64() < 10.0, "took {elapsed:?}");
    let kept: Vec<(&str, u32)> = map
        .claims
        .iter()
        .map(|c| (c.text.as_str(), c.support_quotes[0].edits))
        .collect();
    assert_eq!(kept, [("verbatim", 0), ("near", 1)]);
    assert_eq!(map.dropped.len(), 1);
    assert_eq!(map.dropped[0].claim, "made up");
    for c in &map.claims {
        let quote = &c.support_quotes[0];
        assert_eq!(utf16_slice(&text, quote.start, quote.end), quote.matched);
    }
    // The verbatim quote is the sentence itself, up to its last word (the period is no word).
    assert_eq!(
        map.claims[0].support_quotes[0].matched,
        verbatim.trim_end_matches('.')
    );
}

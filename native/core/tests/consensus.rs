//! Behaviour of the consensus engine (docs/consensus.md) through the crate's public API,
//! with the committed sentence model installed. tests/lexical.rs runs without it.

mod support;
use support::panel;

use circle_core::embedding::{self, StaticModel};
use circle_core::{
    analyze_similarity, calculate_consensus, tokenize, ConsensusOptions, ConsensusResult,
    ErrorCode, ExpertResponse,
};
use std::path::PathBuf;
use std::sync::Once;

fn install_model() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/minilm-static");
        embedding::install_model(StaticModel::load(dir).expect("the committed model loads"));
    });
}

fn consensus(texts: &[&str]) -> ConsensusResult {
    install_model();
    calculate_consensus(&panel(texts), &ConsensusOptions::default()).unwrap()
}

fn clusters(r: &ConsensusResult) -> Vec<Vec<&str>> {
    r.clusters
        .iter()
        .map(|c| c.members.iter().map(String::as_str).collect())
        .collect()
}

const SHORT_PRO: &str =
    "I'd recommend PostgreSQL. It is reliable, supports transactions and has great JSON support.";
const LONG_PRO: &str = "Go with PostgreSQL. Postgres gives you ACID transactions, mature tooling and solid JSON columns, and it scales well for most web apps. You can start on a managed service and grow from there. Overall, PostgreSQL is the safe choice.";
const AGAINST: &str = "Do not use PostgreSQL here; use MongoDB instead. A document store fits your schemaless data better, and MongoDB scales horizontally.";

#[test]
fn the_same_conclusion_agrees_and_the_opposite_dissents() {
    let r = consensus(&[SHORT_PRO, LONG_PRO, AGAINST]);
    assert_eq!(r.method, "semantic");
    assert_eq!(r.majority, ["a", "b"]);
    assert_eq!(r.dissenters, ["c"]);
    assert!((r.consensus_confidence - 2.0 / 3.0).abs() < 1e-12);
    assert!(!r.reached);
    assert_eq!(r.bottom_lines.len(), 3);
}

#[test]
fn one_amount_written_four_ways_is_one_camp() {
    let r = consensus(&[
        "You need 4½ cups of flour for this recipe.",
        "Use 4.5 cups of flour.",
        "Four and a half cups of flour.",
        "9/2 cups of flour, sifted.",
        "You need 3 cups of flour.",
    ]);
    assert_eq!(clusters(&r), [vec!["a", "b", "c", "d"], vec!["e"]]);
    assert_eq!(r.dissenters, ["e"]);
}

#[test]
fn a_wrong_entity_is_its_own_camp() {
    let r = consensus(&[
        "The capital of Australia is Canberra.",
        "It's Canberra. It was built as a compromise between Sydney and Melbourne.",
        "Canberra, in the Australian Capital Territory.",
        "The capital of Australia is Sydney.",
    ]);
    assert_eq!(r.majority, ["a", "b", "c"]);
    assert_eq!(r.dissenters, ["d"]);
    assert!(clusters(&r).contains(&vec!["d"]));
}

#[test]
fn filler_is_never_a_recommendation() {
    let filler = "Great question! I hope this helps, let me know if you have any other questions.";
    let r = consensus(&[
        &format!("{filler} Use PostgreSQL for this project: it handles transactions well."),
        &format!("{filler} PostgreSQL is the right choice here, with solid transactions."),
        &format!("{filler} Pick PostgreSQL; its transactions are reliable."),
    ]);
    assert!(!r.common_recommendations.is_empty());
    for rec in &r.common_recommendations {
        let text = rec.text.to_lowercase();
        assert!(
            !text.contains("great question") && !text.contains("hope this helps"),
            "{text}"
        );
    }
    for insight in &r.unique_insights {
        assert!(!insight.text.to_lowercase().contains("hope this helps"));
    }
}

#[test]
fn a_dissenter_never_backs_the_majoritys_bottom_line() {
    let r = consensus(&[SHORT_PRO, LONG_PRO, AGAINST]);
    for rec in &r.common_recommendations {
        if r.majority.iter().all(|m| rec.supporters.contains(m)) {
            assert!(!rec.supporters.contains(&"c".to_string()), "{:?}", rec.text);
        }
    }
}

#[test]
fn one_survivor_of_two_asked_is_not_a_consensus() {
    install_model();
    let options = ConsensusOptions {
        experts_asked: Some(2.0),
        ..Default::default()
    };
    let r = calculate_consensus(&panel(&[SHORT_PRO]), &options).unwrap();
    assert_eq!(r.expert_count, 1);
    assert_eq!(r.experts_asked, 2);
    assert!((r.consensus_confidence - 0.5).abs() < 1e-12);
    assert!(!r.reached);
    // Alone and asked alone: the whole (tiny) panel, but still no consensus.
    let alone = calculate_consensus(&panel(&[SHORT_PRO]), &ConsensusOptions::default()).unwrap();
    assert_eq!(alone.consensus_confidence, 1.0);
    assert!(!alone.reached);
}

#[test]
fn weights_and_confidences_move_the_majority() {
    install_model();
    let mut p = panel(&[SHORT_PRO, LONG_PRO, AGAINST]);
    p[2].weight = Some(5.0);
    let r = calculate_consensus(&p, &ConsensusOptions::default()).unwrap();
    assert_eq!(r.majority, ["c"]);
    assert!((r.consensus_confidence - 5.0 / 7.0).abs() < 1e-12);
    let mut q = panel(&[SHORT_PRO, LONG_PRO, AGAINST]);
    q[0].confidence = Some(0.2);
    q[1].confidence = Some(0.2);
    let r = calculate_consensus(&q, &ConsensusOptions::default()).unwrap();
    assert_eq!(r.majority, ["c"]);
}

#[test]
fn final_answers_decide_a_numeric_question() {
    let r = consensus(&[
        "Six times seven.\nThe answer is 42.",
        "Forty plus two.\n#### 42",
        "Six times seven.\nThe answer is 43.",
    ]);
    assert_eq!(r.majority, ["a", "b"]);
    let answers: Vec<&str> = r.final_answers.iter().map(|f| f.answer.as_str()).collect();
    assert_eq!(answers, ["42", "42", "43"]);
}

#[test]
fn an_unfinished_sentence_of_a_streaming_answer_is_no_claim() {
    install_model();
    let mut p = panel(&[
        "Use PostgreSQL for this project. It handles transactions well. Also consider Mongo",
        "Use PostgreSQL for this project. It handles transactions well.",
    ]);
    p[0].streaming = Some(true);
    let r = calculate_consensus(&p, &ConsensusOptions::default()).unwrap();
    for insight in &r.unique_insights {
        assert!(!insight.text.contains("consider Mongo"));
    }
    assert!(r
        .unique_insights
        .iter()
        .all(|u| u.kind == "insight" || u.kind == "caveat"));
}

#[test]
fn bad_input_is_a_typed_error() {
    install_model();
    let code =
        |p: &[ExpertResponse], o: ConsensusOptions| calculate_consensus(p, &o).unwrap_err().code;
    assert_eq!(
        code(&[], ConsensusOptions::default()),
        ErrorCode::EmptyPanel
    );
    let mut dup = panel(&["x", "y"]);
    dup[1].expert_id = "a".into();
    assert_eq!(
        code(&dup, ConsensusOptions::default()),
        ErrorCode::DuplicateExpert
    );
    for w in [f64::NAN, -1.0, 0.0, f64::INFINITY] {
        let mut p = panel(&["x"]);
        p[0].weight = Some(w);
        assert_eq!(
            code(&p, ConsensusOptions::default()),
            ErrorCode::InvalidWeight
        );
    }
    for c in [f64::NAN, -0.1, 1.5] {
        let mut p = panel(&["x"]);
        p[0].confidence = Some(c);
        assert_eq!(
            code(&p, ConsensusOptions::default()),
            ErrorCode::InvalidConfidence
        );
    }
    let threshold = ConsensusOptions {
        confidence_threshold: Some(1.5),
        ..Default::default()
    };
    assert_eq!(code(&panel(&["x"]), threshold), ErrorCode::InvalidArgument);
    for asked in [-1.0, 2.5, 501.0, f64::NAN] {
        let options = ConsensusOptions {
            experts_asked: Some(asked),
            ..Default::default()
        };
        let err = calculate_consensus(&panel(&["x"]), &options).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidArgument);
        assert_eq!(
            err.message,
            "expertsAsked must be a whole number between 0 and 500"
        );
    }
    let big = "word ".repeat(16 * 1024 * 1024 / 5 + 1);
    assert_eq!(
        code(&panel(&[big.as_str()]), ConsensusOptions::default()),
        ErrorCode::TooLarge
    );
}

#[test]
fn similarity_is_symmetric_with_a_unit_diagonal() {
    let m = analyze_similarity(&[SHORT_PRO, LONG_PRO, "", "Bake bread at 220 degrees."]).unwrap();
    for (i, row) in m.iter().enumerate() {
        assert_eq!(row[i], 1.0);
        for (j, &v) in row.iter().enumerate() {
            assert!((0.0..=1.0).contains(&v));
            assert_eq!(v, m[j][i]);
        }
    }
    assert!(m[0][1] > m[0][3]);
}

#[test]
fn tokenize_runs_the_whole_pipeline() {
    assert_eq!(
        tokenize("The Databases were RUNNING quickly").unwrap(),
        ["databas", "run", "quick"]
    );
    assert_eq!(
        tokenize("# Heading\n\n- Avoid `eval`, not only here.").unwrap(),
        ["head", "!`eval"]
    );
    // "No." ends a sentence unless a number follows ("No. 4").
    assert_eq!(
        tokenize("No. State files are kept.").unwrap(),
        ["state", "file", "kept"]
    );
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn answer() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                "[a-zA-Z0-9 .,;:!?'\"()\\[\\]`#*_|>~-]{0,12}",
                Just("\n".to_string()),
                Just("\n\n".to_string()),
                Just("```".to_string()),
                Just("- ".to_string()),
                Just("1. ".to_string()),
                Just("not ".to_string()),
                Just("The answer is 4".to_string()),
                Just("**Short answer:** ".to_string()),
                Just("4½ cups".to_string()),
                Just("\\boxed{".to_string()),
                "\\PC{0,4}",
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn the_pipeline_never_panics(text in answer()) {
            let tokens = tokenize(&text).unwrap();
            prop_assert!(tokens.iter().all(|t| !t.is_empty()));
        }

        #[test]
        fn consensus_keeps_its_invariants(texts in proptest::collection::vec(answer(), 1..6), weights in proptest::collection::vec(0.01f64..5.0, 6)) {
            install_model();
            let responses: Vec<ExpertResponse> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| ExpertResponse { expert_id: format!("e{i}"), text: t.clone(), weight: Some(weights[i]), ..Default::default() })
                .collect();
            let r = calculate_consensus(&responses, &ConsensusOptions::default()).unwrap();
            let n = responses.len();
            prop_assert_eq!(r.similarity.len(), n);
            for (i, row) in r.similarity.iter().enumerate() {
                prop_assert_eq!(row[i], 1.0);
                for (j, &v) in row.iter().enumerate() {
                    prop_assert!((0.0..=1.0).contains(&v));
                    prop_assert_eq!(v, r.similarity[j][i]);
                }
            }
            let share: f64 = r.clusters.iter().map(|c| c.weight_share).sum();
            prop_assert!((share - 1.0).abs() < 1e-9);
            prop_assert_eq!(r.majority.len() + r.dissenters.len(), n);
            prop_assert_eq!(r.consensus_confidence, r.clusters[0].weight_share);
            prop_assert_eq!(r.bottom_lines.len(), n);
            prop_assert!(r.unique_insights.iter().all(|u| u.kind == "insight" || u.kind == "caveat"));
        }
    }
}

//! Behaviour of the consensus engine through the crate's public API.

use circle_core::{
    analyze_similarity, calculate_consensus, tokenize, ConsensusOptions, ErrorCode, ExpertResponse,
};

fn panel(texts: &[&str]) -> Vec<ExpertResponse> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| ExpertResponse {
            expert_id: ((b'a' + i as u8) as char).to_string(),
            text: t.to_string(),
            ..Default::default()
        })
        .collect()
}

const SHORT_PRO: &str =
    "I'd recommend PostgreSQL. It is reliable, supports transactions and has great JSON support.";
const LONG_PRO: &str = "Go with PostgreSQL. Postgres gives you ACID transactions, mature tooling and solid JSON columns, and it scales well for most web apps. You can start on a managed service and grow from there. Overall, PostgreSQL is the safe choice.";
const AGAINST: &str = "Do not use PostgreSQL here; use MongoDB instead. A document store fits your schemaless data better, and MongoDB scales horizontally.";

#[test]
fn same_conclusion_agrees_and_the_opposite_dissents() {
    let r = calculate_consensus(
        &panel(&[SHORT_PRO, LONG_PRO, AGAINST]),
        &ConsensusOptions::default(),
    )
    .unwrap();
    assert_eq!(r.majority, ["a", "b"]);
    assert_eq!(r.dissenters, ["c"]);
    assert!((r.consensus_confidence - 2.0 / 3.0).abs() < 1e-12);
    assert!(!r.reached);
}

#[test]
fn weights_and_confidences_move_the_majority() {
    let mut p = panel(&[SHORT_PRO, LONG_PRO, AGAINST]);
    p[2].weight = Some(5.0);
    let r = calculate_consensus(&p, &ConsensusOptions::default()).unwrap();
    assert_eq!(r.majority, ["c"]);
    assert!((r.consensus_confidence - 5.0 / 7.0).abs() < 1e-12);
    let mut q = panel(&[SHORT_PRO, LONG_PRO, AGAINST]);
    q[0].confidence = Some(0.2);
    q[1].confidence = Some(0.2);
    assert_eq!(
        calculate_consensus(&q, &ConsensusOptions::default())
            .unwrap()
            .majority,
        ["c"]
    );
}

#[test]
fn final_answers_decide() {
    let r = calculate_consensus(
        &panel(&[
            "Six times seven.\nThe answer is 42.",
            "Forty plus two.\n#### 42",
            "Six times seven.\nThe answer is 43.",
        ]),
        &ConsensusOptions::default(),
    )
    .unwrap();
    assert_eq!(r.majority, ["a", "b"]);
    assert_eq!(
        r.final_answers
            .iter()
            .map(|f| f.answer.as_str())
            .collect::<Vec<_>>(),
        ["42", "42", "43"]
    );
}

#[test]
fn filler_agrees_with_nothing() {
    let r = calculate_consensus(
        &panel(&[
            "Great question! It depends on your use case. I hope this helps!",
            "Great question! Hope this helps, let me know if you have any other questions!",
        ]),
        &ConsensusOptions::default(),
    )
    .unwrap();
    assert_eq!(r.similarity[0][1], 0.0);
    assert_eq!(r.clusters.len(), 2);
}

#[test]
fn bad_input_is_a_typed_error() {
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
    assert_eq!(
        code(
            &panel(&["x"]),
            ConsensusOptions {
                confidence_threshold: Some(1.5)
            }
        ),
        ErrorCode::InvalidArgument
    );
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
                Just("\\boxed{".to_string()),
                "\\PC{0,4}",
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn the_pipeline_never_panics(text in answer()) {
            let tokens = tokenize(&text).unwrap();
            prop_assert!(tokens.iter().all(|t| !t.is_empty()));
        }

        #[test]
        fn consensus_keeps_its_invariants(texts in proptest::collection::vec(answer(), 1..6), weights in proptest::collection::vec(0.01f64..5.0, 6)) {
            let responses: Vec<ExpertResponse> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| ExpertResponse { expert_id: format!("e{i}"), text: t.clone(), weight: Some(weights[i]), confidence: None })
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
        }
    }
}

#[test]
fn a_flat_contradiction_outweighs_shared_background() {
    let background = "PostgreSQL is a relational database. It supports SQL, joins and ACID transactions. It has a large ecosystem of extensions.";
    let pro = format!("{background} You should use PostgreSQL for this project.");
    let against =
        format!("{background} You should not use PostgreSQL for this project; use MongoDB.");
    let r = calculate_consensus(
        &panel(&[pro.as_str(), against.as_str()]),
        &ConsensusOptions::default(),
    )
    .unwrap();
    assert_eq!(r.clusters.len(), 2);
    assert!(r.similarity[0][1] < 0.25);
}

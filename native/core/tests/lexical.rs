//! The engine without its sentence model (docs/consensus.md, "Without the model"): this
//! test binary never installs one, so similarities are the panel's TF-IDF cosines.

mod support;
use support::panel;

use circle_core::{calculate_consensus, ConsensusOptions};

#[test]
fn without_the_model_the_method_is_lexical_and_conclusions_still_decide() {
    let r = calculate_consensus(
        &panel(&[
            "I'd recommend PostgreSQL. It is reliable, supports transactions and has great JSON support.",
            "Go with PostgreSQL. Postgres gives you ACID transactions and mature tooling.",
            "Do not use PostgreSQL here; use MongoDB instead. A document store fits your schemaless data better.",
        ]),
        &ConsensusOptions::default(),
    )
    .unwrap();
    assert_eq!(r.method, "lexical");
    assert_eq!(r.majority, ["a", "b"]);
    assert_eq!(r.dissenters, ["c"]);
}

#[test]
fn quantities_compare_without_the_model() {
    let r = calculate_consensus(
        &panel(&[
            "Use 4½ cups of flour.",
            "4.5 cups.",
            "Four and a half cups.",
            "9/2 cups.",
            "3 cups.",
        ]),
        &ConsensusOptions::default(),
    )
    .unwrap();
    let clusters: Vec<Vec<&str>> = r
        .clusters
        .iter()
        .map(|c| c.members.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(clusters, [vec!["a", "b", "c", "d"], vec!["e"]]);
}

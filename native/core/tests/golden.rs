//! Golden cases (tests/fixtures/consensus-cases.json): panels with the outcome the engine
//! must produce, run with the committed sentence model installed. tests/core/golden.test.ts
//! runs the same file on both backends.

use circle_core::embedding::{self, StaticModel};
use circle_core::{calculate_consensus, ConsensusOptions, ConsensusResult, ExpertResponse};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Once;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn install_model() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let model = StaticModel::load(repo_root().join("models/minilm-static"))
            .expect("the committed model loads");
        embedding::install_model(model);
    });
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

fn responses(v: &Value) -> Vec<ExpertResponse> {
    v.as_array()
        .expect("responses")
        .iter()
        .map(|r| ExpertResponse {
            expert_id: r["expertId"].as_str().unwrap().to_string(),
            text: r["text"].as_str().unwrap().to_string(),
            confidence: r.get("confidence").and_then(Value::as_f64),
            weight: r.get("weight").and_then(Value::as_f64),
            streaming: r.get("streaming").and_then(Value::as_bool),
        })
        .collect()
}

fn options(v: Option<&Value>) -> ConsensusOptions {
    ConsensusOptions {
        confidence_threshold: v
            .and_then(|o| o.get("confidenceThreshold"))
            .and_then(Value::as_f64),
        experts_asked: v
            .and_then(|o| o.get("expertsAsked"))
            .and_then(Value::as_f64),
    }
}

fn check(name: &str, want: &Value, r: &ConsensusResult) {
    if let Some(clusters) = want.get("clusters") {
        let got: Vec<Vec<String>> = r.clusters.iter().map(|c| c.members.clone()).collect();
        let expected: Vec<Vec<String>> = clusters.as_array().unwrap().iter().map(strings).collect();
        assert_eq!(got, expected, "{name}: clusters");
    }
    if let Some(m) = want.get("majority") {
        assert_eq!(r.majority, strings(m), "{name}: majority");
    }
    if let Some(d) = want.get("dissenters") {
        assert_eq!(r.dissenters, strings(d), "{name}: dissenters");
    }
    if let Some(reached) = want.get("reached").and_then(Value::as_bool) {
        assert_eq!(r.reached, reached, "{name}: reached");
    }
    if let Some(c) = want.get("consensusConfidence").and_then(Value::as_f64) {
        assert!(
            (r.consensus_confidence - c).abs() < 1e-6,
            "{name}: consensusConfidence {}",
            r.consensus_confidence
        );
    }
    if let Some(asked) = want.get("expertsAsked").and_then(Value::as_u64) {
        assert_eq!(r.experts_asked as u64, asked, "{name}: expertsAsked");
    }
    if let Some(count) = want.get("recommendationsCount").and_then(Value::as_u64) {
        assert_eq!(
            r.common_recommendations.len() as u64,
            count,
            "{name}: recommendations"
        );
    }
    for inc in want
        .get("recommendationsInclude")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let text = inc["text"].as_str().unwrap();
        let mut supporters = strings(&inc["supporters"]);
        supporters.sort();
        let hit = r.common_recommendations.iter().any(|c| {
            let mut s = c.supporters.clone();
            s.sort();
            c.text.to_lowercase().contains(text) && s == supporters
        });
        assert!(
            hit,
            "{name}: no recommendation {text:?} backed by {supporters:?}"
        );
    }
    for exc in want
        .get("recommendationsExclude")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let text = exc.as_str().unwrap();
        assert!(
            !r.common_recommendations
                .iter()
                .any(|c| c.text.to_lowercase().contains(text)),
            "{name}: {text:?} listed"
        );
    }
    for ins in want
        .get("insights")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let expert = ins["expertId"].as_str().unwrap();
        let kind = ins.get("kind").and_then(Value::as_str);
        let context = ins.get("context").and_then(Value::as_str);
        let hit = r.unique_insights.iter().any(|u| {
            u.expert_id == expert
                && kind.is_none_or(|k| u.kind == k)
                && context.is_none_or(|c| u.context.as_deref().unwrap_or("").contains(c))
        });
        assert!(
            hit,
            "{name}: no insight of {expert} ({kind:?}, {context:?})"
        );
    }
    // Always: a claim is a recommendation or an insight, never both; a dissenter never backs the majority's bottom line.
    let plain = |t: &str| t.replace(['*', '_', '`'], "").trim().to_string();
    for u in &r.unique_insights {
        let cited = r.common_recommendations.iter().any(|c| {
            c.evidence
                .iter()
                .any(|e| e.expert_id == u.expert_id && plain(&e.text) == u.text)
        });
        assert!(
            !cited,
            "{name}: {:?} is both a recommendation and an insight",
            u.text
        );
    }
    if let Some(first) = r.common_recommendations.first() {
        if r.majority.iter().all(|m| first.supporters.contains(m)) {
            for d in &r.dissenters {
                assert!(
                    !first.supporters.contains(d),
                    "{name}: dissenter {d} backs the majority's bottom line"
                );
            }
        }
    }
}

#[test]
fn golden_cases() {
    install_model();
    let file = repo_root().join("tests/fixtures/consensus-cases.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 10);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let r = calculate_consensus(
            &responses(&case["responses"]),
            &options(case.get("options")),
        )
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        check(name, &case["expect"], &r);
    }
}

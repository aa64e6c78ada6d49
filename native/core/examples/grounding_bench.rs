//! Times `ground_analysis` on an input saved as JSON ({answers, output}, the shape of
//! bench/core.ts's grounding case): `cargo run --release -p circle-core --example
//! grounding_bench -- input.json [iterations]`. Prints the median and the verified map's
//! JSON digest, so a change to the core can be checked for speed and for sameness.

use circle_core::grounding::{
    ground_analysis, AnalystAnswer, AnalystClaim, AnalystOutput, AnalystQuote, GroundingOptions,
    LabelledAnswer,
};
use serde_json::Value;
use std::time::Instant;

fn s(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_string()
}

fn quotes(v: &Value) -> Vec<AnalystQuote> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|q| AnalystQuote {
                    expert: s(q, "expert"),
                    quote: s(q, "quote"),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .expect("usage: grounding_bench input.json [iterations]");
    let iterations: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(2000);
    let input: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let answers: Vec<LabelledAnswer> = input["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| LabelledAnswer {
            label: s(a, "label"),
            expert_id: s(a, "expertId"),
            text: s(a, "text"),
            weight: a["weight"].as_f64(),
        })
        .collect();
    let out = &input["output"];
    let output = AnalystOutput {
        answers: out["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| AnalystAnswer {
                expert: s(a, "expert"),
                bottom_line: s(a, "bottomLine"),
                quote: a["quote"].as_str().map(str::to_string),
                confidence: a["confidence"].as_f64(),
            })
            .collect(),
        claims: out["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| AnalystClaim {
                text: s(c, "text"),
                support: quotes(&c["support"]),
                oppose: quotes(&c["oppose"]),
            })
            .collect(),
    };
    let options = GroundingOptions::default();
    let map = ground_analysis(&answers, &output, &options).unwrap();
    let json = serde_json::to_string(&map).unwrap();
    let mut times = Vec::with_capacity(iterations);
    let mut json_times = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let t = Instant::now();
        let map = ground_analysis(&answers, &output, &options).unwrap();
        let mid = Instant::now();
        let text = serde_json::to_string(&map).unwrap();
        json_times.push(mid.elapsed().as_secs_f64() * 1e3);
        times.push((mid - t).as_secs_f64() * 1e3);
        std::hint::black_box(text);
    }
    times.sort_by(f64::total_cmp);
    json_times.sort_by(f64::total_cmp);
    let digest = json.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    });
    println!(
        "ground_analysis median {:.3} ms (min {:.3}), to JSON {:.3} ms; {} bytes, digest {digest:016x}",
        times[iterations / 2],
        times[0],
        json_times[iterations / 2],
        json.len()
    );
    phases(&answers, &output, iterations);
    if let Some(dump) = args.get(3) {
        std::fs::write(dump, &json).unwrap();
    }
}

/// The phases of one grounding, timed apart (the same steps as map.rs, through the
/// public modules): reading the quotes' words, reading and indexing the answers,
/// matching every quote.
fn phases(answers: &[LabelledAnswer], output: &AnalystOutput, iterations: usize) {
    use circle_core::grounding::matcher::{find_quote, AnswerIndex};
    use circle_core::grounding::words::{read_answer_words, read_words, Interner};
    let all_quotes: Vec<(&str, &str)> = output
        .answers
        .iter()
        .filter_map(|a| a.quote.as_deref().map(|q| (a.expert.as_str(), q)))
        .chain(
            output
                .claims
                .iter()
                .flat_map(|c| c.support.iter().chain(&c.oppose))
                .map(|q| (q.expert.as_str(), q.quote.as_str())),
        )
        .collect();
    let mut t = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..iterations {
        let t0 = Instant::now();
        let mut interner = Interner::default();
        for (_, q) in &all_quotes {
            read_words(q, &mut interner);
        }
        let vocabulary = interner.len();
        let t1 = Instant::now();
        let words: Vec<_> = answers
            .iter()
            .map(|a| read_answer_words(&a.text, &mut interner))
            .collect();
        let t2 = Instant::now();
        let indexes: Vec<_> = words
            .into_iter()
            .map(|w| AnswerIndex::new(w, vocabulary))
            .collect();
        let t3 = Instant::now();
        let mut found = 0;
        for (label, q) in &all_quotes {
            let ids = read_words(q, &mut interner).ids;
            if let Some(at) = answers.iter().position(|a| a.label == *label) {
                found += usize::from(find_quote(&indexes[at], &ids, 0.15).is_some());
            }
        }
        let t4 = Instant::now();
        std::hint::black_box(found);
        for (i, (a, b)) in [(t0, t1), (t1, t2), (t2, t3), (t3, t4)]
            .into_iter()
            .enumerate()
        {
            t[i].push((b - a).as_secs_f64() * 1e3);
        }
    }
    for (name, mut v) in [
        "quotes read",
        "answers read",
        "answers indexed",
        "quotes matched",
    ]
    .into_iter()
    .zip(t)
    {
        v.sort_by(f64::total_cmp);
        println!("  {name}: median {:.3} ms, min {:.3}", v[v.len() / 2], v[0]);
    }
}

//! Helpers shared by the core's test binaries.

use circle_core::ExpertResponse;

/// A panel of experts "a", "b", ... answering `texts`.
pub fn panel(texts: &[&str]) -> Vec<ExpertResponse> {
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

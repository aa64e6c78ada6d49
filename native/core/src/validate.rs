//! Input checks, in the same order and with the same codes and messages as
//! server/core/fallback/validate.ts. (Lone surrogates never reach Rust: Node
//! hands strings over as UTF-8 with U+FFFD in their place, and the fallback
//! does the same replacement.)

use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::limits::{MAX_EXPERTS, MAX_PANEL_BYTES, MAX_TEXT_BYTES};
use crate::params::params;
use crate::types::{ConsensusOptions, ExpertResponse};
use rustc_hash::FxHashSet;

pub struct Expert<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub weight: f64,
    pub confidence: f64,
    /// Still being written: its trailing unfinished sentence is no claim.
    pub streaming: bool,
}

pub struct Panel<'a> {
    pub experts: Vec<Expert<'a>>,
    pub confidence_threshold: f64,
    /// Experts asked, answered or not (failed, cancelled): at least experts.len().
    pub experts_asked: usize,
}

fn err(code: ErrorCode, message: String) -> CoreError {
    CoreError::new(code, message)
}

/// Checks a list of texts (analyzeSimilarity).
pub fn validate_texts<S: AsRef<str>>(texts: &[S]) -> CoreResult<()> {
    if texts.len() > MAX_EXPERTS {
        return Err(err(
            ErrorCode::TooLarge,
            format!("at most {MAX_EXPERTS} texts are accepted"),
        ));
    }
    let mut total = 0;
    for text in texts {
        validate_text(text.as_ref())?;
        total += text.as_ref().len();
        if total > MAX_PANEL_BYTES {
            return Err(err(
                ErrorCode::TooLarge,
                format!("the texts exceed {MAX_PANEL_BYTES} bytes in total"),
            ));
        }
    }
    Ok(())
}

/// Checks one text (tokenize).
pub fn validate_text(text: &str) -> CoreResult<()> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(err(
            ErrorCode::TooLarge,
            format!("a text exceeds {MAX_TEXT_BYTES} bytes"),
        ));
    }
    Ok(())
}

pub fn validate_panel<'a>(
    responses: &'a [ExpertResponse],
    options: &ConsensusOptions,
) -> CoreResult<Panel<'a>> {
    if responses.is_empty() {
        return Err(err(
            ErrorCode::EmptyPanel,
            "the panel has no responses".into(),
        ));
    }
    if responses.len() > MAX_EXPERTS {
        return Err(err(
            ErrorCode::TooLarge,
            format!("at most {MAX_EXPERTS} experts are accepted"),
        ));
    }
    let threshold = options
        .confidence_threshold
        .unwrap_or(params().thresholds.confidence_threshold);
    if !threshold.is_finite() || !(0.0..=1.0).contains(&threshold) {
        return Err(err(
            ErrorCode::InvalidArgument,
            "confidenceThreshold must be a number between 0 and 1".into(),
        ));
    }

    let mut seen = FxHashSet::default();
    let mut total = 0;
    let mut experts = Vec::with_capacity(responses.len());
    for (i, r) in responses.iter().enumerate() {
        let id = r.expert_id.as_str();
        if id.is_empty() {
            return Err(err(
                ErrorCode::InvalidArgument,
                format!("response {i} needs a non-empty expertId"),
            ));
        }
        if !seen.insert(id) {
            return Err(err(
                ErrorCode::DuplicateExpert,
                format!("expert \"{id}\" appears more than once"),
            ));
        }
        let weight = r.weight.unwrap_or(1.0);
        if !weight.is_finite() || weight <= 0.0 {
            return Err(err(
                ErrorCode::InvalidWeight,
                format!("expert \"{id}\": weight must be a finite number greater than 0"),
            ));
        }
        let confidence = r.confidence.unwrap_or(1.0);
        if !confidence.is_finite() || !(0.0..=1.0).contains(&confidence) {
            return Err(err(
                ErrorCode::InvalidConfidence,
                format!("expert \"{id}\": confidence must be a number between 0 and 1"),
            ));
        }
        let bytes = r.text.len();
        if bytes > MAX_TEXT_BYTES {
            return Err(err(
                ErrorCode::TooLarge,
                format!("expert \"{id}\": the text exceeds {MAX_TEXT_BYTES} bytes"),
            ));
        }
        total += bytes;
        if total > MAX_PANEL_BYTES {
            return Err(err(
                ErrorCode::TooLarge,
                format!("the panel exceeds {MAX_PANEL_BYTES} bytes in total"),
            ));
        }
        experts.push(Expert {
            id,
            text: &r.text,
            weight,
            confidence,
            streaming: r.streaming == Some(true),
        });
    }
    let asked = options.experts_asked.unwrap_or(experts.len() as f64);
    if !asked.is_finite() || asked.fract() != 0.0 || asked < 0.0 || asked > MAX_EXPERTS as f64 {
        return Err(err(
            ErrorCode::InvalidArgument,
            format!("expertsAsked must be a whole number between 0 and {MAX_EXPERTS}"),
        ));
    }
    Ok(Panel {
        confidence_threshold: threshold,
        experts_asked: (asked as usize).max(experts.len()),
        experts,
    })
}

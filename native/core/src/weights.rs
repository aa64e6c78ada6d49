//! Learned expert weights: a Beta posterior over an expert's reliability.
//!
//! A performance score s in [0, 1] is fractional evidence: `alpha += s`,
//! `beta += 1 - s`. The weight is the posterior mean `alpha / (alpha + beta)`
//! and the uncertainty its standard deviation.
//!
//! Evidence ceiling: once `alpha + beta` would exceed [`MAX_EVIDENCE`], both are
//! scaled down to sum to it, keeping the mean. Without a ceiling the posterior
//! hardens forever and an expert that degrades (a model update, a provider
//! outage) could never lose its weight; with it, each new score still moves the
//! mean by about 1/MAX_EVIDENCE, i.e. exponential forgetting of old evidence.
//! The TypeScript fallback performs the same floating-point operations in the same order.

use crate::error::{CoreError, CoreResult, ErrorCode};

/// Largest `alpha + beta` a posterior keeps: roughly the last hundred scores count.
pub const MAX_EVIDENCE: f64 = 100.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightPosterior {
    pub alpha: f64,
    pub beta: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightUpdate {
    pub alpha: f64,
    pub beta: f64,
    /// Posterior mean: the expert's weight.
    pub mean: f64,
    /// Posterior standard deviation.
    pub uncertainty: f64,
}

pub fn update_weight(prior: WeightPosterior, performance_score: f64) -> CoreResult<WeightUpdate> {
    check_parameter("prior.alpha", prior.alpha)?;
    check_parameter("prior.beta", prior.beta)?;
    if !(0.0..=1.0).contains(&performance_score) {
        return Err(invalid(format!(
            "performanceScore must be a number from 0 to 1, got {}",
            show(performance_score)
        )));
    }
    let mut alpha = prior.alpha + performance_score;
    let mut beta = prior.beta + (1.0 - performance_score);
    let total = alpha + beta;
    if !total.is_finite() {
        return Err(invalid(
            "prior.alpha + prior.beta is too large to represent".to_string(),
        ));
    }
    if total > MAX_EVIDENCE {
        let scale = MAX_EVIDENCE / total;
        alpha *= scale;
        beta *= scale;
    }
    let total = alpha + beta;
    let variance = (alpha * beta) / (total * total * (total + 1.0));
    Ok(WeightUpdate {
        alpha,
        beta,
        mean: alpha / total,
        uncertainty: variance.sqrt(),
    })
}

fn check_parameter(name: &str, value: f64) -> CoreResult<()> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(invalid(format!(
            "{name} must be a finite number greater than 0, got {}",
            show(value)
        )))
    }
}

fn invalid(message: String) -> CoreError {
    CoreError::new(ErrorCode::InvalidArgument, message)
}

/// Formats NaN and infinities the way JavaScript prints them, so messages read the same from both backends.
fn show(x: f64) -> String {
    if x.is_nan() {
        "NaN".to_string()
    } else if x.is_infinite() {
        if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else {
        x.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(alpha: f64, beta: f64, score: f64) -> CoreResult<WeightUpdate> {
        update_weight(WeightPosterior { alpha, beta }, score)
    }

    #[test]
    fn beta_update_from_uniform_prior() {
        let u = update(1.0, 1.0, 1.0).unwrap();
        assert_eq!((u.alpha, u.beta), (2.0, 1.0));
        assert!((u.mean - 2.0 / 3.0).abs() < 1e-15);
        // Var of Beta(2,1) = 2 / (9 * 4) = 1/18
        assert!((u.uncertainty - (1.0f64 / 18.0).sqrt()).abs() < 1e-15);
        let half = update(1.0, 1.0, 0.5).unwrap();
        assert_eq!((half.alpha, half.beta, half.mean), (1.5, 1.5, 0.5));
    }

    #[test]
    fn evidence_shrinks_uncertainty() {
        let mut p = WeightPosterior {
            alpha: 1.0,
            beta: 1.0,
        };
        let mut last = f64::INFINITY;
        for _ in 0..20 {
            let u = update_weight(p, 0.8).unwrap();
            assert!(u.uncertainty < last);
            last = u.uncertainty;
            p = WeightPosterior {
                alpha: u.alpha,
                beta: u.beta,
            };
        }
    }

    #[test]
    fn ceiling_keeps_the_weight_adaptable() {
        let strong = update(90.0, 10.0, 1.0).unwrap();
        assert!((strong.alpha + strong.beta - MAX_EVIDENCE).abs() < 1e-9);
        assert!(
            (strong.mean - 91.0 / 101.0).abs() < 1e-12,
            "the ceiling keeps the mean"
        );
        // A degraded expert loses weight steadily even after long good service.
        let mut p = WeightPosterior {
            alpha: strong.alpha,
            beta: strong.beta,
        };
        for _ in 0..100 {
            let u = update_weight(p, 0.0).unwrap();
            p = WeightPosterior {
                alpha: u.alpha,
                beta: u.beta,
            };
        }
        assert!(p.alpha / (p.alpha + p.beta) < 0.5);
    }

    #[test]
    fn invalid_input_is_a_typed_error() {
        for (a, b, s) in [
            (f64::NAN, 1.0, 0.5),
            (0.0, 1.0, 0.5),
            (1.0, -1.0, 0.5),
            (f64::INFINITY, 1.0, 0.5),
            (1.0, 1.0, 1.5),
            (1.0, 1.0, -0.1),
            (1.0, 1.0, f64::NAN),
            (f64::MAX, f64::MAX, 0.5),
        ] {
            let err = update(a, b, s).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidArgument, "{a} {b} {s}");
        }
        assert!(update(f64::NAN, 1.0, 0.5)
            .unwrap_err()
            .message
            .contains("prior.alpha"));
        assert!(update(1.0, 1.0, 2.0)
            .unwrap_err()
            .message
            .contains("performanceScore"));
    }
}

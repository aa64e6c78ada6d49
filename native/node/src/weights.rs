//! `updateWeight` (sync and AsyncTask) over `circle_core::weights`.

use crate::errors::guard;
use circle_core::weights as core;
use circle_core::CoreResult;
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// Beta posterior over an expert's reliability.
#[napi(object)]
#[derive(Clone, Copy)]
pub struct WeightPosterior {
    pub alpha: f64,
    pub beta: f64,
}

#[napi(object)]
pub struct WeightUpdate {
    pub alpha: f64,
    pub beta: f64,
    /// Posterior mean: the expert's weight.
    pub mean: f64,
    /// Posterior standard deviation.
    pub uncertainty: f64,
}

fn update_weight_impl(prior: WeightPosterior, performance_score: f64) -> CoreResult<WeightUpdate> {
    let u = core::update_weight(
        core::WeightPosterior {
            alpha: prior.alpha,
            beta: prior.beta,
        },
        performance_score,
    )?;
    Ok(WeightUpdate {
        alpha: u.alpha,
        beta: u.beta,
        mean: u.mean,
        uncertainty: u.uncertainty,
    })
}

/// Bayesian update of an expert's weight with a performance score in [0, 1].
#[napi]
pub fn update_weight(prior: WeightPosterior, performance_score: f64) -> Result<WeightUpdate> {
    guard(|| update_weight_impl(prior, performance_score))
}

pub struct UpdateWeightTask {
    prior: WeightPosterior,
    performance_score: f64,
}

impl Task for UpdateWeightTask {
    type Output = WeightUpdate;
    type JsValue = WeightUpdate;

    fn compute(&mut self) -> Result<Self::Output> {
        guard(|| update_weight_impl(self.prior, self.performance_score))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// `updateWeight` off the event loop.
#[napi(ts_return_type = "Promise<WeightUpdate>")]
pub fn update_weight_async(
    prior: WeightPosterior,
    performance_score: f64,
) -> AsyncTask<UpdateWeightTask> {
    AsyncTask::new(UpdateWeightTask {
        prior,
        performance_score,
    })
}

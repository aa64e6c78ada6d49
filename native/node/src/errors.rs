//! The one place where core errors and panics become JS errors.
//!
//! Every export (sync and AsyncTask) runs its work through [`guard`], so a
//! `CoreError` reaches JS as `Error("CODE: message")` and a panic becomes
//! `Error("INTERNAL: ...")` instead of aborting the Node process.
//! `server/core/errors.ts` parses the `CODE: ` prefix back into a `CoreError`.

use circle_core::{CoreError, CoreResult, ErrorCode};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Maps a core error to a napi error whose reason is `CODE: message`.
pub fn to_napi(err: CoreError) -> napi::Error {
    napi::Error::new(napi::Status::GenericFailure, err.to_string())
}

/// Runs `work`, turning a panic into an `INTERNAL` core error.
pub fn catch_panic<T>(work: impl FnOnce() -> CoreResult<T>) -> CoreResult<T> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(CoreError::new(
                ErrorCode::Internal,
                format!("native core panicked: {detail}"),
            ))
        }
    }
}

/// `catch_panic` then `to_napi`: what every export calls.
pub fn guard<T>(work: impl FnOnce() -> CoreResult<T>) -> napi::Result<T> {
    catch_panic(work).map_err(to_napi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let result: CoreResult<()> = catch_panic(|| panic!("boom"));
        let err = result.unwrap_err();
        assert_eq!(err.code, ErrorCode::Internal);
        assert_eq!(err.message, "native core panicked: boom");
    }

    #[test]
    fn core_errors_keep_their_code_prefix() {
        let err = to_napi(CoreError::new(
            ErrorCode::EmptyPanel,
            "the panel has no responses",
        ));
        assert_eq!(err.reason, "EMPTY_PANEL: the panel has no responses");
    }
}

//! Typed errors shared by every algorithm of the core. The codes mirror
//! `CoreErrorCode` in `server/core/types.ts`; the binding turns a `CoreError`
//! into a JS error whose message starts with `CODE: `, which the TypeScript
//! side parses back into the same `CoreError` class the fallback throws.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    EmptyPanel,
    DuplicateExpert,
    InvalidWeight,
    InvalidConfidence,
    InvalidArgument,
    TooLarge,
    Internal,
}

impl ErrorCode {
    /// The wire name, identical to the TypeScript `CoreErrorCode` literal.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::EmptyPanel => "EMPTY_PANEL",
            ErrorCode::DuplicateExpert => "DUPLICATE_EXPERT",
            ErrorCode::InvalidWeight => "INVALID_WEIGHT",
            ErrorCode::InvalidConfidence => "INVALID_CONFIDENCE",
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::TooLarge => "TOO_LARGE",
            ErrorCode::Internal => "INTERNAL",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoreError {
    pub code: ErrorCode,
    pub message: String,
}

impl CoreError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        CoreError {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for CoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for CoreError {}

pub type CoreResult<T> = Result<T, CoreError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_starts_with_the_wire_code() {
        let e = CoreError::new(ErrorCode::DuplicateExpert, "expert \"a\" appears twice");
        assert_eq!(
            e.to_string(),
            "DUPLICATE_EXPERT: expert \"a\" appears twice"
        );
    }
}

/** The providers module: one call per answer, one error type, one retry layer. */
export { ProviderError, providerLabel, type ProviderErrorKind } from './errors';
export { streamWithPolicy, type PolicyHooks, type StreamPolicy } from './policy';
export { estimateCostUsd } from './pricing';
export { streamAnswer } from './stream-answer';
export type { Delta, ProviderKind, StreamRequest, Usage } from './types';

/** The provider-facing contract shared by every adapter, the retry policy and the orchestrator. */

export type ProviderKind = 'openai' | 'anthropic' | 'gemini' | 'openai_compatible';

export interface StreamRequest {
  provider: ProviderKind;
  model: string;
  /** The expert's persona. */
  system?: string;
  question: string;
  temperature?: number;
  maxTokens?: number;
  /** May be empty for openai_compatible endpoints that need no key (Ollama, LM Studio). */
  apiKey: string;
  /** Overrides the provider's default endpoint; required for openai_compatible. */
  baseUrl?: string;
  signal: AbortSignal;
}

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
}

/**
 * What a stream yields: text pieces in order, then at most one usage record, after the last
 * text, when the provider reported one.
 */
export type Delta = { type: 'text'; text: string } | ({ type: 'usage' } & Usage);

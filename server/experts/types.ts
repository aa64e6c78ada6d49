import type { ProviderKind } from '../runs/types';

export interface ExpertWeightView {
  /** Posterior mean of the Beta(alpha, beta) reliability: the weight used in consensus. */
  mean: number;
  /** Posterior standard deviation. */
  uncertainty: number;
  alpha: number;
  beta: number;
  ratingCount: number;
}

export interface ExpertView {
  id: string;
  name: string;
  provider: ProviderKind;
  model: string;
  baseUrl: string | null;
  systemPrompt: string | null;
  temperature: number;
  maxTokens: number;
  enabled: boolean;
  simulated: boolean;
  weight: ExpertWeightView;
}

/** A provider credential as the browser may see it: never the key, only its last 4 characters. */
export interface CredentialView {
  id: string | null;
  provider: ProviderKind;
  baseUrl: string;
  last4: string;
  source: 'env' | 'stored';
}

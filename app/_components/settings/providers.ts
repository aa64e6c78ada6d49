import type { ProviderKind } from '@/server/runs/types';

export const PROVIDERS: readonly ProviderKind[] = ['openai', 'anthropic', 'gemini', 'openai_compatible'];

export const providerName: Record<ProviderKind, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Google Gemini',
  openai_compatible: 'OpenAI-compatible',
};

export const modelPlaceholder: Record<ProviderKind, string> = {
  openai: 'gpt-4.1-mini',
  anthropic: 'claude-sonnet-4-5',
  gemini: 'gemini-2.5-flash',
  openai_compatible: 'llama3.1:8b',
};

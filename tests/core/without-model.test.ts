/**
 * Without the sentence model (files missing or corrupt) the engine says so once and works
 * on its lexical signals: the same kinds of results, labelled `lexical`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calculateConsensusWith } from '../../server/core/fallback/consensus';
import { loadDefaultModel, resetDefaultModel } from '../../server/core/fallback/embedding';

const noModel = () => null;

describe('the engine without its sentence model', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetDefaultModel();
  });

  it('still finds camps, quantities and shared recommendations, and says it compared words', () => {
    const r = calculateConsensusWith(
      [
        { expertId: 'a', text: 'You need 4½ cups. Sift the flour before you measure it.' },
        { expertId: 'b', text: '4.5 cups. Sift the flour before measuring it.' },
        { expertId: 'c', text: 'Three cups are enough.' },
      ],
      {},
      noModel,
    );
    expect(r.method).toBe('lexical');
    expect(r.majority).toEqual(['a', 'b']);
    expect(r.dissenters).toEqual(['c']);
    expect(r.commonRecommendations.some((c) => /sift/i.test(c.text) && c.supporters.join() === 'a,b')).toBe(true);
  });

  it('warns once, clearly, when the model files are corrupt, and the consensus goes on', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'circle-model-'));
    writeFileSync(path.join(dir, 'vocab.txt'), '[PAD]\n[UNK]\n');
    writeFileSync(path.join(dir, 'model.safetensors'), Buffer.from('not a safetensors file'));
    vi.stubEnv('CIRCLE_MODEL_DIR', dir);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    resetDefaultModel();
    expect(loadDefaultModel()).toBeNull();
    expect(loadDefaultModel()).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/sentence model unavailable: .+; consensus uses its non-embedding signals/);
    warn.mockRestore();
  });
});

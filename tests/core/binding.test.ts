/**
 * The generated napi-rs type definitions (native/node/index.d.ts) are checked
 * in. This notices when they drift from the addon that is actually built, or
 * from what server/core/native.ts expects of it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NATIVE_EXPORTS } from '../../server/core/native';
import { native } from './support';

const dts = readFileSync(path.resolve('native', 'node', 'index.d.ts'), 'utf8');
const declared = [...dts.matchAll(/^export declare function (\w+)/gm)].map((m) => m[1] as string).sort();

describe('native/node/index.d.ts', () => {
  it('declares every function server/core uses', () => {
    expect(declared).toEqual(expect.arrayContaining([...NATIVE_EXPORTS]));
  });

  it.skipIf(native === null)('declares exactly the functions the built addon exports', () => {
    const addon = createRequire(import.meta.url)(path.resolve('native', 'node', 'index.js')) as Record<string, unknown>;
    const exported = Object.keys(addon)
      .filter((k) => typeof addon[k] === 'function')
      .sort();
    expect(exported).toEqual(declared);
  });

  it('types the async tasks with their real results', () => {
    expect(dts).toContain('export declare function calculateConsensusAsync(responses: Array<ExpertResponse>, options?: ConsensusOptions | undefined | null): Promise<ConsensusResult>');
    expect(dts).toContain('export declare function analyzeSimilarityAsync(texts: Array<string>): Promise<Array<Array<number>>>');
  });
});

/**
 * The static sentence model (models/minilm-static, made by scripts/distill-model.py):
 * TypeScript twin of native/core/src/embedding/model.rs. vocab.txt gives the WordPiece
 * vocabulary; model.safetensors holds `embeddings` (I8 [V, dim]) and `scales` (F32 [V]).
 * The int8 table stays as it is in memory (an Int8Array view of the file's bytes).
 *
 * A sentence's vector: the mean of the dequantised rows of its WordPiece ids (no
 * special tokens, [UNK] left out), L2-normalised; zeros when no token is known. Sums
 * run in float64 in token order, as in Rust (int8 x float32 is exact in a double), so
 * the two implementations agree to the last float32 bit or so.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WordPiece } from './tokenizer';

export const VOCAB_FILE = 'vocab.txt';
export const WEIGHTS_FILE = 'model.safetensors';
const MAX_HEADER_BYTES = 1 << 20;
const MAX_DIM = 4096;

interface TensorInfo {
  dtype: string;
  shape: number[];
  start: number;
  end: number;
}

function tensorInfo(header: Record<string, unknown>, name: string): TensorInfo {
  const entry = header[name] as Record<string, unknown> | undefined;
  if (entry === undefined || entry === null || typeof entry !== 'object') {
    throw new Error(`${WEIGHTS_FILE} has no tensor ${JSON.stringify(name)}`);
  }
  const { dtype, shape, data_offsets: offsets } = entry;
  if (typeof dtype !== 'string') throw new Error(`${WEIGHTS_FILE}: tensor ${JSON.stringify(name)} has no dtype`);
  if (!Array.isArray(shape)) throw new Error(`${WEIGHTS_FILE}: tensor ${JSON.stringify(name)} has no shape`);
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new Error(`${WEIGHTS_FILE}: tensor ${JSON.stringify(name)} has a malformed shape`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw new Error(`${WEIGHTS_FILE}: tensor ${JSON.stringify(name)} has malformed data_offsets`);
  }
  return { dtype, shape: shape as number[], start: offsets[0] as number, end: offsets[1] as number };
}

export class StaticModel {
  private readonly wordPiece: WordPiece;
  private readonly embeddings: Int8Array;
  private readonly scales: Float32Array;
  private readonly dimension: number;

  private constructor(wordPiece: WordPiece, embeddings: Int8Array, scales: Float32Array, dim: number) {
    this.wordPiece = wordPiece;
    this.embeddings = embeddings;
    this.scales = scales;
    this.dimension = dim;
  }

  /**
   * Reads vocab.txt and model.safetensors from `dir`. A missing, unreadable or
   * inconsistent file throws an Error naming it.
   */
  static load(dir: string): StaticModel {
    const vocabPath = path.join(dir, VOCAB_FILE);
    const weightsPath = path.join(dir, WEIGHTS_FILE);
    let vocab: string;
    let weights: Buffer;
    try {
      vocab = readFileSync(vocabPath, 'utf8');
    } catch (err) {
      throw new Error(`cannot read ${vocabPath}: ${(err as Error).message}`);
    }
    try {
      weights = readFileSync(weightsPath);
    } catch (err) {
      throw new Error(`cannot read ${weightsPath}: ${(err as Error).message}`);
    }
    try {
      return StaticModel.fromBytes(vocab, weights);
    } catch (err) {
      throw new Error(`${dir}: ${(err as Error).message}`);
    }
  }

  /** The model from the contents of vocab.txt and model.safetensors. */
  static fromBytes(vocab: string, safetensors: Uint8Array): StaticModel {
    const wordPiece = WordPiece.fromVocabText(vocab);
    const bytes = safetensors;
    if (bytes.length < 8) {
      throw new Error(`${WEIGHTS_FILE} is truncated (${bytes.length} bytes, not even a header length)`);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerLen = view.getBigUint64(0, true);
    if (headerLen > BigInt(MAX_HEADER_BYTES) || headerLen > BigInt(bytes.length - 8)) {
      throw new Error(`${WEIGHTS_FILE} is truncated or corrupt (header of ${headerLen} bytes in a file of ${bytes.length})`);
    }
    const dataStart = 8 + Number(headerLen);
    let header: unknown;
    try {
      header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
    } catch (err) {
      throw new Error(`${WEIGHTS_FILE} has a corrupt header: ${(err as Error).message}`);
    }
    if (header === null || typeof header !== 'object' || Array.isArray(header)) {
      throw new Error(`${WEIGHTS_FILE} has a corrupt header: not a JSON object`);
    }
    const h = header as Record<string, unknown>;
    const dataLength = bytes.length - dataStart;
    const emb = tensorInfo(h, 'embeddings');
    const sc = tensorInfo(h, 'scales');
    if (emb.dtype !== 'I8') throw new Error(`${WEIGHTS_FILE}: embeddings must be I8, found ${emb.dtype}`);
    if (sc.dtype !== 'F32') throw new Error(`${WEIGHTS_FILE}: scales must be F32, found ${sc.dtype}`);
    const [rows, dim] = emb.shape;
    if (emb.shape.length !== 2 || rows === undefined || dim === undefined || dim <= 0 || dim > MAX_DIM) {
      throw new Error(
        `${WEIGHTS_FILE}: embeddings must have shape [vocab, dim] with 0 < dim <= ${MAX_DIM}, found ${JSON.stringify(emb.shape)}`,
      );
    }
    if (rows !== wordPiece.size) {
      throw new Error(`${WEIGHTS_FILE} has ${rows} rows but ${VOCAB_FILE} has ${wordPiece.size} tokens`);
    }
    if (sc.shape.length !== 1 || sc.shape[0] !== rows) {
      throw new Error(`${WEIGHTS_FILE}: scales must have shape [${rows}], found ${JSON.stringify(sc.shape)}`);
    }
    for (const [name, info, expected] of [
      ['embeddings', emb, rows * dim],
      ['scales', sc, rows * 4],
    ] as const) {
      if (info.end < info.start || info.end - info.start !== expected) {
        throw new Error(
          `${WEIGHTS_FILE}: tensor ${JSON.stringify(name)} should hold ${expected} bytes, its offsets say ${info.start}..${info.end}`,
        );
      }
      if (info.end > dataLength) {
        throw new Error(
          `${WEIGHTS_FILE} is truncated: tensor ${JSON.stringify(name)} ends at byte ${info.end} of ${dataLength} data bytes`,
        );
      }
    }
    const base = bytes.byteOffset + dataStart;
    const embeddings = new Int8Array(bytes.buffer, base + emb.start, rows * dim);
    const scales = new Float32Array(rows);
    // Copied through a DataView: little-endian whatever the host, and no alignment rule.
    for (let i = 0; i < rows; i++) scales[i] = view.getFloat32(dataStart + sc.start + 4 * i, true);
    for (let i = 0; i < rows; i++) {
      const s = scales[i] as number;
      if (!Number.isFinite(s) || s < 0) {
        throw new Error(`${WEIGHTS_FILE}: scale of row ${i} is ${s} (must be finite and >= 0)`);
      }
    }
    return new StaticModel(wordPiece, embeddings, scales, dim);
  }

  dim(): number {
    return this.dimension;
  }

  vocabSize(): number {
    return this.wordPiece.size;
  }

  tokenizer(): WordPiece {
    return this.wordPiece;
  }

  /** The dequantised row of token `id` (undefined past the vocabulary). */
  row(id: number): Float32Array | undefined {
    if (!Number.isInteger(id) || id < 0 || id >= this.scales.length) return undefined;
    const s = this.scales[id] as number;
    const out = new Float32Array(this.dimension);
    for (let j = 0; j < this.dimension; j++) out[j] = (this.embeddings[id * this.dimension + j] as number) * s;
    return out;
  }

  /** Unit-length sentence vector of dim() components; zeros when no token is known. */
  embed(text: string): Float32Array {
    return this.embedIds(this.wordPiece.encode(text));
  }

  /** `embed` over ready token ids ([UNK] and ids past the vocabulary are skipped). */
  embedIds(ids: readonly number[]): Float32Array {
    const dim = this.dimension;
    const unk = this.wordPiece.unkId;
    const acc = new Float64Array(dim);
    const emb = this.embeddings;
    let count = 0;
    for (const id of ids) {
      if (id === unk || !(id >= 0 && id < this.scales.length)) continue;
      const s = this.scales[id] as number;
      const base = id * dim;
      for (let j = 0; j < dim; j++) acc[j] = (acc[j] as number) + (emb[base + j] as number) * s;
      count++;
    }
    const out = new Float32Array(dim);
    if (count === 0) return out;
    let norm = 0;
    for (let j = 0; j < dim; j++) {
      const a = (acc[j] as number) / count;
      acc[j] = a;
      norm += a * a;
    }
    norm = Math.sqrt(norm);
    if (norm === 0 || !Number.isFinite(norm)) return out;
    for (let j = 0; j < dim; j++) out[j] = (acc[j] as number) / norm;
    return out;
  }
}

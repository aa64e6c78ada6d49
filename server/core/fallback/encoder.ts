/**
 * The sentence encoder of the fallback: the static MiniLM model (models/minilm-static,
 * or $CIRCLE_MODEL_DIR), loaded on first use; null when it cannot be loaded, and the
 * engine then works on its lexical signals (docs/consensus.md, "Without the model").
 */
import { embedCached, loadDefaultModel } from './embedding';
import type { SentenceEncoder } from './meaning';

export const defaultEncoder: SentenceEncoder = (texts) => (loadDefaultModel() === null ? null : embedCached(texts));

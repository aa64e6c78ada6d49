/** The sentence encoder the fallback uses: the static MiniLM model when it loads, else none. */
import type { SentenceEncoder } from './meaning';

export const defaultEncoder: SentenceEncoder = () => null;

import { CharClass, charClass, codePointAt, cpLen, isSpace } from '../chars';
import { foldWord } from '../pipeline';

/**
 * Text as the grounding compares it: a sequence of folded words, each with its UTF-16
 * span in the original. Letters, digits and combining marks make words; everything else
 * (Markdown markup, punctuation, spaces) only separates them; an ideograph is a word of
 * its own; a Markdown link keeps its text and loses its target (after "](", a run without white
 * space up to ")").
 * So "**PostgreSQL**," and "PostgreSQL" read alike. Mirrored in native/core/src/grounding/words.rs.
 */
export interface Words {
  ids: number[];
  starts: number[];
  ends: number[];
}

/** Word ids shared by every text of one grounding, so equal words compare as equal numbers. */
export class Interner {
  private readonly ids = new Map<string, number>();
  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(word, id);
    }
    return id;
  }
}

export function readWords(text: string, interner: Interner): Words {
  const out: Words = { ids: [], starts: [], ends: [] };
  let start = -1;
  const close = (end: number) => {
    if (start < 0) return;
    out.ids.push(interner.id(foldWord(text.slice(start, end))));
    out.starts.push(start);
    out.ends.push(end);
    start = -1;
  };
  // A link target is a run without white space up to ")". When a scan for one fails at
  // `openUntil` (white space or the end), every "](" before it fails there too: linear.
  let openUntil = -1;
  for (let i = 0; i < text.length; ) {
    const cp = codePointAt(text, i);
    if (cp === 0x5d && text.charCodeAt(i + 1) === 0x28) {
      close(i);
      let j = i + 2;
      if (j <= openUntil) j = openUntil;
      else while (j < text.length && text.charCodeAt(j) !== 0x29 && !isSpace(codePointAt(text, j))) j += cpLen(codePointAt(text, j));
      if (j < text.length && text.charCodeAt(j) === 0x29) {
        i = j + 1;
      } else {
        openUntil = j;
        i += 1;
      }
      continue;
    }
    const cls = charClass(cp);
    const len = cpLen(cp);
    if (cls === CharClass.Ideograph) {
      close(i);
      start = i;
      close(i + len);
    } else if (cls === CharClass.Alnum) {
      if (start < 0) start = i;
    } else if (cls !== CharClass.Extend) {
      close(i);
    }
    i += len;
  }
  close(text.length);
  return out;
}

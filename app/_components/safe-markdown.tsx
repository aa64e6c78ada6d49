'use client';

import { memo, useMemo } from 'react';
import Markdown, { type Components, type Options } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import rehypeHighlight from 'rehype-highlight';
import { rehypeMarkEvidence, type EvidenceMark } from '../_lib/rehype-mark-evidence';
import { CopyButton } from './copy-button';
import { DeferredImage } from './deferred-image';

/*
 * Model output is untrusted. No rehype-raw: raw HTML in the text is dropped,
 * never rendered, so `<img src=...>` or `<script>` in an answer does nothing.
 * react-markdown's default URL transform already strips javascript: and
 * similar schemes; images wait for a click; links open in a new tab without
 * handing over the opener or the referrer.
 */
const remarkPlugins = [remarkGfm];
const rehypePlugins: NonNullable<Options['rehypePlugins']> = [rehypeHighlight];

/** The bit of a hast node this file reads: the highlighted tree still holds every character of the source. */
interface TextNode {
  type: string;
  value?: string;
  children?: TextNode[];
}

/** A code block's source: the text of its (highlighted) tree, without the newline Markdown ends every block with. */
function codeSource(node: TextNode | undefined): string {
  const text = (n: TextNode): string => (n.type === 'text' ? (n.value ?? '') : (n.children ?? []).map(text).join(''));
  return node ? text(node).replace(/\n$/, '') : '';
}

const isExternal = (href: string | undefined) => href !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(href);

const components: Components = {
  a: ({ href, children, node: _node, ...rest }) =>
    isExternal(href) ? (
      <a {...rest} href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    ) : (
      <a {...rest} href={href}>
        {children}
      </a>
    ),
  img: ({ src, alt }) => (typeof src === 'string' && src !== '' ? <DeferredImage src={src} alt={alt ?? ''} /> : null),
  // A button beside each block, rendered by React (no script in the answer, nothing for the CSP to allow).
  pre: ({ node, children, ...rest }) => (
    <div className="relative">
      <pre {...rest}>{children}</pre>
      <div className="absolute top-1.5 right-1.5 flex flex-row-reverse items-center gap-1.5">
        <CopyButton text={codeSource(node)} label="Copy code" className="bg-white/90 dark:bg-zinc-900/90" statusClassName="max-w-64 rounded bg-white/90 px-1 text-right empty:hidden dark:bg-zinc-900/90" />
      </div>
    </div>
  ),
};

/** For a sentence inside a button or list item: paragraphs become spans (no block inside phrasing content). */
const inlineComponents: Components = {
  ...components,
  p: ({ children }) => <span>{children}</span>,
  // No copy button inside a button or a list item's sentence: a plain block, as before.
  pre: ({ node: _node, ...rest }) => <pre {...rest} />,
};

const noHighlights: readonly EvidenceMark[] = [];

/** `highlights`: sentences to mark (the evidence of a selected recommendation, or the quotes of a selected claim). */
export const SafeMarkdown = memo(function SafeMarkdown({
  text,
  highlights = noHighlights,
  inline = false,
}: {
  text: string;
  highlights?: readonly EvidenceMark[];
  inline?: boolean;
}) {
  const plugins = useMemo(
    () => {
      if (highlights.length === 0) return rehypePlugins;
      const mark: [typeof rehypeMarkEvidence, Parameters<typeof rehypeMarkEvidence>[0]] = [rehypeMarkEvidence, { sentences: highlights }];
      return [...rehypePlugins, mark];
    },
    [highlights],
  );
  return (
    <Markdown remarkPlugins={remarkPlugins} rehypePlugins={plugins} components={inline ? inlineComponents : components}>
      {text}
    </Markdown>
  );
});

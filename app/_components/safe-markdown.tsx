'use client';

import { memo, useMemo } from 'react';
import Markdown, { type Components, type Options } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import rehypeHighlight from 'rehype-highlight';
import { rehypeMarkEvidence, type EvidenceMark } from '../_lib/rehype-mark-evidence';
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
};

/** For a sentence inside a button or list item: paragraphs become spans (no block inside phrasing content). */
const inlineComponents: Components = { ...components, p: ({ children }) => <span>{children}</span> };

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

/**
 * Word lists of the text pipeline, mirrored in native/core/src/stopwords.rs
 * (the parity test compares `tokenize` on both backends, so a drifting list fails it).
 */

/** The Snowball English stop list, plus modal verbs that carry no claim. */
export const STOP_WORDS: readonly string[] = [
  'i', 'me', 'my', 'myself', 'we', 'our', 'ours', 'ourselves', 'you', 'your', 'yours', 'yourself',
  'yourselves', 'he', 'him', 'his', 'himself', 'she', 'her', 'hers', 'herself', 'it', 'its', 'itself',
  'they', 'them', 'their', 'theirs', 'themselves', 'what', 'which', 'who', 'whom', 'this', 'that',
  'these', 'those', 'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'have', 'has', 'had',
  'having', 'do', 'does', 'did', 'doing', 'would', 'should', 'could', 'ought', "i'm", "you're",
  "he's", "she's", "it's", "we're", "they're", "i've", "you've", "we've", "they've", "i'd", "you'd",
  "he'd", "she'd", "we'd", "they'd", "i'll", "you'll", "he'll", "she'll", "we'll", "they'll",
  "let's", "that's", "who's", "what's", "here's", "there's", "when's", "where's", "why's", "how's",
  'a', 'an', 'the', 'and', 'if', 'or', 'because', 'as', 'until', 'of', 'at', 'by', 'for', 'with',
  'about', 'between', 'into', 'through', 'during', 'before', 'after', 'above', 'below', 'to', 'from',
  'up', 'down', 'in', 'out', 'on', 'off', 'over', 'under', 'again', 'further', 'then', 'once', 'here',
  'there', 'when', 'where', 'why', 'how', 'all', 'any', 'both', 'each', 'few', 'more', 'most', 'other',
  'some', 'such', 'only', 'own', 'same', 'so', 'than', 'too', 'very',
  'will', 'can', 'may', 'might', 'must', 'shall', 'also', 'just', 'us', 'e.g', 'i.e', 'etc', 'vs',
];

/**
 * Negation cues: the terms after an odd number of them in a clause become `!term`,
 * so "use X" and "do not use X" / "avoid X" share no feature. Any word ending in
 * n't is a cue too. The cues themselves are not terms.
 */
export const NEGATION_CUES: readonly string[] = [
  'not', 'no', 'never', 'nor', 'neither', 'cannot', 'avoid', 'avoids', 'avoided', 'avoiding',
];

/**
 * Words that end a clause, and so the reach of a negation: contrast, coordination and
 * subordination ("avoid X as it ...", "apps that aren't ..."). Not terms themselves.
 */
export const CLAUSE_BREAK_WORDS: readonly string[] = [
  'but', 'however', 'instead', 'whereas', 'although', 'though', 'yet', 'unless', 'except', 'rather',
  'otherwise', 'while', 'and', 'as', 'because', 'since', 'so', 'if', 'when', 'where', 'which', 'who',
  'that', 'then',
];

/**
 * Words of boilerplate ("Great question!", "It depends on your use case", "I hope
 * this helps") and of the frame of a recommendation ("I'd recommend", "go with").
 * A sentence made only of these (after stemming) is filler: no claim, and it does
 * not count toward agreement. Elsewhere they weigh little, so "I'd recommend X" and
 * "Go with X" match on X. Stemmed at start-up by the same stemmer.
 */
export const FILLER_WORDS: readonly string[] = [
  'great', 'good', 'excellent', 'interesting', 'fantastic', 'question', 'thanks', 'thank', 'hope', 'helps',
  'help', 'helpful', 'glad', 'happy', 'sure', 'certainly', 'absolutely', 'course', 'definitely', 'depends',
  'depend', 'depending', 'use', 'case', 'context', 'situation', 'specific', 'particular', 'needs', 'need',
  'requirements', 'let', 'know', 'feel', 'free', 'ask', 'clarification', 'clarify', 'additional',
  'assistance', 'assist', 'information', 'details', 'conclusion', 'summary', 'overall', 'ultimately',
  'find', 'useful', 'luck', 'best', 'many', 'various', 'several', 'factors', 'consider', 'considerations',
  'options', 'different', 'approaches', 'ways', 'important', 'note', 'keep', 'mind', 'personal', 'opinions',
  'opinion', 'answer', 'provide', 'welcome', 'hello', 'hi',
  'things', 'thing', 'really', 'well', 'okay', 'ok', 'yes', 'right', 'indeed', 'overview', 'following',
  'steps', 'tips', 'like', 'want', 'please', 'wish', 'anything', 'else', 'questions',
  'recommend', 'recommended', 'recommendation', 'suggest', 'suggestion', 'go', 'choose', 'choice', 'pick',
  'prefer', 'preferred', 'opt', 'select', 'try', 'solution', 'option', 'approach', 'way', 'better', 'choosing',
];

/** Words before a period that do not end a sentence. */
export const ABBREVIATIONS: readonly string[] = [
  'e.g', 'i.e', 'etc', 'vs', 'dr', 'mr', 'mrs', 'ms', 'st', 'approx', 'fig', 'cf', 'al', 'inc', 'ltd',
  'jr', 'sr', 'no', 'vol', 'p', 'pp', 'eq',
];

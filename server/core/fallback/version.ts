/** Version of the core algorithms; equals the native crate's version (a test checks). */
export const CORE_VERSION = '0.1.0';

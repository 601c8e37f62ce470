/**
 * How Tasker measures and screens free text. Lengths are counted in code points, so an emoji
 * counts as one character, as a person would count it (not as two UTF-16 units).
 */
export const codePointLength = (text: string) => [...text].length;

/** Bidirectional embeddings, overrides and isolates: they make text display unlike its bytes. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const CONTROL = /\p{Cc}/u;
/** Line breaks and tabs are how a description is laid out; no other control belongs in text. */
const LAYOUT = new Set(['\n', '\r', '\t']);

/** The first character that may not appear, described for the error message; none if clean. */
export function forbiddenCharacterIn(
  text: string,
  options: { multiline: boolean },
): string | undefined {
  for (const char of text) {
    if (BIDI_CONTROL.test(char)) return `${codePointOf(char)} (a bidirectional text control)`;
    if (CONTROL.test(char) && !(options.multiline && LAYOUT.has(char)))
      return `${codePointOf(char)} (a control character)`;
  }
  return undefined;
}

const codePointOf = (char: string) =>
  `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Longest piece of a file, a cell or a path that a message may quote. */
export const EXCERPT_CHARS = 60;

/** Longest message put in front of a person (a reader's, the host's or the CLI's). */
export const MAX_MESSAGE_CHARS = 2000;

const UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A short, escaped, quoted excerpt for messages: quotes, backslashes and control characters
 * escaped (JSON style, plus C1 controls and bidi overrides, which could rewrite a terminal or a
 * line), at most `max` characters of the original, `…` when cut. A message never carries a whole
 * line of a refused file or a 10 MB cell.
 */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const cut = text.length > max;
  const body = JSON.stringify(cut ? text.slice(0, max) : text)
    .slice(1, -1)
    .replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${body}${cut ? '…' : ''}"`;
}

/** Caps a message: the start is kept, the rest summarised by its length. */
export function capMessage(message: string, max = MAX_MESSAGE_CHARS): string {
  if (message.length <= max) return message;
  return `${message.slice(0, max)}… (${(message.length - max).toLocaleString('en-US')} more characters)`;
}

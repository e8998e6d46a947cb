/* Pure (no node:*): the renderer reaches these through the contract. */

export { capMessage, EXCERPT_CHARS, excerpt, MAX_MESSAGE_CHARS } from '../../../graph-core/src/data';

/**
 * Disk errors as sentences for people. The errno text of Node names temp files and system calls
 * ("ENOSPC: no space left on device, write '/x/.a.layerloom.3f9c.tmp'"), which helps nobody and
 * leaks paths; every write of the host is atomic, so "nothing was changed" holds for all of them.
 */
const SENTENCES: Record<string, string> = {
  ENOSPC: 'the disk is full: nothing was changed; free some space and try again',
  EDQUOT: 'the disk quota is used up: nothing was changed; free some space and try again',
  EROFS: 'the disk is read-only: nothing was changed; save to a writable folder',
  EACCES: 'permission denied: nothing was changed; Layerloom may not read or write there',
  EPERM: 'the operating system refused the operation: nothing was changed',
  EEXIST: 'a file with that name appeared at the same moment: nothing was changed; try again',
  EIO: 'the disk reported a read or write error: nothing was changed; check the disk',
  EMFILE: 'too many files are open: nothing was changed; close some programs and try again',
  ENFILE: 'too many files are open: nothing was changed; close some programs and try again',
  ENAMETOOLONG: 'the name is too long for this disk: nothing was changed; choose a shorter name',
  EBUSY: 'the file is in use by another program: nothing was changed; try again',
  ETXTBSY: 'the file is in use by another program: nothing was changed; try again',
  ENOTDIR: 'a file stands where a folder was expected: nothing was changed',
  EISDIR: 'a folder stands where a file was expected: nothing was changed',
  ELOOP: 'the path goes through a loop of links: nothing was changed',
};

export function errnoOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code in SENTENCES ? code : null;
}

/** The sentence for a disk error, or null when `error` is not one this module knows. */
export function ioSentence(error: unknown): string | null {
  const code = errnoOf(error);
  return code ? SENTENCES[code]! : null;
}

/** One line about any error, for logs and CLI messages: the sentence when it is a disk error. */
export function describeIoError(error: unknown): string {
  return ioSentence(error) ?? (error instanceof Error ? error.message : String(error));
}

import libmime from 'libmime';
import { DomainError, DomainErrorCode } from '../common/domain-error';

export const MAX_FILE_NAME_CHARACTERS = 255;

/** The `source` of an uploaded file sent with no name. */
export const UNNAMED_UPLOAD = 'upload';

/**
 * Path separators, control characters, and the direction embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069): none belongs in the
 * name of a recording, and each has been used to disguise one (`../`, a NUL
 * before the extension, `call\u202Evaw.exe` shown as `callexe.wav`). The
 * plain marks U+200E, U+200F and U+061C, which Arabic and Hebrew names carry
 * (Unicode UAX #9), reorder nothing and are allowed.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const NOT_PLAIN = /[/\\\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/** An RFC 2047 encoded word (`=?utf-8?B?…?=`), as .NET writes a name that is not ASCII. */
const ENCODED_WORD = /=\?[^?\s]+\?[bq]\?[^?\s]*\?=/i;

/**
 * A file name as the client meant it: RFC 2047 encoded words decoded (by
 * libmime); anything else as the multipart parser gave it (which already
 * prefers an RFC 5987 `filename*` to `filename`; DispositionRepair has
 * dropped a `filename*` that cannot be decoded, and read a browser's `%22`).
 */
export function decodeFileName(name: string | undefined): string | undefined {
  if (!name || !ENCODED_WORD.test(name)) return name;
  try {
    // An encoded word in a charset nobody knows decodes to nothing: then the name is checked as sent.
    return libmime.decodeWords(name) || name;
  } catch {
    return name;
  }
}

/**
 * The uploaded file's name, as the process's `source` will echo it.
 * @throws DomainError BadFileName unless it is a plain name
 */
export function checkFileName(name: string | undefined): string {
  if (!name) return UNNAMED_UPLOAD;
  if ([...name].length > MAX_FILE_NAME_CHARACTERS) {
    throw new DomainError(DomainErrorCode.BadFileName, `The file name must be at most ${MAX_FILE_NAME_CHARACTERS} characters`, [{ field: 'file', message: 'name too long' }]);
  }
  if (NOT_PLAIN.test(name)) {
    throw new DomainError(DomainErrorCode.BadFileName, 'The file name must be a plain name, without "/", "\\", control characters or text-direction overrides', [
      { field: 'file', message: 'name is not a plain file name' },
    ]);
  }
  return name;
}

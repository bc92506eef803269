import { DomainError, DomainErrorCode } from '../common/domain-error';

export const MAX_FILE_NAME_CHARACTERS = 255;

/**
 * Path separators, control characters and text-direction marks: none belongs
 * in the name of a recording, and each has been used to disguise one
 * (`../`, a NUL before the extension, `call\u202Evaw.exe` shown as `callexe.wav`).
 */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const NOT_PLAIN = /[/\\\u0000-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * The uploaded file's name, as the process's `source` will echo it.
 * @throws DomainError BadFileName unless it is a plain name
 */
export function checkFileName(name: string | undefined): string {
  if (!name) return 'upload';
  if ([...name].length > MAX_FILE_NAME_CHARACTERS) {
    throw new DomainError(DomainErrorCode.BadFileName, `The file name must be at most ${MAX_FILE_NAME_CHARACTERS} characters`, [{ field: 'file', message: 'name too long' }]);
  }
  if (NOT_PLAIN.test(name)) {
    throw new DomainError(DomainErrorCode.BadFileName, 'The file name must be a plain name, without "/", "\\", control characters or text-direction marks', [
      { field: 'file', message: 'name is not a plain file name' },
    ]);
  }
  return name;
}

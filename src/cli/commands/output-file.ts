// Writing a command's file output (`matrix --svg FILE`, `check --junit FILE`): a write error is bad
// input naming the file, never a stack trace.
import { InputError } from '../../model/errors.js';

export function writeOutputFile(path: string, text: string, write: (path: string, text: string) => void): void {
  try {
    write(path, text);
  } catch (err) {
    throw new InputError(`cannot write the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { file: path });
  }
}

// The InputError a call throws, for tests of error messages: any other error is rethrown, and a call
// that throws nothing fails the test.
import { InputError } from '../../src/model/errors.js';
import type { Topology } from '../../src/model/types.js';
import { validateTopology } from '../../src/model/validate.js';

export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

export async function inputErrorOfPromise(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

/** What validateTopology refuses `t` with. */
export function validationError(t: Topology): InputError {
  return inputErrorOf(() => validateTopology(t));
}

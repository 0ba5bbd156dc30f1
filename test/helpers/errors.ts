// The message of the error a call must throw, checked to be of the expected class.

import { expect } from 'vitest';

export function errorOf(fn: () => unknown, cls: new (...args: never[]) => Error): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(cls);
    return (err as Error).message;
  }
  throw new Error('accepted, but should have been refused');
}

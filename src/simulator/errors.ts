// ONTAP's refusal: an HTTP status plus ONTAP's own error code, message and the
// field it blames. The engine throws it; http.ts turns it into `{ error: {...} }`.

export class OntapError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly target?: string) {
    super(message);
  }
}

/** Validate, update and download all refuse to start while an update runs. */
export function updateStillRunning(): OntapError {
  return new OntapError(409, '10551357', 'Cannot perform an update when a previous update is still in progress.');
}

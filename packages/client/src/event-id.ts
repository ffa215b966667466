/**
 * A random event id: the idempotency key that makes every retry safe. `crypto.randomUUID` exists only
 * in secure contexts, so plain-http pages fall back to 128 random bits of `getRandomValues` (available
 * everywhere, secure or not), as four 32-bit numbers joined by "-": the batch route takes 8-128 of
 * A-Z, a-z, 0-9, "_" and "-" (shorter than 8 only if all four numbers are below 10: odds of 1 in 10^37).
 *
 * @example
 * eventId(); // '3b241101-e2bb-4255-8caf-4136c566a962'
 * eventId({ getRandomValues: (array) => crypto.getRandomValues(array) }); // '3260361785-82410117-1990373468-4066131440'
 */
export function eventId(): string {
  return crypto.randomUUID?.() ?? crypto.getRandomValues(new Uint32Array(4)).join('-');
}

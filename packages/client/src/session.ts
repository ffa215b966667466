import { eventId } from './event-id.js';

const SESSION_KEY = 'analytics-tracker-session';

/**
 * The visit's session id, kept in `sessionStorage` (no cookies) as `"<id> <last activity ms>"` and
 * renewed after 30 minutes (1,800,000 ms) of inactivity, as in most analytics tools. Each call counts as
 * activity.
 *
 * @example
 * sessionId(sessionStorage); // '3b241101-e2bb-4255-8caf-4136c566a962'
 */
export function sessionId(storage: Pick<Storage, 'getItem' | 'setItem'>, now: number = Date.now()): string {
  const [id, last] = (storage.getItem(SESSION_KEY) ?? '').split(' ');
  const current = id && now - +(last as string) < 1_800_000 ? id : eventId();
  storage.setItem(SESSION_KEY, `${current} ${now}`);
  return current;
}

import { watchLinkClicks } from './link-clicks.js';
import type { Tracker } from './types.js';

/** The file types Plausible counts as downloads by default. */
export const DOWNLOAD_EXTENSIONS = [
  'pdf',
  'xlsx',
  'docx',
  'txt',
  'rtf',
  'csv',
  'exe',
  'key',
  'pps',
  'ppt',
  'pptx',
  '7z',
  'pkg',
  'rar',
  'gz',
  'zip',
  'avi',
  'mov',
  'mp4',
  'mpeg',
  'wmv',
  'midi',
  'mp3',
  'wav',
  'wma',
  'dmg',
];

/**
 * Opt-in module: sends `file_download` with `{ url }` when the visitor follows a link to a file whose
 * extension is in `extensions` (default `DOWNLOAD_EXTENSIONS`), on this site or another. Returns a
 * function that stops it.
 *
 * @example
 * import { createTracker, trackFileDownloads } from '@analytics-tracker/client';
 * trackFileDownloads(createTracker({ endpoint, bucket }), ['pdf', 'zip']);
 */
export function trackFileDownloads(
  tracker: Pick<Tracker, 'track'>,
  extensions: string[] = DOWNLOAD_EXTENSIONS,
): () => void {
  return watchLinkClicks((url) => {
    const extension = url.pathname.split('.').pop()?.toLowerCase();
    if (url.pathname.includes('.') && extensions.includes(extension ?? '')) {
      tracker.track('file_download', { url: url.href });
    }
  });
}

import type { HttpRequest } from './http.js';

/**
 * The request with a leading stage name removed from its path: the original tracker's clients post to
 * `https://<api>/prod/track` (an API Gateway stage), and a Function URL passes `/prod/track` through
 * unchanged. Only the configured names are removed, and only as a whole first segment.
 *
 * @example
 * withoutStage(request, ['prod']).path; // '/prod/track' → '/track'; '/production/track' stays as it is
 */
export function withoutStage(request: HttpRequest, stageNames: readonly string[]): HttpRequest {
  for (const stage of stageNames) {
    const prefix = `/${stage}`;
    if (request.path.startsWith(`${prefix}/`)) return { ...request, path: request.path.slice(prefix.length) };
  }
  return request;
}

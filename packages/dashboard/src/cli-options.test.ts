import { describe, expect, it } from 'vitest';
import { parseDashboardArgs } from './cli-options.js';
import { DashboardUsageError } from './errors.js';

describe('parseDashboardArgs', () => {
  it('defaults to the local data on port 3001', () => {
    expect(parseDashboardArgs([], {})).toEqual({ athena: false, port: 3001, help: false });
  });

  it('takes the port from DASHBOARD_PORT, and --port over it', () => {
    expect(parseDashboardArgs([], { DASHBOARD_PORT: '4000' }).port).toBe(4000);
    expect(parseDashboardArgs(['--port', '0'], { DASHBOARD_PORT: '4000' }).port).toBe(0);
  });

  it('takes the same Athena flags as npm run query', () => {
    expect(
      parseDashboardArgs(
        [
          '--athena',
          '--workgroup',
          'analytics',
          '--database',
          'db',
          '--output-location',
          's3://r/',
          '--region',
          'eu-west-1',
        ],
        {},
      ),
    ).toMatchObject({
      athena: true,
      workgroup: 'analytics',
      database: 'db',
      outputLocation: 's3://r/',
      region: 'eu-west-1',
    });
  });

  it.each([
    [['--port', 'http'], {}, '--port must be a port number (0-65535), got "http"'],
    [[], { DASHBOARD_PORT: '70000' }, 'DASHBOARD_PORT must be a port number'],
    [['--nope'], {}, "Unknown option '--nope'"],
  ])('rejects %j %j', (argv, env, message) => {
    expect(() => parseDashboardArgs(argv, env)).toThrow(DashboardUsageError);
    expect(() => parseDashboardArgs(argv, env)).toThrow(message);
  });
});

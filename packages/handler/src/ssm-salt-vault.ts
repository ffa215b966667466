import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  PutParameterCommand,
  SSMClient,
  type SSMClientConfig,
} from '@aws-sdk/client-ssm';
import { isSaltDay, type SaltVault } from './salt-vault.js';

/** Where the salts are in Parameter Store, and how to reach it. */
export interface SsmSaltVaultOptions {
  /** Parameter path without a trailing slash, e.g. `/mycompany/analytics-tracker/salts`; each salt is `<path>/<YYYY-MM-DD>`. */
  path: string;
  /** A customer-managed KMS key for the SecureStrings (default: the account's `alias/aws/ssm`). */
  kmsKeyId?: string;
  /** A client to use (tests pass one pointed at a local endpoint). */
  client?: SSMClient;
  /** Options for the default client. */
  clientConfig?: SSMClientConfig;
}

const named = (error: unknown, name: string) => error instanceof Error && error.name === name;

/**
 * Daily salts as SSM Parameter Store SecureStrings, shared by every Lambda instance. The tracker only
 * reads (`ssm:GetParameter`); the scheduled rotation function lists, creates (`Overwrite: false`, so a
 * salt in use is never replaced) and deletes. Deleting a parameter deletes its whole history.
 *
 * @example
 * const vault = createSsmSaltVault({ path: '/mycompany/analytics-tracker/salts' });
 * await vault.read('2025-12-17'); // '9f86d081…' (64 hex) or undefined
 */
export function createSsmSaltVault(options: SsmSaltVaultOptions): SaltVault {
  const client = options.client ?? new SSMClient(options.clientConfig ?? {});
  const path = options.path.replace(/\/+$/, '');
  const name = (day: string) => `${path}/${day}`;
  return {
    location: `SSM Parameter Store ${path}/`,
    async days() {
      const days: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new GetParametersByPathCommand({
            Path: path,
            Recursive: false,
            WithDecryption: false,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        for (const parameter of page.Parameters ?? []) {
          const day = parameter.Name?.slice(path.length + 1) ?? '';
          if (isSaltDay(day)) days.push(day);
        }
        nextToken = page.NextToken;
      } while (nextToken);
      return days;
    },
    async read(day) {
      try {
        const result = await client.send(new GetParameterCommand({ Name: name(day), WithDecryption: true }));
        return result.Parameter?.Value;
      } catch (error) {
        if (named(error, 'ParameterNotFound')) return undefined;
        throw error;
      }
    },
    async createIfAbsent(day, salt) {
      try {
        await client.send(
          new PutParameterCommand({
            Name: name(day),
            Value: salt,
            Type: 'SecureString',
            Overwrite: false,
            Description: `analytics-tracker salt of ${day} (UTC); destroyed after that day`,
            ...(options.kmsKeyId ? { KeyId: options.kmsKeyId } : {}),
          }),
        );
        return true;
      } catch (error) {
        if (named(error, 'ParameterAlreadyExists')) return false;
        throw error;
      }
    },
    async remove(day) {
      try {
        await client.send(new DeleteParameterCommand({ Name: name(day) }));
      } catch (error) {
        if (!named(error, 'ParameterNotFound')) throw error;
      }
    },
  };
}

import { rotateSalts } from './salt-vault.js';
import { createSsmSaltVault } from './ssm-salt-vault.js';

const path = process.env.SALT_PARAMETER_PATH;
if (!path) {
  throw new Error(
    'SALT_PARAMETER_PATH is not set: the rotation function needs the SSM path of the daily salts',
  );
}
const vault = createSsmSaltVault({
  path,
  ...(process.env.SALT_KMS_KEY_ID ? { kmsKeyId: process.env.SALT_KMS_KEY_ID } : {}),
});

/**
 * The salt rotation Lambda (`rotate-salts.handler` in the bundle), run hourly by EventBridge
 * Scheduler and once at deploy: creates today's and tomorrow's salt when missing, and destroys the
 * salts of days that have ended. Logs what it did (days only, never a salt).
 *
 * @example
 * await handler(); // { today: '2025-12-18', created: ['2025-12-19'], deleted: ['2025-12-17'] }
 */
export async function handler(): Promise<{ today: string; created: string[]; deleted: string[] }> {
  const result = await rotateSalts(vault, new Date());
  console.log(JSON.stringify({ message: 'salts rotated', ...result }));
  return result;
}

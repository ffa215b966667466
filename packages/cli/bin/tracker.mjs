#!/usr/bin/env node
// `tracker <command>`: runs the prebuilt bundle, rebuilding it first only when a source file changed
// since the last build (or on the first call after `npm ci`).
import { pathToFileURL } from 'node:url';
import { buildBundle, currentBundle } from '../scripts/bundle.mjs';

const entry = currentBundle() ?? (await buildBundle());
const { main } = await import(pathToFileURL(entry).href);
await main(process.argv.slice(2));

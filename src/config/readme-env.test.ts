import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from './config-schema.ts';

describe('README configuration table', () => {
  it('documents every environment variable the schema reads, and no others', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Benchmarks'));
    const documented = new Set([...table.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
    const schema = Object.keys(envSchema.shape);
    expect(schema.filter((name) => !documented.has(name))).toEqual([]);
    expect([...documented].filter((name) => name !== undefined && !schema.includes(name))).toEqual([]);
  });

  it('shows the two commands', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});

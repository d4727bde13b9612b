import type { TriageResult } from './types.ts';

/** One output line of the triage CLI. */
export interface TriageLineOutput {
  id: string;
  urgency: number;
  disposition: string;
  red_flags: string[];
  reasons: string[];
}

/** What the CLI should do with one input line. */
export type ParsedLine =
  | { kind: 'skip' }
  | { kind: 'case'; id: string; text: string; ageYears?: number }
  | { kind: 'error'; id: string; error: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parse one JSONL input line `{"id","text","age"?}` (other fields ignored). `age` is the registered age
 * in years (a number ≥ 0 and < 130; fractions for babies, e.g. 0.1); the protocol needs it for infant
 * fever when the text does not say it. Blank lines are skipped; a line that is not such an object, or
 * has an unusable age, gives an error with the id when one can be read (else `line-N`).
 */
export function parseTriageLine(line: string, lineNumber: number): ParsedLine {
  if (line.trim().length === 0) return { kind: 'skip' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'error', id: `line-${lineNumber}`, error: 'invalid JSON' };
  }
  if (!isRecord(value)) return { kind: 'error', id: `line-${lineNumber}`, error: 'expected a JSON object' };
  const rawId = value.id;
  const id =
    typeof rawId === 'string' ? rawId : typeof rawId === 'number' ? String(rawId) : `line-${lineNumber}`;
  const text = value.text;
  if (typeof text !== 'string') return { kind: 'error', id, error: 'missing string field "text"' };
  const age = value.age;
  if (age === undefined || age === null) return { kind: 'case', id, text };
  if (typeof age !== 'number' || !Number.isFinite(age) || age < 0 || age >= 130)
    return { kind: 'error', id, error: 'field "age" must be a number of years (0 to 129)' };
  return { kind: 'case', id, text, ageYears: age };
}

/** Shape a result as a CLI output line. */
export function toTriageLine(id: string, r: TriageResult): TriageLineOutput {
  return { id, urgency: r.urgency, disposition: r.disposition, red_flags: r.redFlags, reasons: r.reasons };
}

/** Largest model output we try to parse (a turn's JSON is well under 4 KB). */
const MAX_CHARS = 32_000;
/** How many `{` positions are tried as the start of the object (keeps the scan linear-ish on hostile text). */
const MAX_OBJECT_STARTS = 16;

/** A JSON object found in the text, or why none was. */
export type ExtractedJson = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

/**
 * Finds the JSON object in a model's text. Models asked for "only JSON" still wrap it in ```json
 * fences or put a sentence before it (Ollama and vLLM both advise asking for JSON in the prompt as
 * well as constraining, A5.2/A5.4, because unconstrained servers do this). Tries, in order: the
 * whole text, each fenced block, then every balanced `{…}` span (string-aware) from left to right.
 * Only a JSON object counts; arrays and scalars do not.
 *
 * @param text model output with thinking already stripped
 */
export function extractJson(text: string): ExtractedJson {
  if (text.length > MAX_CHARS) return { ok: false, reason: 'output too long' };
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'empty output' };
  const direct = parseObject(trimmed);
  if (direct !== undefined) return { ok: true, value: direct };
  for (const m of trimmed.matchAll(/```[a-zA-Z]*\s*\n?([\s\S]*?)```/g)) {
    const fenced = parseObject((m[1] ?? '').trim());
    if (fenced !== undefined) return { ok: true, value: fenced };
  }
  let tries = 0;
  for (let start = trimmed.indexOf('{'); start !== -1; start = trimmed.indexOf('{', start + 1)) {
    // Bounded: each try scans to the end in the worst case.
    if (++tries > MAX_OBJECT_STARTS) break;
    const end = matchingBrace(trimmed, start);
    if (end === -1) continue;
    const candidate = parseObject(trimmed.slice(start, end + 1));
    if (candidate !== undefined) return { ok: true, value: candidate };
  }
  return { ok: false, reason: 'no JSON object in output' };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Index of the `}` closing the `{` at `start`, skipping braces inside JSON strings; -1 if none. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * Benchmark of the embedded protocol's one-shot triage on the vignette set. Prints exact agreement,
 * safe agreement (result at or above gold), missed emergencies, over-triage, per-language figures and a
 * confusion matrix; writes bench/results/triage.json (bench/results/triage-<name>.json for another file).
 * Run: npx tsx bench/triage.ts [--file FILE.jsonl]   (default: the development set; a bare FILE works too)
 * A case's optional `age` (years, as registered in the app) is passed to the protocol as the patient's age.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { assessText } from '../src/triage/assess-text.ts';
import { screenRedFlags } from '../src/triage/red-flags.ts';
import type { Disposition } from '../src/triage/types.ts';
import { DISPOSITION_ORDER, dispositionRank } from '../src/triage/urgency.ts';

const here = dirname(fileURLToPath(import.meta.url));
const DEV_SET = resolve(here, '../test/vignettes/triage-vignettes.jsonl');

/** `--file PATH`, `--file=PATH` or a bare PATH; the development set when none is given. */
function fileArg(argv: readonly string[]): string {
  const i = argv.indexOf('--file');
  if (i >= 0) {
    const f = argv[i + 1];
    if (f === undefined || f.startsWith('--')) {
      console.error('usage: tsx bench/triage.ts [--file FILE.jsonl]');
      process.exit(2);
    }
    return resolve(f);
  }
  const eq = argv.find((a) => a.startsWith('--file='));
  if (eq) return resolve(eq.slice('--file='.length));
  const bare = argv.find((a) => !a.startsWith('--'));
  return bare ? resolve(bare) : DEV_SET;
}
const file = fileArg(process.argv.slice(2));
const Vignette = z.object({
  id: z.string(),
  lang: z.string(),
  text: z.string(),
  /** Registered age in years (the app knows it from registration), when the case has one. */
  age: z.number().nonnegative().optional(),
  gold: z.enum(['emergency', 'urgent', 'routine', 'self_care']),
  reason: z.string().optional(),
});
type Vignette = z.infer<typeof Vignette>;

const vignettes: Vignette[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim().length > 0)
  .map((l) => Vignette.parse(JSON.parse(l)));

interface Row {
  id: string;
  lang: string;
  gold: Disposition;
  got: Disposition;
  urgency: number;
  text: string;
}
const rows: Row[] = [];
const started = process.hrtime.bigint();
for (const v of vignettes) {
  const r = assessText(v.text, v.age === undefined ? {} : { ageYears: v.age });
  rows.push({ id: v.id, lang: v.lang, gold: v.gold, got: r.disposition, urgency: r.urgency, text: v.text });
}
const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
// The red-flag screen runs on every inbound message, so its cost is reported on its own: the best
// of 5 passes, because the machine is shared and one pass is noisy.
let screenMs = Number.POSITIVE_INFINITY;
for (let pass = 0; pass < 5; pass++) {
  const screenStarted = process.hrtime.bigint();
  for (const v of vignettes) screenRedFlags(v.text, v.age === undefined ? {} : { ageYears: v.age });
  screenMs = Math.min(screenMs, Number(process.hrtime.bigint() - screenStarted) / 1e6);
}

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((1000 * n) / d) / 10);
function figures(rs: readonly Row[]) {
  const exact = rs.filter((r) => r.got === r.gold).length;
  const safe = rs.filter((r) => dispositionRank(r.got) >= dispositionRank(r.gold)).length;
  const over = rs.filter((r) => dispositionRank(r.got) > dispositionRank(r.gold)).length;
  const goldEmerg = rs.filter((r) => r.gold === 'emergency');
  const missed = goldEmerg.filter((r) => r.got !== 'emergency');
  const selfCareToEmergency = rs.filter((r) => r.gold === 'self_care' && r.got === 'emergency').length;
  return {
    n: rs.length,
    exactPct: pct(exact, rs.length),
    safePct: pct(safe, rs.length),
    overTriagePct: pct(over, rs.length),
    underTriagePct: pct(rs.length - safe, rs.length),
    emergencies: goldEmerg.length,
    missedEmergencies: missed.length,
    missedEmergencyIds: missed.map((r) => r.id),
    selfCareToEmergency,
  };
}

const overall = figures(rows);
const langs = [...new Set(rows.map((r) => r.lang))].sort();
const perLanguage = Object.fromEntries(langs.map((l) => [l, figures(rows.filter((r) => r.lang === l))]));
const confusion: Record<string, Record<string, number>> = {};
for (const g of DISPOSITION_ORDER) {
  confusion[g] = {};
  for (const p of DISPOSITION_ORDER) confusion[g][p] = rows.filter((r) => r.gold === g && r.got === p).length;
}
const disagreements = rows
  .filter((r) => r.got !== r.gold)
  .map((r) => ({ id: r.id, gold: r.gold, got: r.got, text: r.text }));

console.log(`triage bench: ${rows.length} vignettes from ${file}`);
console.log(
  `exact ${overall.exactPct}%  safe ${overall.safePct}%  over-triage ${overall.overTriagePct}%  under-triage ${overall.underTriagePct}%`,
);
console.log(
  `missed emergencies: ${overall.missedEmergencies}/${overall.emergencies} ${overall.missedEmergencyIds.join(' ')}`,
);
console.log(`self_care gold sent to emergency: ${overall.selfCareToEmergency}`);
console.log(`time: ${elapsedMs.toFixed(1)} ms total, ${(elapsedMs / rows.length).toFixed(2)} ms/case`);
console.log(`red-flag screen: ${(screenMs / rows.length).toFixed(2)} ms/case (best of 5 passes)`);
console.log('\nper language:');
for (const l of langs) {
  const f = perLanguage[l];
  if (f)
    console.log(
      `  ${l}  n=${f.n}  exact ${f.exactPct}%  safe ${f.safePct}%  over ${f.overTriagePct}%  missed ${f.missedEmergencies}/${f.emergencies}`,
    );
}
console.log('\nconfusion (rows gold, columns result):');
console.log(`  ${'gold\\got'.padEnd(10)}${DISPOSITION_ORDER.map((d) => d.padStart(10)).join('')}`);
for (const g of DISPOSITION_ORDER) {
  console.log(
    `  ${g.padEnd(10)}${DISPOSITION_ORDER.map((p) => String(confusion[g]?.[p] ?? 0).padStart(10)).join('')}`,
  );
}
if (disagreements.length > 0) {
  console.log('\ndisagreements:');
  for (const d of disagreements) console.log(`  ${d.id} gold=${d.gold} got=${d.got}  ${d.text}`);
}

const out = resolve(
  here,
  file === DEV_SET ? 'results/triage.json' : `results/triage-${basename(file).replace(/\.jsonl?$/, '')}.json`,
);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ file, overall, perLanguage, confusion, disagreements, elapsedMs, screenMs, at: new Date().toISOString() }, null, 2)}\n`,
);
console.log(`\nwrote ${out}`);

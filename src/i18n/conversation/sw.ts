/**
 * Patient-facing texts of the conversation, Kiswahili sanifu as used in Kenya and Tanzania, in simple
 * everyday words. Translation of `en.ts`: same keys, same `{{placeholders}}`. Command words are those
 * `detectCommand` understands (GHAIRI, MHUDUMU, ANZA UPYA…). Emergency texts are reviewed content.
 * Times are written as digits only ("{{day}}, {{time}}"), not "saa {{time}}": "saa 09:30" could be
 * read in Swahili time.
 */
import type { Catalogue } from './en.ts';

export const sw: Catalogue = {
  // Buttons and list labels (at most 20 characters)
  'btn.options': 'Chaguo',
  'btn.times': 'Angalia nyakati',
  'btn.languages': 'Lugha',
  'answer.yes': 'Ndiyo',
  'answer.no': 'Hapana',
  'answer.unsure': 'Sina uhakika',

  // Language
  'lang.ask': 'Tafadhali chagua lugha yako.',

  // Consent
  'consent.ask':
    'Habari! Hii ni huduma ya WhatsApp ya {{clinic}}. Nitakuuliza maswali machache mafupi kuhusu afya yako, na ninaweza kukuwekea miadi.\n\nMajibu yako yanahifadhiwa kwenye rekodi za matibabu za kliniki, ili wahudumu watakaokuona waweze kuyatumia.\n\nJe, unakubali? (Ikiwa ni dharura, piga {{number}} sasa.)',
  'consent.yes': 'Ndiyo, nakubali',
  'consent.no': 'Hapana',
  'consent.language': 'Badilisha lugha',
  'consent.declined':
    'Sawa. Hatujahifadhi taarifa zako zozote. Ukihitaji huduma ya afya, tafadhali wasiliana na kliniki, au tuandikie tena wakati wowote. Ikiwa ni dharura, piga {{number}}.',
  'consent.declined_phone':
    'Sawa. Hatujahifadhi taarifa zako zozote. Ukihitaji huduma ya afya, tafadhali piga simu kliniki kwa namba {{phone}}, au tuandikie tena wakati wowote. Ikiwa ni dharura, piga {{number}}.',

  // Identifying the patient
  'identify.who': 'Ni nani anahitaji huduma leo?',
  'identify.someone_else': 'Mtu mwingine',
  'identify.ask_name': 'Jina kamili la mtu anayehitaji huduma ni lipi?',
  'identify.bad_name': 'Tafadhali andika jina kwa herufi tu, kwa mfano: Amina Otieno.',
  'identify.ask_dob':
    'Tarehe ya kuzaliwa ya {{name}} ni ipi? Kwa mfano 14/03/1985. Unaweza pia kuandika umri, kwa mfano 35, au miezi 6 kwa mtoto mchanga.',
  'identify.bad_dob':
    'Sikuweza kusoma tarehe hiyo. Tafadhali iandike hivi: 14/03/1985, au andika umri (kwa mfano 35, au miezi 6).',
  'identify.ask_sex': '{{name}} ni wa kike au wa kiume?',
  'identify.confirm':
    'Tafadhali hakikisha:\n{{name}}\nTarehe ya kuzaliwa: {{dob}}\nJinsia: {{sex}}\n\nJe, ni sahihi?',
  'identify.confirm_yes': 'Ndiyo, ni sahihi',
  'identify.confirm_no': 'Hapana, badilisha',
  'sex.female': 'Kike',
  'sex.male': 'Kiume',
  'sex.other': 'Nyingine',

  // Symptoms and triage
  'symptoms.ask': 'Tatizo kuu la afya leo ni lipi? Tafadhali lieleze kwa maneno yako mwenyewe.',
  'symptoms.ask_again': 'Tafadhali niambie kuhusu tatizo la afya, kwa mfano: “homa na kikohozi kwa siku 3”.',
  'result.urgent':
    'Asante. Tatizo hili linapaswa kuonwa na mhudumu wa afya leo au kesho. Ninatafuta miadi ya mapema zaidi.',
  'result.routine': 'Asante. Tatizo hili linaweza kuonwa kwenye miadi ya kawaida. Ninatafuta muda.',
  'result.self_care':
    'Asante. Kwa kawaida tatizo hili linaweza kutibiwa nyumbani. Hali ikizidi kuwa mbaya, au ukiwa na wasiwasi, tuandikie tena. Ikiwa ni dharura, piga {{number}}.\n\nBado ungependa kupata miadi?',
  'result.self_care_book': 'Ndiyo, weka miadi',
  'result.self_care_no_thanks': 'Hapana, asante',
  'result.self_care_no':
    'Sawa. Jitunze. Hali ikizidi kuwa mbaya, tuandikie tena, au piga {{number}} ikiwa ni dharura.',

  // Emergency (reviewed content)
  'emergency.advice':
    '⚠️ Hii inaweza kuwa dharura.\n\nPiga {{number}} sasa, au nenda mara moja kwenye kitengo cha dharura kilicho karibu nawe. Usisubiri miadi.\n\nUkiweza, mwombe mtu akae nawe.',
  'emergency.reminder':
    'Tafadhali piga {{number}} sasa au nenda kwenye kitengo cha dharura kilicho karibu nawe. Ikiwa sasa uko salama, niambie.',
  'emergency.choice_safe': 'Sasa niko salama',
  'emergency.choice_restart': 'Anza upya',
  'emergency.safe_ack':
    'Nimefurahi. Kitu chochote kikibadilika, piga {{number}} mara moja. Andika “anza upya” ukihitaji kitu kingine.',
  'emergency.tip.bleeding': 'Bonyeza jeraha kwa nguvu kwa kitambaa safi na uendelee kubonyeza.',
  'emergency.tip.seizure':
    'Usiweke kitu chochote mdomoni mwake. Ondoa vitu vigumu karibu naye. Kutetemeka kukiisha, mlaze kwa ubavu.',
  'emergency.tip.anaphylaxis':
    'Ikiwa kuna kalamu ya sindano ya adrenalini, itumie sasa. Lala chini na miguu ikiwa juu, au keti ikiwa ni vigumu kupumua.',
  'emergency.tip.suicide':
    'Huko peke yako. Kaa na mtu unayemwamini, na kaa mbali na kitu chochote unachoweza kutumia kujiumiza.',
  'emergency.tip.breathing': 'Keti wima na utulie. Legeza nguo zinazobana.',
  'emergency.tip.chest_pain': 'Keti chini upumzike. Usiendeshe gari mwenyewe.',
  'emergency.tip.stroke': 'Kumbuka saa ambayo dalili zilianza. Usimpe chakula wala kinywaji.',
  'emergency.tip.poisoning': 'Usimlazimishe kutapika. Nenda na chombo au pakiti ya dawa.',
  'emergency.tip.burns':
    'Poza sehemu iliyoungua chini ya maji baridi yanayotiririka kwa dakika 20. Usitumie barafu wala siagi.',
  'emergency.tip.snakebite':
    'Mtulize mtu huyo asitembee, na kiungo kilichoumwa kisitikisike. Ondoa pete na vitu vinavyobana. Usikate, usinyonye wala usifunge jeraha kwa kamba.',
  'emergency.tip.postpartum_bleeding':
    'Mlaze chini na miguu yake iwe juu, na mfunike apate joto. Nendeni sasa: msisubiri damu ikome.',
  'emergency.tip.spinal': 'Usimsogeze isipokuwa yuko hatarini. Shikilia kichwa na shingo visitikisike.',
  'emergency.tip.dehydration': 'Kama anaweza kunywa, mpe ORS kwa mafundo madogo mkiwa njiani.',

  // Scheduling
  'slots.choose': 'Tafadhali chagua muda kwa ajili ya {{name}} ({{service}}):',
  'slots.taken_choose': 'Tafadhali chagua muda mwingine kwa ajili ya {{name}} ({{service}}):',
  'slots.none':
    'Samahani, hakuna miadi iliyo wazi katika siku chache zijazo. Timu ya kliniki imearifiwa na itawasiliana nawe. Hali ikizidi kuwa mbaya, piga {{number}}.',
  'confirm.ask': 'Je, niweke miadi hii?\n\n{{name}}\n{{service}}\n{{day}}, {{time}}',
  'confirm.book': 'Ndiyo, iweke',
  'confirm.other_time': 'Muda mwingine',
  'confirm.cancel': 'Ghairi',
  'booking.in_progress': 'Ninaweka miadi yako…',
  'booking.delayed':
    'Mfumo wa kliniki unaenda polepole sasa. Miadi yako inaendelea kuwekwa, na nitakutumia uthibitisho mara tu itakapokamilika.',
  'booking.confirmed':
    '✅ Miadi yako imewekwa.\n\n{{name}}\n{{service}}\n{{day}}, {{time}}\n{{clinic}}\n\nTafadhali fika dakika 15 mapema. Ili kughairi, andika GHAIRI.',
  'booking.slot_taken': 'Samahani, mtu mwingine amechukua muda huo sasa hivi.',
  'booking.failed':
    'Samahani, sikuweza kukamilisha kuweka miadi. Tafadhali wasiliana na kliniki ili kuweka miadi. Timu imearifiwa.',
  'booking.failed_phone':
    'Samahani, sikuweza kukamilisha kuweka miadi. Tafadhali piga simu kliniki kwa namba {{phone}} ili kuweka miadi. Timu imearifiwa.',
  'registration.failed':
    'Samahani, sikuweza kufungua rekodi ya mgonjwa. Tafadhali wasiliana na kliniki. Timu imearifiwa.',
  'registration.failed_phone':
    'Samahani, sikuweza kufungua rekodi ya mgonjwa. Tafadhali piga simu kliniki kwa namba {{phone}}. Timu imearifiwa.',

  // After a booking
  'completed.next': 'Kuna jambo lingine? Eleza tatizo jipya, au andika GHAIRI ili kughairi miadi yako.',
  'cancel.which': 'Unataka kughairi miadi ipi?',
  'cancel.confirm': 'Je, nighairi miadi ya {{when}}?',
  'cancel.yes': 'Ndiyo, ighairi',
  'cancel.no': 'Hapana, ibaki',
  'cancel.done': 'Miadi yako imeghairiwa. Tuandikie wakati wowote ukihitaji msaada.',
  'cancel.kept': 'Sawa, miadi yako bado ipo.',
  'cancel.none': 'Hakuna miadi ijayo ya kughairi. Tuandikie wakati wowote ukihitaji msaada.',
  'cancel.flow': 'Sawa, nimesimamisha. Tuandikie wakati wowote ili kuanza upya.',
  'cancel.failed': 'Sikuweza kughairi miadi. Tafadhali wasiliana na kliniki. Timu imearifiwa.',
  'cancel.failed_phone':
    'Sikuweza kughairi miadi. Tafadhali piga simu kliniki kwa namba {{phone}}. Timu imearifiwa.',

  // Majibu kwa ukumbusho wa miadi (kiolezo cha WhatsApp chenye vitufe Ibaki / Ghairi)
  'reminder.kept':
    'Asante! Miadi ya {{name}} ya {{day}}, {{time}} bado ipo. Tafadhali fika dakika 15 mapema.',
  'reminder.cancel_confirm': 'Je, nighairi miadi ya {{name}} ya {{day}}, {{time}}?',
  'reminder.not_found':
    'Sikuweza kupata miadi hii: huenda imeghairiwa au imebadilishwa. Ukiwa na swali, tafadhali wasiliana na kliniki.',

  // Commands
  'help.text':
    'Ninakusaidia kupata huduma katika {{clinic}}: ninauliza maswali machache na kuweka miadi. Unaweza kuandika wakati wowote:\n• MSAADA – ujumbe huu\n• ANZA UPYA – anza mwanzo\n• GHAIRI – ghairi\n• MHUDUMU – ongea na mtu\n• LUGHA – badilisha lugha\n• ACHA – usipate ujumbe zaidi\n• FUTA DATA YANGU – futa mazungumzo haya\n\nIkiwa ni dharura, piga {{number}}.',
  'stop.ack': 'Hutapata ujumbe zaidi kutoka kwetu. Tuandikie tena wakati wowote ukihitaji huduma ya afya.',
  'delete.ack':
    'Mazungumzo yako yamefutwa kwenye huduma hii. Chochote kilichokwisha kutumwa kwa kliniki kinabaki kwenye rekodi yako ya matibabu. Tuandikie tena wakati wowote.',
  'handover.ack':
    'Nimemwomba mfanyakazi wa kliniki akujibu. Tafadhali subiri, atakujibu hapa. Ikiwa ni dharura, piga {{number}}.',
  'handover.back': 'Sasa unazungumza tena na msaidizi wa kliniki.',
  'handover.timeout':
    'Timu ya kliniki haikuweza kujibu kwa wakati. Unaweza kuendelea hapa nami, au uwasiliane na kliniki.',
  'handover.timeout_phone':
    'Timu ya kliniki haikuweza kujibu kwa wakati. Unaweza kuendelea hapa nami, au upige simu kliniki kwa namba {{phone}}.',

  // Media and other messages we cannot read
  'media.unsupported': 'Ninaweza kusoma ujumbe wa maandishi tu. Tafadhali andika jibu lako.',
  'media.voice': 'Bado siwezi kusikiliza ujumbe wa sauti. Tafadhali andika ujumbe wako.',
  'media.image': 'Asante kwa picha. Siwezi kuangalia picha hapa, kwa hiyo tafadhali eleza tatizo kwa maneno.',
  'media.image_received': 'Asante kwa picha. Itaangaliwa pamoja na jibu lako lijalo.',

  // Late delivery (messages that reached us long after they were sent)
  'stale.ask': 'Samahani, ujumbe wako wa {{when}} umetufikia sasa hivi tu. Je, bado una tatizo hili?',
  'stale.yes': 'Ndiyo, bado',
  'stale.no': 'Hapana, niko sawa',
  'stale.dismissed': 'Asante kwa kutujulisha. Tuandikie wakati wowote ukihitaji msaada.',

  // The clinic's system is not answering
  'ehr.retrying': 'Mfumo wa kliniki haujibu kwa sasa. Nitajaribu tena baada ya dakika moja.',
  'ehr.down': 'Mfumo wa kliniki bado haujibu. Nimeiomba timu ya kliniki iwasiliane nawe hapa.',
  'ehr.down_phone':
    'Mfumo wa kliniki bado haujibu. Nimeiomba timu ya kliniki iwasiliane nawe hapa, au unaweza kupiga {{phone}}.',

  // General
  'common.pick_one': 'Samahani, sikuelewa. Tafadhali chagua moja ya chaguo, au andika namba yake.',
  'common.stuck': 'Samahani, bado sijaelewa. Unaweza kuandika MHUDUMU ili uongee na mtu.',
  'common.one_moment': 'Tafadhali subiri kidogo…',
};

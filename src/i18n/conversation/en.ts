/**
 * Patient-facing texts of the conversation, English. Every other language must have exactly these
 * keys (TypeScript checks it: see `Catalogue`). Short sentences, plain words: patients read these on
 * cheap phones, often in a second language. `{{name}}` placeholders are filled by the runner.
 * Emergency texts are reviewed content: change them only with clinical review.
 */
export const en = {
  // Buttons and list labels (reply buttons: at most 20 characters; list button: at most 20)
  'btn.options': 'Options',
  'btn.times': 'See times',
  'btn.languages': 'Languages',
  'answer.yes': 'Yes',
  'answer.no': 'No',
  'answer.unsure': 'Not sure',

  // Language
  'lang.ask': 'Please choose your language.',

  // Consent
  'consent.ask':
    'Hello! This is the {{clinic}} WhatsApp service. I will ask a few short questions about your health and can book an appointment for you.\n\nYour answers are saved in the clinic’s medical records so the staff who see you can use them.\n\nDo you agree? (In an emergency, call {{number}} now.)',
  'consent.yes': 'Yes, I agree',
  'consent.no': 'No',
  'consent.language': 'Change language',
  'consent.declined':
    'No problem. We have not kept any of your details. If you need care, please contact the clinic, or write to us again at any time. In an emergency, call {{number}}.',
  'consent.declined_phone':
    'No problem. We have not kept any of your details. If you need care, please call the clinic on {{phone}}, or write to us again at any time. In an emergency, call {{number}}.',

  // Identifying the patient
  'identify.who': 'Who needs care today?',
  'identify.someone_else': 'Someone else',
  'identify.ask_name': 'What is the full name of the person who needs care?',
  'identify.bad_name': 'Please write the name in letters only, for example: Amina Otieno.',
  'identify.ask_dob':
    'What is {{name}}’s date of birth? For example 14/03/1985. You can also write the age, for example 35, or 6 months for a baby.',
  'identify.bad_dob':
    'I could not read that date. Please write it like 14/03/1985, or write the age (for example 35, or 6 months).',
  'identify.ask_sex': 'Is {{name}} female or male?',
  'identify.confirm': 'Please check:\n{{name}}\nBorn: {{dob}}\nSex: {{sex}}\n\nIs this correct?',
  'identify.confirm_yes': 'Yes, correct',
  'identify.confirm_no': 'No, change it',
  'sex.female': 'Female',
  'sex.male': 'Male',
  'sex.other': 'Other',

  // Symptoms and triage
  'symptoms.ask': 'What is the main health problem today? Please describe it in your own words.',
  'symptoms.ask_again': 'Please tell me about the health problem, for example: “fever and cough for 3 days”.',
  'result.urgent':
    'Thank you. This should be seen by a health worker today or tomorrow. I am looking for the earliest appointment.',
  'result.routine': 'Thank you. This can be seen at a normal appointment. I am looking for a time.',
  'result.self_care':
    'Thank you. This can usually be looked after at home. If it gets worse, or you are worried, write to us again. In an emergency, call {{number}}.\n\nWould you still like an appointment?',
  'result.self_care_book': 'Yes, book',
  'result.self_care_no_thanks': 'No, thanks',
  'result.self_care_no':
    'All right. Take care. If things get worse, write to us again, or call {{number}} in an emergency.',

  // Emergency (reviewed content)
  'emergency.advice':
    '⚠️ This may be an emergency.\n\nCall {{number}} now, or go to the nearest emergency department immediately. Do not wait for an appointment.\n\nIf you can, ask someone to stay with you.',
  'emergency.reminder':
    'Please call {{number}} now or go to the nearest emergency department. If you are safe now, tell me.',
  'emergency.choice_safe': 'I am safe now',
  'emergency.choice_restart': 'Start again',
  'emergency.safe_ack':
    'I am glad. If anything changes, call {{number}} at once. Write “start again” if you need anything else.',
  'emergency.tip.bleeding': 'Press firmly on the wound with a clean cloth and keep pressing.',
  'emergency.tip.seizure':
    'Do not put anything in their mouth. Move hard objects away. Turn them on their side when the jerking stops.',
  'emergency.tip.anaphylaxis':
    'If there is an adrenaline pen, use it now. Lie down with the legs raised, or sit up if breathing is hard.',
  'emergency.tip.suicide':
    'You are not alone. Stay with someone you trust, and keep away from anything you could use to hurt yourself.',
  'emergency.tip.breathing': 'Sit upright and stay calm. Loosen tight clothes.',
  'emergency.tip.chest_pain': 'Sit down and rest. Do not drive yourself.',
  'emergency.tip.stroke': 'Note the time the signs started. Do not give food or drink.',
  'emergency.tip.poisoning': 'Do not make them vomit. Take the container or medicine packet with you.',
  'emergency.tip.burns': 'Cool the burn under cool running water for 20 minutes. Do not use ice or butter.',
  'emergency.tip.snakebite':
    'Keep the person still and calm, and the bitten limb still. Remove rings and tight items. Do not cut, suck or tie the bite.',
  'emergency.tip.postpartum_bleeding':
    'Lay her down with her legs raised and keep her warm. Go now: do not wait for the bleeding to stop.',
  'emergency.tip.spinal': 'Do not move them unless they are in danger. Keep the head and neck still.',
  'emergency.tip.dehydration':
    'If they can drink, give oral rehydration solution (ORS) in small sips on the way.',

  // Scheduling
  'slots.choose': 'Please choose a time for {{name}} ({{service}}):',
  'slots.taken_choose': 'Please choose another time for {{name}} ({{service}}):',
  'slots.none':
    'I am sorry, there are no free appointments in the coming days. The clinic team has been told and will contact you. If it gets worse, call {{number}}.',
  'confirm.ask': 'Book this appointment?\n\n{{name}}\n{{service}}\n{{day}} at {{time}}',
  'confirm.book': 'Yes, book it',
  'confirm.other_time': 'Another time',
  'confirm.cancel': 'Cancel',
  'booking.in_progress': 'Booking your appointment…',
  'booking.delayed':
    'The clinic’s system is slow right now. Your booking is being completed, and I will send you the confirmation as soon as it is done.',
  'booking.confirmed':
    '✅ Your appointment is booked.\n\n{{name}}\n{{service}}\n{{day}} at {{time}}\n{{clinic}}\n\nPlease come 15 minutes early. To cancel, write CANCEL.',
  'booking.slot_taken': 'Sorry, someone has just taken that time.',
  'booking.failed':
    'I am sorry, I could not complete the booking. Please contact the clinic to book. The team has been told.',
  'booking.failed_phone':
    'I am sorry, I could not complete the booking. Please call the clinic on {{phone}} to book. The team has been told.',
  'registration.failed':
    'I am sorry, I could not create the patient record. Please contact the clinic. The team has been told.',
  'registration.failed_phone':
    'I am sorry, I could not create the patient record. Please call the clinic on {{phone}}. The team has been told.',

  // After a booking
  'completed.next':
    'Is there anything else? Describe a new problem, or write CANCEL to cancel your appointment.',
  'cancel.which': 'Which appointment do you want to cancel?',
  'cancel.confirm': 'Cancel the appointment on {{when}}?',
  'cancel.yes': 'Yes, cancel it',
  'cancel.no': 'No, keep it',
  'cancel.done': 'Your appointment has been cancelled. Write to us at any time if you need help.',
  'cancel.kept': 'All right, your appointment is kept.',
  'cancel.none': 'There is no upcoming appointment to cancel. Write to us at any time if you need help.',
  'cancel.flow': 'All right, I have stopped. Write to us at any time to start again.',
  'cancel.failed': 'I could not cancel the appointment. Please contact the clinic. The team has been told.',
  'cancel.failed_phone':
    'I could not cancel the appointment. Please call the clinic on {{phone}}. The team has been told.',

  // Replies to the appointment reminder (a WhatsApp template with Keep / Cancel buttons)
  'reminder.kept':
    'Thank you! {{name}}’s appointment on {{day}} at {{time}} is kept. Please come 15 minutes early.',
  'reminder.cancel_confirm': 'Cancel {{name}}’s appointment on {{day}} at {{time}}?',
  'reminder.not_found':
    'I could not find this appointment: it may have been cancelled or changed. If you have a question, please contact the clinic.',

  // Commands
  'help.text':
    'I help you get care at {{clinic}}: I ask a few questions and book an appointment. You can write at any time:\n• HELP – this message\n• RESTART – start again\n• CANCEL – cancel what we are doing, or your appointment\n• AGENT – talk to a person\n• LANGUAGE – change language\n• STOP – no more messages\n• DELETE MY DATA – erase this chat\n\nIn an emergency, call {{number}}.',
  'stop.ack': 'You will not get more messages from us. Write again at any time if you need care.',
  'delete.ack':
    'Your conversation has been deleted from this service. Anything already sent to the clinic stays in your medical record. Write again at any time.',
  'handover.ack':
    'I have asked a member of the clinic team to reply. Please wait, they will answer here. In an emergency, call {{number}}.',
  'handover.back': 'You are talking with the clinic assistant again.',
  'handover.timeout':
    'The clinic team could not reply in time. You can continue here with me, or contact the clinic.',
  'handover.timeout_phone':
    'The clinic team could not reply in time. You can continue here with me, or call the clinic on {{phone}}.',

  // Media and other messages we cannot read
  'media.unsupported': 'I can only read text messages. Please type your answer.',
  'media.voice': 'I cannot listen to voice messages yet. Please type your message.',
  'media.image':
    'Thank you for the photo. I cannot look at photos here, so please describe the problem in words.',
  'media.image_received': 'Thank you for the photo. It will be looked at with your next answer.',

  // Late delivery (messages that reached us long after they were sent)
  'stale.ask': 'Sorry, your message from {{when}} has only just reached us. Is this still a problem?',
  'stale.yes': 'Yes, still',
  'stale.no': 'No, it is fine',
  'stale.dismissed': 'Thank you for telling us. Write to us at any time if you need help.',

  // The clinic's system is not answering
  'ehr.retrying': 'The clinic’s system is not answering right now. I will try again in a minute.',
  'ehr.down': 'The clinic’s system is still not answering. I have asked the clinic team to contact you here.',
  'ehr.down_phone':
    'The clinic’s system is still not answering. I have asked the clinic team to contact you here, or you can call {{phone}}.',

  // General
  'common.pick_one':
    'Sorry, I did not understand. Please choose one of the options, or type the number of the option.',
  'common.stuck': 'Sorry, I still did not understand. You can write AGENT to talk to a person.',
  'common.one_moment': 'One moment please…',
} as const;

export type CatalogueKey = keyof typeof en;
/** A translation of the conversation catalogue: every key, nothing else. */
export type Catalogue = { readonly [K in CatalogueKey]: string };

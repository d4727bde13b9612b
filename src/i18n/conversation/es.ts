/**
 * Patient-facing texts of the conversation, neutral Latin-American Spanish (usted). Translation of
 * `en.ts`: same keys, same `{{placeholders}}`. Command words are those `detectCommand` understands
 * (CANCELAR, AGENTE, REINICIAR…). Emergency texts are reviewed content.
 */
import type { Catalogue } from './en.ts';

export const es: Catalogue = {
  // Buttons and list labels (at most 20 characters)
  'btn.options': 'Opciones',
  'btn.times': 'Ver horarios',
  'btn.languages': 'Idiomas',
  'answer.yes': 'Sí',
  'answer.no': 'No',
  'answer.unsure': 'No sé',

  // Language
  'lang.ask': 'Por favor, elija su idioma.',

  // Consent
  'consent.ask':
    '¡Hola! Este es el servicio de WhatsApp de {{clinic}}. Le haré unas preguntas cortas sobre su salud y puedo agendarle una cita.\n\nSus respuestas se guardan en la historia clínica del centro de salud, para que el personal que le atienda pueda usarlas.\n\n¿Está de acuerdo? (En una emergencia, llame ahora al {{number}}.)',
  'consent.yes': 'Sí, acepto',
  'consent.no': 'No',
  'consent.language': 'Cambiar idioma',
  'consent.declined':
    'No hay problema. No hemos guardado ninguno de sus datos. Si necesita atención, comuníquese con el centro de salud, o escríbanos de nuevo cuando quiera. En una emergencia, llame al {{number}}.',
  'consent.declined_phone':
    'No hay problema. No hemos guardado ninguno de sus datos. Si necesita atención, llame al centro de salud al {{phone}}, o escríbanos de nuevo cuando quiera. En una emergencia, llame al {{number}}.',

  // Identifying the patient
  'identify.who': '¿Quién necesita atención hoy?',
  'identify.someone_else': 'Otra persona',
  'identify.ask_name': '¿Cuál es el nombre completo de la persona que necesita atención?',
  'identify.bad_name': 'Por favor, escriba el nombre solo con letras, por ejemplo: María López.',
  'identify.ask_dob':
    '¿Cuál es la fecha de nacimiento de {{name}}? Por ejemplo 14/03/1985. También puede escribir la edad, por ejemplo 35, o 6 meses para un bebé.',
  'identify.bad_dob':
    'No pude leer esa fecha. Por favor, escríbala así: 14/03/1985, o escriba la edad (por ejemplo 35, o 6 meses).',
  'identify.ask_sex': '¿{{name}} es de sexo femenino o masculino?',
  'identify.confirm':
    'Por favor, revise:\n{{name}}\nFecha de nacimiento: {{dob}}\nSexo: {{sex}}\n\n¿Es correcto?',
  'identify.confirm_yes': 'Sí, es correcto',
  'identify.confirm_no': 'No, cambiar',
  'sex.female': 'Femenino',
  'sex.male': 'Masculino',
  'sex.other': 'Otro',

  // Symptoms and triage
  'symptoms.ask':
    '¿Cuál es el principal problema de salud hoy? Por favor, descríbalo con sus propias palabras.',
  'symptoms.ask_again':
    'Por favor, cuénteme sobre el problema de salud, por ejemplo: “fiebre y tos desde hace 3 días”.',
  'result.urgent':
    'Gracias. Un profesional de salud debe ver esto hoy o mañana. Estoy buscando la primera cita disponible.',
  'result.routine': 'Gracias. Esto se puede atender en una cita normal. Estoy buscando un horario.',
  'result.self_care':
    'Gracias. Por lo general, esto se puede cuidar en casa. Si empeora, o si le preocupa, escríbanos de nuevo. En una emergencia, llame al {{number}}.\n\n¿Aún quiere una cita?',
  'result.self_care_book': 'Sí, agendar',
  'result.self_care_no_thanks': 'No, gracias',
  'result.self_care_no':
    'Muy bien. Cuídese. Si empeora, escríbanos de nuevo, o llame al {{number}} en una emergencia.',

  // Emergency (reviewed content)
  'emergency.advice':
    '⚠️ Esto puede ser una emergencia.\n\nLlame al {{number}} ahora, o vaya de inmediato a la sala de emergencias más cercana. No espere una cita.\n\nSi puede, pida a alguien que se quede con usted.',
  'emergency.reminder':
    'Por favor, llame al {{number}} ahora o vaya a la sala de emergencias más cercana. Si ya está a salvo, dígamelo.',
  'emergency.choice_safe': 'Ya estoy a salvo',
  'emergency.choice_restart': 'Empezar de nuevo',
  'emergency.safe_ack':
    'Me alegro. Si algo cambia, llame al {{number}} de inmediato. Escriba “reiniciar” si necesita algo más.',
  'emergency.tip.bleeding': 'Presione la herida con fuerza con un paño limpio y siga presionando.',
  'emergency.tip.seizure':
    'No le ponga nada en la boca. Aleje los objetos duros. Cuando paren las sacudidas, ponga a la persona de lado.',
  'emergency.tip.anaphylaxis':
    'Si hay un autoinyector de adrenalina, úselo ahora. Acuéstese con las piernas levantadas, o siéntese si le cuesta respirar.',
  'emergency.tip.suicide':
    'No está solo(a). Quédese con alguien de confianza, y aléjese de cualquier cosa que pueda usar para hacerse daño.',
  'emergency.tip.breathing': 'Siéntese derecho y mantenga la calma. Afloje la ropa apretada.',
  'emergency.tip.chest_pain': 'Siéntese y descanse. No maneje usted mismo.',
  'emergency.tip.stroke': 'Anote la hora en que empezaron los síntomas. No le dé comida ni bebida.',
  'emergency.tip.poisoning': 'No le haga vomitar. Lleve con usted el envase o la caja del medicamento.',
  'emergency.tip.burns':
    'Enfríe la quemadura bajo agua fresca corriente durante 20 minutos. No use hielo ni mantequilla.',
  'emergency.tip.snakebite':
    'Mantenga a la persona quieta y tranquila, con el miembro mordido inmóvil. Quite anillos y objetos apretados. No corte, no chupe ni amarre la mordedura.',
  'emergency.tip.postpartum_bleeding':
    'Acuéstela con las piernas levantadas y manténgala abrigada. Vayan ya: no esperen a que el sangrado pare.',
  'emergency.tip.spinal': 'No la mueva, salvo que esté en peligro. Mantenga la cabeza y el cuello quietos.',
  'emergency.tip.dehydration':
    'Si puede beber, dele suero de rehidratación oral (SRO) a sorbos pequeños en el camino.',

  // Scheduling
  'slots.choose': 'Por favor, elija un horario para {{name}} ({{service}}):',
  'slots.taken_choose': 'Por favor, elija otro horario para {{name}} ({{service}}):',
  'slots.none':
    'Lo siento, no hay citas libres en los próximos días. Ya avisamos al equipo del centro de salud y se comunicarán con usted. Si empeora, llame al {{number}}.',
  'confirm.ask': '¿Agendar esta cita?\n\n{{name}}\n{{service}}\n{{day}} a las {{time}}',
  'confirm.book': 'Sí, agendarla',
  'confirm.other_time': 'Otro horario',
  'confirm.cancel': 'Cancelar',
  'booking.in_progress': 'Agendando su cita…',
  'booking.delayed':
    'El sistema del centro de salud está lento en este momento. Su cita se está agendando, y le enviaré la confirmación en cuanto esté lista.',
  'booking.confirmed':
    '✅ Su cita está agendada.\n\n{{name}}\n{{service}}\n{{day}} a las {{time}}\n{{clinic}}\n\nPor favor, llegue 15 minutos antes. Para cancelar, escriba CANCELAR.',
  'booking.slot_taken': 'Lo siento, alguien acaba de tomar ese horario.',
  'booking.failed':
    'Lo siento, no pude completar la cita. Por favor, comuníquese con el centro de salud para agendarla. El equipo ya fue avisado.',
  'booking.failed_phone':
    'Lo siento, no pude completar la cita. Por favor, llame al centro de salud al {{phone}} para agendarla. El equipo ya fue avisado.',
  'registration.failed':
    'Lo siento, no pude crear el registro del paciente. Por favor, comuníquese con el centro de salud. El equipo ya fue avisado.',
  'registration.failed_phone':
    'Lo siento, no pude crear el registro del paciente. Por favor, llame al centro de salud al {{phone}}. El equipo ya fue avisado.',

  // After a booking
  'completed.next': '¿Algo más? Describa un nuevo problema, o escriba CANCELAR para cancelar su cita.',
  'cancel.which': '¿Qué cita quiere cancelar?',
  'cancel.confirm': '¿Cancelar la cita del {{when}}?',
  'cancel.yes': 'Sí, cancelarla',
  'cancel.no': 'No, mantenerla',
  'cancel.done': 'Su cita fue cancelada. Escríbanos cuando quiera si necesita ayuda.',
  'cancel.kept': 'Muy bien, su cita se mantiene.',
  'cancel.none': 'No tiene ninguna cita próxima para cancelar. Escríbanos cuando quiera si necesita ayuda.',
  'cancel.flow': 'De acuerdo, me detuve. Escríbanos cuando quiera para empezar de nuevo.',
  'cancel.failed':
    'No pude cancelar la cita. Por favor, comuníquese con el centro de salud. El equipo ya fue avisado.',
  'cancel.failed_phone':
    'No pude cancelar la cita. Por favor, llame al centro de salud al {{phone}}. El equipo ya fue avisado.',

  // Respuestas al recordatorio de cita (plantilla de WhatsApp con los botones Mantener / Cancelar)
  'reminder.kept':
    '¡Gracias! La cita de {{name}} del {{day}} a las {{time}} se mantiene. Por favor, llegue 15 minutos antes.',
  'reminder.cancel_confirm': '¿Cancelar la cita de {{name}} del {{day}} a las {{time}}?',
  'reminder.not_found':
    'No encontré esta cita: puede que se haya cancelado o cambiado. Si tiene alguna pregunta, comuníquese con el centro de salud.',

  // Commands
  'help.text':
    'Le ayudo a recibir atención en {{clinic}}: le hago unas preguntas y le agendo una cita. Puede escribir en cualquier momento:\n• AYUDA – este mensaje\n• REINICIAR – empezar de nuevo\n• CANCELAR – cancelar\n• AGENTE – hablar con una persona\n• IDIOMA – cambiar de idioma\n• PARAR – no recibir más mensajes\n• BORRAR MIS DATOS – borrar este chat\n\nEn una emergencia, llame al {{number}}.',
  'stop.ack': 'No recibirá más mensajes nuestros. Escríbanos de nuevo cuando quiera si necesita atención.',
  'delete.ack':
    'Su conversación fue borrada de este servicio. Lo que ya se envió al centro de salud queda en su historia clínica. Escríbanos de nuevo cuando quiera.',
  'handover.ack':
    'Le pedí a un miembro del equipo del centro de salud que le responda. Por favor, espere: le responderán aquí. En una emergencia, llame al {{number}}.',
  'handover.back': 'Está hablando otra vez con el asistente del centro de salud.',
  'handover.timeout':
    'El equipo del centro de salud no pudo responder a tiempo. Puede seguir aquí conmigo, o comunicarse con el centro de salud.',
  'handover.timeout_phone':
    'El equipo del centro de salud no pudo responder a tiempo. Puede seguir aquí conmigo, o llamar al centro de salud al {{phone}}.',

  // Media and other messages we cannot read
  'media.unsupported': 'Solo puedo leer mensajes de texto. Por favor, escriba su respuesta.',
  'media.voice': 'Todavía no puedo escuchar mensajes de voz. Por favor, escriba su mensaje.',
  'media.image':
    'Gracias por la foto. Aquí no puedo ver fotos, así que por favor describa el problema con palabras.',
  'media.image_received': 'Gracias por la foto. La revisaremos junto con su próxima respuesta.',

  // Late delivery (messages that reached us long after they were sent)
  'stale.ask': 'Disculpe, su mensaje del {{when}} nos acaba de llegar. ¿Todavía tiene este problema?',
  'stale.yes': 'Sí, todavía',
  'stale.no': 'No, ya estoy bien',
  'stale.dismissed': 'Gracias por avisarnos. Escríbanos cuando quiera si necesita ayuda.',

  // The clinic's system is not answering
  'ehr.retrying':
    'El sistema del centro de salud no responde en este momento. Lo intentaré de nuevo en un minuto.',
  'ehr.down':
    'El sistema del centro de salud sigue sin responder. Le pedí al equipo del centro de salud que se comunique con usted por aquí.',
  'ehr.down_phone':
    'El sistema del centro de salud sigue sin responder. Le pedí al equipo del centro de salud que se comunique con usted por aquí, o puede llamar al {{phone}}.',

  // General
  'common.pick_one':
    'Disculpe, no entendí. Por favor, elija una de las opciones, o escriba el número de la opción.',
  'common.stuck': 'Disculpe, sigo sin entender. Puede escribir AGENTE para hablar con una persona.',
  'common.one_moment': 'Un momento, por favor…',
};

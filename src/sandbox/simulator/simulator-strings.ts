import { isLanguage, type Language } from '../../shared/language.ts';

/**
 * The simulator's own chrome (labels around the chat), not the conversation: what the bot says comes
 * from the service's catalogues and follows the patient's language, whatever the page is set to.
 */
const en = {
  title: 'WhatsApp simulator',
  phones: 'Simulated phones',
  sandboxNote:
    'Sandbox: these phones talk to the real service through a local stand-in of the WhatsApp Cloud API.',
  console: 'Staff console',
  language: 'Language',
  online: 'online',
  typing: 'typing…',
  placeholder: 'Type a message',
  send: 'Send',
  photo: 'Send a photo',
  typingAs: 'Typing as',
  choose: 'Choose',
  notDelivered: 'Not delivered',
  pickPhone: 'Choose a phone on the left to start chatting.',
  emptyChat: 'Say hello to the clinic, for example “Hello”, “Bonjour” or “Habari”.',
  template: 'Template message',
  photoSent: 'Photo',
  close: 'Close',
  'kind.phone': 'Phone number user · Kenya',
  'kind.french': 'French-speaking phone · Senegal',
  'kind.bsuid': 'BSUID user (business-scoped id) · Kenya',
  'kind.family': 'Family phone, shared by two people',
  'kind.username': 'Username only, no phone number',
} as const;

/** Keys of the simulator's chrome strings. */
export type SimulatorStringKey = keyof typeof en;
type Strings = Readonly<Record<SimulatorStringKey, string>>;

const fr: Strings = {
  title: 'Simulateur WhatsApp',
  phones: 'Téléphones simulés',
  sandboxNote:
    'Bac à sable : ces téléphones parlent au vrai service via une doublure locale de l’API WhatsApp Cloud.',
  console: 'Console du personnel',
  language: 'Langue',
  online: 'en ligne',
  typing: 'écrit…',
  placeholder: 'Écrire un message',
  send: 'Envoyer',
  photo: 'Envoyer une photo',
  typingAs: 'Écrit par',
  choose: 'Choisir',
  notDelivered: 'Non distribué',
  pickPhone: 'Choisissez un téléphone à gauche pour commencer.',
  emptyChat: 'Saluez la clinique, par exemple « Bonjour ».',
  template: 'Message modèle',
  photoSent: 'Photo',
  close: 'Fermer',
  'kind.phone': 'Numéro de téléphone · Kenya',
  'kind.french': 'Téléphone francophone · Sénégal',
  'kind.bsuid': 'Utilisateur BSUID (identifiant propre à l’entreprise) · Kenya',
  'kind.family': 'Téléphone familial, partagé par deux personnes',
  'kind.username': 'Nom d’utilisateur seul, sans numéro',
};

const es: Strings = {
  title: 'Simulador de WhatsApp',
  phones: 'Teléfonos simulados',
  sandboxNote:
    'Entorno de pruebas: estos teléfonos hablan con el servicio real a través de un doble local de la API de WhatsApp Cloud.',
  console: 'Consola del personal',
  language: 'Idioma',
  online: 'en línea',
  typing: 'escribiendo…',
  placeholder: 'Escribe un mensaje',
  send: 'Enviar',
  photo: 'Enviar una foto',
  typingAs: 'Escribe',
  choose: 'Elegir',
  notDelivered: 'No entregado',
  pickPhone: 'Elige un teléfono a la izquierda para empezar.',
  emptyChat: 'Saluda a la clínica, por ejemplo «Hola».',
  template: 'Mensaje de plantilla',
  photoSent: 'Foto',
  close: 'Cerrar',
  'kind.phone': 'Usuario con número · Kenia',
  'kind.french': 'Teléfono francófono · Senegal',
  'kind.bsuid': 'Usuario BSUID (id propio de la empresa) · Kenia',
  'kind.family': 'Teléfono familiar, compartido por dos personas',
  'kind.username': 'Solo nombre de usuario, sin número',
};

const pt: Strings = {
  title: 'Simulador de WhatsApp',
  phones: 'Telefones simulados',
  sandboxNote:
    'Sandbox: estes telefones falam com o serviço real através de um dublê local da API WhatsApp Cloud.',
  console: 'Consola da equipa',
  language: 'Idioma',
  online: 'online',
  typing: 'a escrever…',
  placeholder: 'Escreva uma mensagem',
  send: 'Enviar',
  photo: 'Enviar uma foto',
  typingAs: 'Escreve',
  choose: 'Escolher',
  notDelivered: 'Não entregue',
  pickPhone: 'Escolha um telefone à esquerda para começar.',
  emptyChat: 'Cumprimente a clínica, por exemplo «Olá».',
  template: 'Mensagem de modelo',
  photoSent: 'Foto',
  close: 'Fechar',
  'kind.phone': 'Utilizador com número · Quénia',
  'kind.french': 'Telefone francófono · Senegal',
  'kind.bsuid': 'Utilizador BSUID (id próprio da empresa) · Quénia',
  'kind.family': 'Telefone da família, partilhado por duas pessoas',
  'kind.username': 'Só nome de utilizador, sem número',
};

const sw: Strings = {
  title: 'Kiigaji cha WhatsApp',
  phones: 'Simu za majaribio',
  sandboxNote:
    'Mazingira ya majaribio: simu hizi zinazungumza na huduma halisi kupitia kibadala cha ndani cha WhatsApp Cloud API.',
  console: 'Dashibodi ya wafanyakazi',
  language: 'Lugha',
  online: 'mtandaoni',
  typing: 'anaandika…',
  placeholder: 'Andika ujumbe',
  send: 'Tuma',
  photo: 'Tuma picha',
  typingAs: 'Anayeandika',
  choose: 'Chagua',
  notDelivered: 'Haukufika',
  pickPhone: 'Chagua simu upande wa kushoto ili kuanza.',
  emptyChat: 'Salimia kliniki, kwa mfano “Habari”.',
  template: 'Ujumbe wa kiolezo',
  photoSent: 'Picha',
  close: 'Funga',
  'kind.phone': 'Mtumiaji wa namba ya simu · Kenya',
  'kind.french': 'Simu ya Kifaransa · Senegal',
  'kind.bsuid': 'Mtumiaji wa BSUID (kitambulisho cha biashara) · Kenya',
  'kind.family': 'Simu ya familia, ya watu wawili',
  'kind.username': 'Jina la mtumiaji tu, bila namba',
};

/** Every chrome string in every language (the page switches language without a reload). */
export const SIMULATOR_STRINGS: Readonly<Record<Language, Strings>> = { en, fr, es, pt, sw };

/** Names of the languages in the switch, each in its own language. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  pt: 'Português',
  sw: 'Kiswahili',
};

/**
 * The page language: the `sim_lang` cookie when set, else the first supported `Accept-Language`
 * entry, else English.
 */
export function pickSimulatorLanguage(
  cookieHeader: string | undefined,
  acceptLanguage: string | undefined,
): Language {
  const cookie = /(?:^|;\s*)sim_lang=([a-z]{2})/.exec(cookieHeader ?? '')?.[1];
  if (cookie !== undefined && isLanguage(cookie)) return cookie;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if (isLanguage(code)) return code;
  }
  return 'en';
}

/**
 * Patient-facing texts of the conversation, French as used in francophone Africa (standard, clear,
 * vouvoiement). Translation of `en.ts`: same keys, same `{{placeholders}}`. Command words are those
 * `detectCommand` understands (ANNULER, AGENT, RECOMMENCER…). Emergency texts are reviewed content.
 */
import type { Catalogue } from './en.ts';

export const fr: Catalogue = {
  // Buttons and list labels (at most 20 characters)
  'btn.options': 'Options',
  'btn.times': 'Voir les horaires',
  'btn.languages': 'Langues',
  'answer.yes': 'Oui',
  'answer.no': 'Non',
  'answer.unsure': 'Je ne sais pas',

  // Language
  'lang.ask': 'Veuillez choisir votre langue.',

  // Consent
  'consent.ask':
    'Bonjour ! Ici le service WhatsApp de {{clinic}}. Je vais vous poser quelques questions courtes sur votre santé et je peux vous prendre un rendez-vous.\n\nVos réponses sont enregistrées dans le dossier médical du centre de santé, pour que le personnel qui vous reçoit puisse les utiliser.\n\nÊtes-vous d’accord ? (En cas d’urgence, appelez le {{number}} maintenant.)',
  'consent.yes': 'Oui, j’accepte',
  'consent.no': 'Non',
  'consent.language': 'Changer de langue',
  'consent.declined':
    'Pas de problème. Nous n’avons gardé aucune de vos informations. Si vous avez besoin de soins, contactez le centre de santé, ou écrivez-nous à nouveau à tout moment. En cas d’urgence, appelez le {{number}}.',
  'consent.declined_phone':
    'Pas de problème. Nous n’avons gardé aucune de vos informations. Si vous avez besoin de soins, appelez le centre de santé au {{phone}}, ou écrivez-nous à nouveau à tout moment. En cas d’urgence, appelez le {{number}}.',

  // Identifying the patient
  'identify.who': 'Qui a besoin de soins aujourd’hui ?',
  'identify.someone_else': 'Une autre personne',
  'identify.ask_name': 'Quel est le nom complet de la personne qui a besoin de soins ?',
  'identify.bad_name': 'Veuillez écrire le nom avec des lettres seulement, par exemple : Aminata Diallo.',
  'identify.ask_dob':
    'Quelle est la date de naissance de {{name}} ? Par exemple 14/03/1985. Vous pouvez aussi écrire l’âge, par exemple 35, ou 6 mois pour un bébé.',
  'identify.bad_dob':
    'Je n’ai pas pu lire cette date. Écrivez-la comme ceci : 14/03/1985, ou écrivez l’âge (par exemple 35, ou 6 mois).',
  'identify.ask_sex': 'Quel est le sexe de {{name}} : féminin ou masculin ?',
  'identify.confirm':
    'Veuillez vérifier :\n{{name}}\nDate de naissance : {{dob}}\nSexe : {{sex}}\n\nEst-ce correct ?',
  'identify.confirm_yes': 'Oui, c’est correct',
  'identify.confirm_no': 'Non, modifier',
  'sex.female': 'Féminin',
  'sex.male': 'Masculin',
  'sex.other': 'Autre',

  // Symptoms and triage
  'symptoms.ask': 'Quel est le principal problème de santé aujourd’hui ? Décrivez-le avec vos propres mots.',
  'symptoms.ask_again': 'Parlez-moi du problème de santé, par exemple : « fièvre et toux depuis 3 jours ».',
  'result.urgent':
    'Merci. Un agent de santé doit voir ce problème aujourd’hui ou demain. Je cherche le rendez-vous le plus proche.',
  'result.routine': 'Merci. Cela peut être vu lors d’un rendez-vous normal. Je cherche une heure libre.',
  'result.self_care':
    'Merci. En général, cela peut se soigner à la maison. Si cela s’aggrave, ou si vous vous inquiétez, écrivez-nous à nouveau. En cas d’urgence, appelez le {{number}}.\n\nVoulez-vous quand même un rendez-vous ?',
  'result.self_care_book': 'Oui, réserver',
  'result.self_care_no_thanks': 'Non, merci',
  'result.self_care_no':
    'D’accord. Prenez soin de vous. Si cela s’aggrave, écrivez-nous à nouveau, ou appelez le {{number}} en cas d’urgence.',

  // Emergency (reviewed content)
  'emergency.advice':
    '⚠️ C’est peut-être une urgence.\n\nAppelez le {{number}} maintenant, ou allez tout de suite au service des urgences le plus proche. N’attendez pas un rendez-vous.\n\nSi vous pouvez, demandez à quelqu’un de rester avec vous.',
  'emergency.reminder':
    'Veuillez appeler le {{number}} maintenant ou aller au service des urgences le plus proche. Si vous êtes en sécurité maintenant, dites-le-moi.',
  'emergency.choice_safe': 'Je suis en sécurité',
  'emergency.choice_restart': 'Recommencer',
  'emergency.safe_ack':
    'Tant mieux. Si quelque chose change, appelez le {{number}} tout de suite. Écrivez « recommencer » si vous avez besoin d’autre chose.',
  'emergency.tip.bleeding': 'Appuyez fort sur la plaie avec un tissu propre et continuez d’appuyer.',
  'emergency.tip.seizure':
    'Ne mettez rien dans sa bouche. Éloignez les objets durs. Quand les secousses s’arrêtent, tournez la personne sur le côté.',
  'emergency.tip.anaphylaxis':
    'S’il y a un stylo d’adrénaline, utilisez-le maintenant. Allongez-vous avec les jambes levées, ou asseyez-vous si la respiration est difficile.',
  'emergency.tip.suicide':
    'Vous n’êtes pas seul(e). Restez avec une personne de confiance, et éloignez-vous de tout ce qui pourrait vous servir à vous faire du mal.',
  'emergency.tip.breathing': 'Asseyez-vous bien droit et restez calme. Desserrez les vêtements serrés.',
  'emergency.tip.chest_pain': 'Asseyez-vous et reposez-vous. Ne conduisez pas vous-même.',
  'emergency.tip.stroke': 'Notez l’heure où les signes ont commencé. Ne donnez ni à manger ni à boire.',
  'emergency.tip.poisoning':
    'Ne faites pas vomir la personne. Emportez le récipient ou la boîte du médicament avec vous.',
  'emergency.tip.burns':
    'Refroidissez la brûlure sous l’eau fraîche courante pendant 20 minutes. N’utilisez ni glace ni beurre.',
  'emergency.tip.snakebite':
    'Gardez la personne calme et immobile, le membre mordu immobile. Retirez bagues et objets serrés. Ne coupez pas, ne sucez pas, ne faites pas de garrot.',
  'emergency.tip.postpartum_bleeding':
    'Allongez-la, les jambes surélevées, et gardez-la au chaud. Partez maintenant : n’attendez pas que le saignement s’arrête.',
  'emergency.tip.spinal': 'Ne la déplacez pas, sauf en cas de danger. Gardez la tête et le cou immobiles.',
  'emergency.tip.dehydration':
    'Si la personne peut boire, donnez-lui une solution de réhydratation orale (SRO) par petites gorgées en chemin.',

  // Scheduling
  'slots.choose': 'Veuillez choisir une heure pour {{name}} ({{service}}) :',
  'slots.taken_choose': 'Veuillez choisir une autre heure pour {{name}} ({{service}}) :',
  'slots.none':
    'Désolé, il n’y a pas de rendez-vous libre dans les prochains jours. L’équipe du centre de santé a été prévenue et va vous contacter. Si cela s’aggrave, appelez le {{number}}.',
  'confirm.ask': 'Réserver ce rendez-vous ?\n\n{{name}}\n{{service}}\n{{day}} à {{time}}',
  'confirm.book': 'Oui, réserver',
  'confirm.other_time': 'Autre heure',
  'confirm.cancel': 'Annuler',
  'booking.in_progress': 'Réservation de votre rendez-vous…',
  'booking.delayed':
    'Le système du centre de santé est lent en ce moment. Votre réservation est en cours, et je vous enverrai la confirmation dès qu’elle sera faite.',
  'booking.confirmed':
    '✅ Votre rendez-vous est réservé.\n\n{{name}}\n{{service}}\n{{day}} à {{time}}\n{{clinic}}\n\nVeuillez venir 15 minutes en avance. Pour annuler, écrivez ANNULER.',
  'booking.slot_taken': 'Désolé, quelqu’un vient de prendre cette heure.',
  'booking.failed':
    'Désolé, je n’ai pas pu terminer la réservation. Veuillez contacter le centre de santé pour prendre rendez-vous. L’équipe a été prévenue.',
  'booking.failed_phone':
    'Désolé, je n’ai pas pu terminer la réservation. Veuillez appeler le centre de santé au {{phone}} pour prendre rendez-vous. L’équipe a été prévenue.',
  'registration.failed':
    'Désolé, je n’ai pas pu créer le dossier du patient. Veuillez contacter le centre de santé. L’équipe a été prévenue.',
  'registration.failed_phone':
    'Désolé, je n’ai pas pu créer le dossier du patient. Veuillez appeler le centre de santé au {{phone}}. L’équipe a été prévenue.',

  // After a booking
  'completed.next':
    'Y a-t-il autre chose ? Décrivez un nouveau problème, ou écrivez ANNULER pour annuler votre rendez-vous.',
  'cancel.which': 'Quel rendez-vous voulez-vous annuler ?',
  'cancel.confirm': 'Annuler le rendez-vous du {{when}} ?',
  'cancel.yes': 'Oui, annuler',
  'cancel.no': 'Non, le garder',
  'cancel.done': 'Votre rendez-vous est annulé. Écrivez-nous à tout moment si vous avez besoin d’aide.',
  'cancel.kept': 'D’accord, votre rendez-vous est maintenu.',
  'cancel.none':
    'Il n’y a aucun rendez-vous à venir à annuler. Écrivez-nous à tout moment si vous avez besoin d’aide.',
  'cancel.flow': 'D’accord, j’ai arrêté. Écrivez-nous à tout moment pour recommencer.',
  'cancel.failed':
    'Je n’ai pas pu annuler le rendez-vous. Veuillez contacter le centre de santé. L’équipe a été prévenue.',
  'cancel.failed_phone':
    'Je n’ai pas pu annuler le rendez-vous. Veuillez appeler le centre de santé au {{phone}}. L’équipe a été prévenue.',

  // Réponses au rappel de rendez-vous (modèle WhatsApp avec les boutons Garder / Annuler)
  'reminder.kept':
    'Merci ! Le rendez-vous de {{name}} le {{day}} à {{time}} est maintenu. Veuillez venir 15 minutes en avance.',
  'reminder.cancel_confirm': 'Annuler le rendez-vous de {{name}} le {{day}} à {{time}} ?',
  'reminder.not_found':
    'Je n’ai pas trouvé ce rendez-vous : il a peut-être été annulé ou modifié. Pour toute question, veuillez contacter le centre de santé.',

  // Commands
  'help.text':
    'Je vous aide à obtenir des soins auprès de {{clinic}} : je pose quelques questions et je prends un rendez-vous. Vous pouvez écrire à tout moment :\n• AIDE – ce message\n• RECOMMENCER – reprendre au début\n• ANNULER – annuler\n• AGENT – parler à une personne\n• LANGUE – changer de langue\n• STOP – ne plus recevoir de messages\n• SUPPRIMER MES DONNÉES – effacer cette conversation\n\nEn cas d’urgence, appelez le {{number}}.',
  'stop.ack':
    'Vous ne recevrez plus de messages de notre part. Écrivez-nous à tout moment si vous avez besoin de soins.',
  'delete.ack':
    'Votre conversation a été supprimée de ce service. Ce qui a déjà été envoyé au centre de santé reste dans votre dossier médical. Vous pouvez nous écrire à nouveau à tout moment.',
  'handover.ack':
    'J’ai demandé à un membre de l’équipe du centre de santé de vous répondre. Veuillez patienter : la réponse arrivera ici. En cas d’urgence, appelez le {{number}}.',
  'handover.back': 'Vous parlez de nouveau avec l’assistant du centre de santé.',
  'handover.timeout':
    'L’équipe du centre de santé n’a pas pu répondre à temps. Vous pouvez continuer ici avec moi, ou contacter le centre de santé.',
  'handover.timeout_phone':
    'L’équipe du centre de santé n’a pas pu répondre à temps. Vous pouvez continuer ici avec moi, ou appeler le centre de santé au {{phone}}.',

  // Media and other messages we cannot read
  'media.unsupported': 'Je ne peux lire que les messages écrits. Veuillez écrire votre réponse.',
  'media.voice': 'Je ne peux pas encore écouter les messages vocaux. Veuillez écrire votre message.',
  'media.image':
    'Merci pour la photo. Je ne peux pas regarder les photos ici, alors veuillez décrire le problème avec des mots.',
  'media.image_received': 'Merci pour la photo. Elle sera examinée avec votre prochaine réponse.',

  // Late delivery (messages that reached us long after they were sent)
  'stale.ask':
    'Désolé, votre message du {{when}} vient seulement de nous arriver. Avez-vous toujours ce problème ?',
  'stale.yes': 'Oui, toujours',
  'stale.no': 'Non, ça va',
  'stale.dismissed': 'Merci de nous avoir prévenus. Écrivez-nous à tout moment si vous avez besoin d’aide.',

  // The clinic's system is not answering
  'ehr.retrying':
    'Le système du centre de santé ne répond pas pour le moment. Je vais réessayer dans une minute.',
  'ehr.down':
    'Le système du centre de santé ne répond toujours pas. J’ai demandé à l’équipe du centre de vous contacter ici.',
  'ehr.down_phone':
    'Le système du centre de santé ne répond toujours pas. J’ai demandé à l’équipe du centre de vous contacter ici, ou vous pouvez appeler le {{phone}}.',

  // General
  'common.pick_one':
    'Désolé, je n’ai pas compris. Veuillez choisir une des options, ou écrire le numéro de l’option.',
  'common.stuck':
    'Désolé, je ne comprends toujours pas. Vous pouvez écrire AGENT pour parler à une personne.',
  'common.one_moment': 'Un instant, s’il vous plaît…',
};

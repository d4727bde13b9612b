/**
 * Patient-facing texts of the conversation, Brazilian Portuguese (você) kept easy to read in
 * Mozambique and Angola: few Brazil-only words, "marcar consulta", "posto de saúde". Translation of
 * `en.ts`: same keys, same `{{placeholders}}`. Command words are those `detectCommand` understands
 * (CANCELAR, ATENDENTE, REINICIAR…). Emergency texts are reviewed content.
 */
import type { Catalogue } from './en.ts';

export const pt: Catalogue = {
  // Buttons and list labels (at most 20 characters)
  'btn.options': 'Opções',
  'btn.times': 'Ver horários',
  'btn.languages': 'Idiomas',
  'answer.yes': 'Sim',
  'answer.no': 'Não',
  'answer.unsure': 'Não sei',

  // Language
  'lang.ask': 'Por favor, escolha o seu idioma.',

  // Consent
  'consent.ask':
    'Olá! Este é o serviço de WhatsApp de {{clinic}}. Vou fazer algumas perguntas curtas sobre a sua saúde e posso marcar uma consulta para você.\n\nAs suas respostas ficam guardadas na ficha médica do posto de saúde, para que a equipe que vai atender você possa usá-las.\n\nVocê concorda? (Em caso de emergência, ligue agora para o {{number}}.)',
  'consent.yes': 'Sim, concordo',
  'consent.no': 'Não',
  'consent.language': 'Mudar idioma',
  'consent.declined':
    'Tudo bem. Não guardamos nenhum dos seus dados. Se precisar de atendimento, entre em contato com o posto de saúde, ou escreva para nós de novo quando quiser. Em caso de emergência, ligue para o {{number}}.',
  'consent.declined_phone':
    'Tudo bem. Não guardamos nenhum dos seus dados. Se precisar de atendimento, ligue para o posto de saúde no {{phone}}, ou escreva para nós de novo quando quiser. Em caso de emergência, ligue para o {{number}}.',

  // Identifying the patient
  'identify.who': 'Quem precisa de atendimento hoje?',
  'identify.someone_else': 'Outra pessoa',
  'identify.ask_name': 'Qual é o nome completo da pessoa que precisa de atendimento?',
  'identify.bad_name': 'Por favor, escreva o nome só com letras, por exemplo: Maria Santos.',
  'identify.ask_dob':
    'Qual é a data de nascimento de {{name}}? Por exemplo 14/03/1985. Você também pode escrever a idade, por exemplo 35, ou 6 meses para um bebê.',
  'identify.bad_dob':
    'Não consegui ler essa data. Por favor, escreva assim: 14/03/1985, ou escreva a idade (por exemplo 35, ou 6 meses).',
  'identify.ask_sex': '{{name}} é do sexo feminino ou masculino?',
  'identify.confirm':
    'Por favor, verifique:\n{{name}}\nData de nascimento: {{dob}}\nSexo: {{sex}}\n\nEstá correto?',
  'identify.confirm_yes': 'Sim, está correto',
  'identify.confirm_no': 'Não, corrigir',
  'sex.female': 'Feminino',
  'sex.male': 'Masculino',
  'sex.other': 'Outro',

  // Symptoms and triage
  'symptoms.ask':
    'Qual é o principal problema de saúde hoje? Por favor, descreva com as suas próprias palavras.',
  'symptoms.ask_again': 'Por favor, fale do problema de saúde, por exemplo: “febre e tosse há 3 dias”.',
  'result.urgent':
    'Obrigado. Isto deve ser visto por um profissional de saúde hoje ou amanhã. Vou procurar a primeira consulta livre.',
  'result.routine': 'Obrigado. Isto pode ser visto numa consulta normal. Vou procurar um horário.',
  'result.self_care':
    'Obrigado. Normalmente, isto pode ser tratado em casa. Se piorar, ou se tiver alguma preocupação, escreva para nós de novo. Em caso de emergência, ligue para o {{number}}.\n\nAinda quer marcar uma consulta?',
  'result.self_care_book': 'Sim, marcar',
  'result.self_care_no_thanks': 'Não, obrigado',
  'result.self_care_no':
    'Está bem. Cuide-se. Se piorar, escreva para nós de novo, ou ligue para o {{number}} em caso de emergência.',

  // Emergency (reviewed content)
  'emergency.advice':
    '⚠️ Isto pode ser uma emergência.\n\nLigue agora para o {{number}}, ou vá imediatamente ao serviço de urgência mais próximo. Não espere por uma consulta.\n\nSe puder, peça a alguém para ficar com você.',
  'emergency.reminder':
    'Por favor, ligue agora para o {{number}} ou vá ao serviço de urgência mais próximo. Se você já está em segurança, me diga.',
  'emergency.choice_safe': 'Estou em segurança',
  'emergency.choice_restart': 'Recomeçar',
  'emergency.safe_ack':
    'Que bom. Se algo mudar, ligue imediatamente para o {{number}}. Escreva “reiniciar” se precisar de mais alguma coisa.',
  'emergency.tip.bleeding': 'Pressione a ferida com força com um pano limpo e não pare de pressionar.',
  'emergency.tip.seizure':
    'Não coloque nada na boca da pessoa. Afaste os objetos duros. Quando os movimentos bruscos pararem, vire a pessoa de lado.',
  'emergency.tip.anaphylaxis':
    'Se houver uma caneta de adrenalina, use-a agora. Deite-se com as pernas levantadas, ou sente-se se for difícil respirar.',
  'emergency.tip.suicide':
    'Você não está só. Fique com alguém de confiança, e afaste-se de tudo o que possa usar para se fazer mal.',
  'emergency.tip.breathing': 'Sente-se com as costas retas e mantenha a calma. Afrouxe as roupas apertadas.',
  'emergency.tip.chest_pain': 'Sente-se e descanse. Não seja você a dirigir o carro.',
  'emergency.tip.stroke': 'Anote a hora em que os sintomas começaram. Não dê comida nem bebida.',
  'emergency.tip.poisoning':
    'Não faça a pessoa vomitar. Leve com você a embalagem ou a caixa do medicamento.',
  'emergency.tip.burns':
    'Coloque a queimadura debaixo de água corrente fresca durante 20 minutos. Não use gelo nem manteiga.',
  'emergency.tip.snakebite':
    'Mantenha a pessoa parada e calma, com o membro mordido imóvel. Retire anéis e objetos apertados. Não corte, não chupe nem amarre a mordida.',
  'emergency.tip.postpartum_bleeding':
    'Deite-a com as pernas levantadas e mantenha-a aquecida. Vão já: não esperem o sangramento parar.',
  'emergency.tip.spinal': 'Não a mova, a menos que esteja em perigo. Mantenha a cabeça e o pescoço parados.',
  'emergency.tip.dehydration':
    'Se conseguir beber, dê soro de reidratação oral (SRO) em pequenos goles no caminho.',

  // Scheduling
  'slots.choose': 'Por favor, escolha um horário para {{name}} ({{service}}):',
  'slots.taken_choose': 'Por favor, escolha outro horário para {{name}} ({{service}}):',
  'slots.none':
    'Desculpe, não há consultas livres nos próximos dias. A equipe do posto de saúde foi avisada e vai entrar em contato com você. Se piorar, ligue para o {{number}}.',
  'confirm.ask': 'Marcar esta consulta?\n\n{{name}}\n{{service}}\n{{day}} às {{time}}',
  'confirm.book': 'Sim, marcar',
  'confirm.other_time': 'Outro horário',
  'confirm.cancel': 'Cancelar',
  'booking.in_progress': 'Marcando a sua consulta…',
  'booking.delayed':
    'O sistema do posto de saúde está lento agora. A sua marcação está sendo concluída, e vou enviar a confirmação assim que terminar.',
  'booking.confirmed':
    '✅ A sua consulta está marcada.\n\n{{name}}\n{{service}}\n{{day}} às {{time}}\n{{clinic}}\n\nPor favor, chegue 15 minutos antes. Para cancelar, escreva CANCELAR.',
  'booking.slot_taken': 'Desculpe, alguém acabou de ficar com esse horário.',
  'booking.failed':
    'Desculpe, não consegui concluir a marcação. Por favor, entre em contato com o posto de saúde para marcar. A equipe já foi avisada.',
  'booking.failed_phone':
    'Desculpe, não consegui concluir a marcação. Por favor, ligue para o posto de saúde no {{phone}} para marcar. A equipe já foi avisada.',
  'registration.failed':
    'Desculpe, não consegui criar a ficha do paciente. Por favor, entre em contato com o posto de saúde. A equipe já foi avisada.',
  'registration.failed_phone':
    'Desculpe, não consegui criar a ficha do paciente. Por favor, ligue para o posto de saúde no {{phone}}. A equipe já foi avisada.',

  // After a booking
  'completed.next':
    'Mais alguma coisa? Descreva um novo problema, ou escreva CANCELAR para cancelar a sua consulta.',
  'cancel.which': 'Qual consulta você quer cancelar?',
  'cancel.confirm': 'Cancelar a consulta de {{when}}?',
  'cancel.yes': 'Sim, cancelar',
  'cancel.no': 'Não, manter',
  'cancel.done': 'A sua consulta foi cancelada. Escreva para nós quando quiser, se precisar de ajuda.',
  'cancel.kept': 'Está bem, a sua consulta continua marcada.',
  'cancel.none':
    'Não há nenhuma consulta marcada para cancelar. Escreva para nós quando quiser, se precisar de ajuda.',
  'cancel.flow': 'Está bem, parei. Escreva para nós quando quiser para recomeçar.',
  'cancel.failed':
    'Não consegui cancelar a consulta. Por favor, entre em contato com o posto de saúde. A equipe já foi avisada.',
  'cancel.failed_phone':
    'Não consegui cancelar a consulta. Por favor, ligue para o posto de saúde no {{phone}}. A equipe já foi avisada.',

  // Respostas ao lembrete da consulta (modelo do WhatsApp com os botões Manter / Cancelar)
  'reminder.kept':
    'Obrigado! A consulta de {{name}} em {{day}} às {{time}} está mantida. Por favor, chegue 15 minutos antes.',
  'reminder.cancel_confirm': 'Cancelar a consulta de {{name}} em {{day}} às {{time}}?',
  'reminder.not_found':
    'Não encontrei esta consulta: talvez tenha sido cancelada ou alterada. Se tiver alguma dúvida, entre em contato com o posto de saúde.',

  // Commands
  'help.text':
    'Eu ajudo você a receber atendimento em {{clinic}}: faço algumas perguntas e marco uma consulta. Você pode escrever a qualquer momento:\n• AJUDA – esta mensagem\n• REINICIAR – começar de novo\n• CANCELAR – cancelar\n• ATENDENTE – falar com uma pessoa\n• IDIOMA – mudar o idioma\n• PARAR – não receber mais mensagens\n• APAGAR MEUS DADOS – apagar esta conversa\n\nEm caso de emergência, ligue para o {{number}}.',
  'stop.ack':
    'Você não vai receber mais mensagens nossas. Escreva de novo quando quiser, se precisar de atendimento.',
  'delete.ack':
    'A sua conversa foi apagada deste serviço. O que já foi enviado ao posto de saúde continua na sua ficha médica. Escreva de novo quando quiser.',
  'handover.ack':
    'Pedi a alguém da equipe do posto de saúde para responder. Por favor, aguarde: a resposta vai chegar aqui. Em caso de emergência, ligue para o {{number}}.',
  'handover.back': 'Você voltou a falar com o assistente do posto de saúde.',
  'handover.timeout':
    'A equipe do posto de saúde não conseguiu responder a tempo. Você pode continuar aqui comigo, ou entrar em contato com o posto de saúde.',
  'handover.timeout_phone':
    'A equipe do posto de saúde não conseguiu responder a tempo. Você pode continuar aqui comigo, ou ligar para o posto de saúde no {{phone}}.',

  // Media and other messages we cannot read
  'media.unsupported': 'Só consigo ler mensagens de texto. Por favor, escreva a sua resposta.',
  'media.voice': 'Ainda não consigo ouvir mensagens de voz. Por favor, escreva a sua mensagem.',
  'media.image':
    'Obrigado pela foto. Não consigo ver fotos aqui, por isso, por favor, descreva o problema por escrito.',
  'media.image_received': 'Obrigado pela foto. Ela será vista junto com a sua próxima resposta.',

  // Late delivery (messages that reached us long after they were sent)
  'stale.ask': 'Desculpe, a sua mensagem de {{when}} só chegou agora. Ainda tem esse problema?',
  'stale.yes': 'Sim, ainda tenho',
  'stale.no': 'Não, está tudo bem',
  'stale.dismissed': 'Obrigado por nos avisar. Escreva para nós quando quiser, se precisar de ajuda.',

  // The clinic's system is not answering
  'ehr.retrying':
    'O sistema do posto de saúde não responde neste momento. Vou tentar de novo daqui a um minuto.',
  'ehr.down':
    'O sistema do posto de saúde continua sem responder. Pedi à equipe do posto de saúde para falar com você aqui.',
  'ehr.down_phone':
    'O sistema do posto de saúde continua sem responder. Pedi à equipe do posto de saúde para falar com você aqui, ou você pode ligar para o {{phone}}.',

  // General
  'common.pick_one':
    'Desculpe, não entendi. Por favor, escolha uma das opções, ou escreva o número da opção.',
  'common.stuck': 'Desculpe, ainda não entendi. Você pode escrever ATENDENTE para falar com uma pessoa.',
  'common.one_moment': 'Um momento, por favor…',
};

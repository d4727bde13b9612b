/**
 * Key words for spelling tolerance (spelling.ts): the anchors of the red-flag families whose
 * misspelling would hide an emergency ("convlsing", "pregnent", "inconsient", "respiar"). Only words
 * of 6 letters or more: shorter ones have too many real neighbours. Accent-free, lower case.
 */
export const KEYWORDS: readonly string[] = `
  adormecida adormecido ahogando alergia allergic allergie allergy amepooza amevimba amezimia
  anaharisha anapumua anatapika apretado asthme avaler bleeding bombinha breathe breathing
  breathless calentura choking collapsed comprimes comprimidos confused convulsao convulse convulsing
  convulsion convulsiona convulsionando convulsions crushing degedege desmaiado desmaiou desmayada desmayado
  desmayo diarrhea diarrhoea dormencia dormente douleur drooping drowsy embarazada enceinte
  engolir engourdi engourdie entumido etouffe etouffer evanoui evanouie fainted fainting
  floppy formigamento garganta gonfle gonflee gravida hajitambui headache hinchada hinchado
  hinchazon inchada inchado inchou inconscient inconsciente inhalador inhaler kerosene kichefuchefu
  kifafa kifuani kinauma kizunguzungu kuharisha kujinyonga kujiua kumeza kupooza kupumua
  kutapika lengua limevimba malaise mareada mareado maumivu medicaments mjamzito napumua
  natapika numbness oppression opresion overdose overdosed paracetamol paraffin paralisada paralisado
  paralizada paralizado paralyse paralysed paralysee paralyzed pastillas peanuts pesticide poison
  poisoned poisoning poitrine pregnancy pregnant pressure radiating remedios respirando respirar
  respiration respire respirer responding saigne saignement sangrado sangramento sangrando seizing
  seizure seizures serrement shoulder slurred slurring somnolent spreading squeezing stomach
  suando sudando sufocando suicidal suicide suicider swallow swallowing sweating sweaty
  swelling swollen tablets temperature throat tightness tongue tontura tragar transpiration
  transpire umevimba unconscious unresponsive veneno ventoline vidonge vomissements vomitando vomited
  vomitei vomiting wheezing
`
  .trim()
  .split(/\s+/);

/**
 * Real words within the correction distance of a key word, which must never be "corrected" into it
 * ("cooking" is not "choking", "couleur" is not "douleur", "concussion" is not "convulsion",
 * "breeding" is not "bleeding"). Generated once from the Debian word lists wamerican, wfrench,
 * wspanish and wportuguese (normalised like patient text); regenerate when KEYWORDS change.
 */
export const PROTECTED_WORDS: readonly string[] = `
  abalizada abalizado aborrecida aborrecido adoecida adoecido adormeca adormecedor adormecendo adormecera
  adormeci adormecia adormeciam adormecias adormecidas adormecidos adormeco adormente afogando afretado
  ahogado aigrement alaise albarazada alegria alergias alergica alignement allegie allergies
  allowing amortecida amortecido analisada analisado apertado aprecado apresado apressure aprestado
  apretada apretador arabizada arabizado areada areado arretado aspirando aspiration asthma
  avalar avalee avalera avales avaleur avalez avalizada avalizado baigne baignerent
  banalizada banalizado besoirando bleeping blending blurred blurring bombinhas breaching breath
  breathed breather breathers breathes breathiest breathlessly breaths breathy breeding brushing
  canalizada canalizado careada careado carnalizada carnalizado catalisada catalisado cavaler chocking
  chowing clignement coking collapse collapses comprazidos compression compridos comprimamos comprimas
  comprime comprimee comprimees comprimem comprimer comprimez comprimiamos comprimias comprimida comprimidas
  comprimido comprimieis comprimimos comprimindo comprimions comprimiras comprimirdes comprimires comprimirmos comprimis
  comprises comprites compulsion compulsions conclusion conclusions concusion concussion concussions conduisions
  confuse confuser confuses confusing confusion confusions confuted connussions conscient consciente
  conscious consulting consultions contused contusing contusion contusions conversing conversion conversions
  convolions convulsa convulsado convulsai convulsam convulsant convulsar convulsas convulsat convulsed
  convulsee convulsei convulsem convulsent convulser convulserions convulserons convulses convulsez convulsiez
  convulsif convulsifs convulsionada convulsionado convulsionados convulsionai convulsionais convulsionam convulsionante convulsionar
  convulsionara convulsionarao convulsionario convulsionas convulsionava convulsione convulsionei convulsioneis convulsionem convulsiones
  convulsionna convulsionnai convulsionnas convulsionnat convulsionne convulsionnes convulsiono convulsionou convulsiva convulsivas
  convulsive convulsives convulsivo convulsivos convulso convulsoes convulsons convulsos convulsou cooking
  couleur crashing crusting cuando daigne daignerent deathless depression desairando deslayo
  desmaiada desmaiados desmaiando desmaio desmaios desmamada desmamado desmamo desmamou desmanada
  desmanado desmano desperation despicando diarrea diarrhee dignement dormante dormencias dorment
  dormentes dormiente doubleur douceur douleurs douteur dragar drooling dropping dropsy
  drowse dumbness dwelling embaracada embaracadas embaracado embaracara embaracava embaralhada embarazado
  embarazador embarazadora embarazar embarazosa embarcada embargada embarracada embarrada embraiada enceint
  enceintes enceints engoli engolia engolira engolis engoliu engourdies engourdir engourdis
  engourdit entupido epanoui epanouie errement esperando espiando espigando espiracion espirar
  espirrando esporando estirando etoffe etoffer etouffa etouffee etouffera etouffes etouffeur
  etouffez evanouies evanouir evanouis evanouit expirando expiration expression fainter falaise
  fallowing farolizada farolizado feinted feinting ferrement finchada finchado finchazon flippy
  foison fouleur fressure frowsy garanta gargantas gargantua geignement gemissements gonfla
  gonflees gonfler gonfles gonflez granida gravada gravidai gravidam gravidar gravidas
  gravide gravido gravira gravita guando hallowing headaches impression imprimidos inalador
  incaler inchaco inchadas inchados inchando inchara inchava inchon inconscience inconscientes
  inconscients inconsecuente inhalar inhalator inhale inhaled inhalee inhalera inhalers inhales
  inhalez inspirando inspiration isthme kerogene kerosine lenguaz lenguda lightness linchada
  linchado linchou lingua longue lotissements maigrement malaire malais malaisee malaises
  malavise maltaise mapeada mapeado marcada marcado mareadas mareador mareados mareando
  mareara mareava marejada marejado marrada marrado mediamente medicament medicamenta medicamentai
  medicamentais medicamentam medicamentar medicamentas medicamentat medicamente medicamentee medicamentees medicamentei medicamenteis
  medicamentem medicamenter medicamentes medicamentez medicamento medicamentons medicamentos medicamentosa medicamentoso medicamentou
  medidamente mengua modicamente montura moralizada moralizado mormente mouleur mudando nasalizada
  nasalizado oppressiez oppressif oppressifs oppressing oppressions oppressive oppressons oppressor oprimidos
  overdoes overdone overdoses paganizada paganizado painted painting palatizada palatizado palizada
  parabolizada parabolizado paraffina paraffine parafinada parafinado parafusada parafusado paralelizada paralelizado
  paralisa paralisacao paralisadas paralisados paralisai paralisais paralisam paralisamos paralisando paralisar
  paralisara paralisaram paralisarao paralisaras paralisaria paralisas paralisava paralisavam paralisavas paralise
  paralisia paraliso paralizador paralizadora paralizar paralysa paralysees paralyser paralyses paralysez
  paralysie paralyze paralyzes parasitada parasitado parcializada parcializado pareada pareado pastellas
  pastilhas pastilla pastillai pastillais pastillat pastilles peanut penalizada penalizado perspiration
  pesticida pesticides pinchada pinchado pinchou pluralizada pluralizado poisoner poisonings poisons
  poisos poisou poisson poitrines polison pombinha predicaments pregnance pregnante pregnants
  prenant presion pression pressura pressured pressuree pressurer pressures pressurez presure
  prison quando rareada rareado ravaler readormecida readormecido reesperando regirando regnant
  remedias remedidos remedies remedimos remedio remedion remedions remediou remedis remirando
  reparando reparation repicando repisando repression rescinding resfriando resinando resounding respeitando
  respice respigado respigando respigar respingando respira respiracao respiracion respirada respirado
  respirador respirados respirai respiram respirant respirante respirara respirarao respiras respirat
  respirations respirator respired respiree respirei respirem respirera respires respirez respiro
  respite respondent respondi respondia respondiam respondias respondida respondido respondon respondona
  responsive restilando restoration retirando retiration revirando rightness ronfle ronflee rouleur
  ruralizada ruralizado rushing sacralizada sacralizado sacramento sagement sagine sagrado sagrando
  saigna saignaient saignee saignements saignent saigner saignerent saigneront saignes saignez
  sainement saintement sallow saneamento sangrada sangrador sangrados sangredo sangrento sangriento
  saudando scalloping seating sedando selling serrements serrerent shallow shelling shoulders
  signerent singrado singrando sizing sloppy slurped slurping smelling smoulder soando
  soigne soignerent somnolant somnolente somnolents spelling spurred spurring stomachs subconscious
  sufocado sugando suicida suicidai suicidam suicidar suicidas suicidat suicidee suicidei
  suicidem suicidera suicides suicidez suicido sujando sumando suppression suspirando swallows
  swearing sweats swellings swilling tablees tables tablet tableta tablete tabletes
  tainted tainting tangue temperate temperatura temperatural temperaturas temperatures tengue tesoirando
  threat throats throaty tintura toison tondue tongued tongues tonsura tontera
  tontuna tonturas tonture tortura touffe trabar tracar tragai tragam tragara
  tragas tragaz trajar tramar transmigration transpira transpiracion transpirations transpired transpiree
  transpirei transpirem transpirer transpires transpirez transpiro transportation traspiracion tratar travar
  trazar trooping unconsciously usando vagissements vainement venenos venent venero veneto
  venino ventolin ventolina vidange vomissement vomitado vomitai vomite vomiteis vomitel
  vomitem vomites vrombissements walloping wallow wallowing welling wheeling wreathe wreathing
`
  .trim()
  .split(/\s+/);

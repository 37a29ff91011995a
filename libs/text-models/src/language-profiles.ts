/** Function words per language: frequent, short, and mostly distinct between these seven languages. */
export const LANGUAGE_STOPWORDS: Record<string, readonly string[]> = {
  en: 'the and is are was were you your my i me we it this that with for not have has had do does did what when where why how can could would should will there they them their of to in on at be been from but if or so just please thanks thank hi hello order refund help account any get got still yet out up about again'.split(' '),
  es: 'el la los las de del que y en un una es no por con para mi mis su sus se lo le al como pero más muy ya está están estoy tengo hola gracias pedido quiero por favor cuando donde qué porque también hasta todavía ayuda cuenta nada'.split(' '),
  fr: 'le la les de des du et est un une que qui pas ne je vous nous il elle ce cette mon ma mes pour avec sur dans au aux mais ou très bonjour merci commande veux suis avez être fait toujours encore aide compte rien'.split(' '),
  de: 'der die das und ist nicht ich sie wir ein eine einen mit für auf den dem des zu von bei mein meine ihr ihre es aber oder sehr noch schon hallo danke bestellung bitte habe haben wird wurde kann immer warum wann hilfe konto nichts'.split(' '),
  it: 'il lo la gli le di del della e è un una che non per con mio mia sono ho ha hai si ma anche molto ancora ciao grazie ordine voglio quando dove perché come sempre aiuto conto niente questo questa'.split(' '),
  pt: 'o a os as de do da dos das e é um uma que não para com meu minha por mas muito ainda já estou tenho olá obrigado obrigada pedido quero quando onde porque também ajuda conta nada isso você vocês'.split(' '),
  nl: 'de het een en is niet ik je jij u we wij zijn mijn met voor op van in dat die dit maar of heel nog al hallo dank bedankt bestelling wil graag wanneer waar waarom hoe altijd hulp account niets heb hebben'.split(' '),
};

/** Letters that almost only one of these languages uses, with the language they point to. */
export const LANGUAGE_LETTER_HINTS: readonly [RegExp, string][] = [
  [/[ñ¿¡]/u, 'es'],
  [/[ãõ]/u, 'pt'],
  [/[ßäöü]/u, 'de'],
  [/[œæçëêîïûù]/u, 'fr'],
  [/(?:^|\s)ij|ij(?:\s|$)/u, 'nl'],
];

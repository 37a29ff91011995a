import { detectLanguage, isSupportedLanguage } from './language-detector';

describe('detectLanguage', () => {
  it.each([
    ['Hi, where is my order? It has not arrived yet.', 'en'],
    ['Hola, ¿dónde está mi pedido? Todavía no ha llegado.', 'es'],
    ["Bonjour, je n'ai toujours pas reçu ma commande, pouvez-vous m'aider ?", 'fr'],
    ['Hallo, meine Bestellung ist noch nicht angekommen. Können Sie mir helfen?', 'de'],
    ['Ciao, il mio ordine non è ancora arrivato, potete aiutarmi?', 'it'],
    ['Olá, o meu pedido ainda não chegou, vocês podem me ajudar?', 'pt'],
    ['Hallo, mijn bestelling is nog niet aangekomen, kunt u mij helpen?', 'nl'],
  ])('detects "%s" as %s', (text, language) => {
    expect(detectLanguage(text).language).toBe(language);
  });

  it('says undetermined for text with no known word, and lets it through', () => {
    const detection = detectLanguage('xyz 12345');
    expect(detection).toMatchObject({ language: 'und', confidence: 0 });
    expect(isSupportedLanguage(detection)).toBe(true);
  });

  it('flags a supported language set', () => {
    expect(isSupportedLanguage(detectLanguage('Je voudrais un remboursement pour ma commande'))).toBe(false);
    expect(isSupportedLanguage(detectLanguage('I would like a refund for my order'))).toBe(true);
  });
});

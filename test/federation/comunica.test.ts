// Comunica's wiring for SERVICE on its own: the term factory that keeps remote language tags.
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { LanguageAwareDataFactory } from '../../src/federation/comunica.js';

describe('the term factory for remote results', () => {
  it('keeps the language tag the SPARQL results parsers pass as { language, direction }', () => {
    const factory = new LanguageAwareDataFactory();
    const tagged = factory.literal('Europe', { language: 'en', direction: '' });
    expect(tagged.language).toBe('en');
    expect(tagged.datatype.value).toBe('http://www.w3.org/1999/02/22-rdf-syntax-ns#langString');
    expect(factory.literal('Europa', 'de').language).toBe('de');
    const typed = factory.literal('7', DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#integer'));
    expect([typed.language, typed.datatype.value]).toEqual(['', 'http://www.w3.org/2001/XMLSchema#integer']);
    expect(tagged.equals(DataFactory.literal('Europe', 'en'))).toBe(true);
  });
});

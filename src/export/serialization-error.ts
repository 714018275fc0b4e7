// The error of a result that cannot be written in the format asked for.

/** A result that cannot be written in the chosen format (e.g. a predicate RDF/XML cannot name); HTTP answers 406. */
export class SerializationError extends Error {
  name = 'SerializationError';
}

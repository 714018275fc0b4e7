// Types for what src/validate.ts uses of shacl-engine (the package ships none).
declare module 'shacl-engine' {
  import type { DatasetCore, DataFactory, Literal, Term } from '@rdfjs/types';

  /** A grapoi pointer: the terms it points at. */
  export interface Pointer {
    term: Term | undefined;
    terms: Term[];
  }

  /** One step of a property path as shacl-engine compiles it. */
  export interface PathStep {
    quantifier: 'one' | 'zeroOrOne' | 'zeroOrMore' | 'oneOrMore';
    start: 'subject' | 'object';
    end: 'subject' | 'object';
    predicates: Term[];
  }

  export interface Result {
    focusNode: Pointer;
    path: PathStep[] | null | undefined;
    value: Pointer | undefined;
    severity: Term;
    constraintComponent: Term;
    shape: { ptr: Pointer };
    message: Literal[];
  }

  export interface Report {
    conforms: boolean;
    results: Result[];
  }

  export class Validator {
    constructor(shapes: DatasetCore, options: { factory: DataFactory & { dataset(): DatasetCore } });
    validate(data: { dataset: DatasetCore; terms?: Iterable<Term> }): Promise<Report>;
  }
}

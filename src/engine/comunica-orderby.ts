// ORDER BY on Comunica by every key at once. Comunica 4.5's orderby actor
// (@comunica/actor-query-operation-orderby) sorts once per key, last key first,
// which is right only if each sort is stable; its SortIterator's binary insertion
// places an item anywhere among its equals, so only the first key held
// (`ORDER BY ?a ?s` gave 124.24, 124.26, 124.30, 124.29). Here the engine's own
// orderby actor is given one sort: every key evaluated once per solution, then
// compared in turn by Comunica's own term order, equals left in arrival order.
import type * as RDF from '@rdfjs/types';
import { isExpressionError } from '@comunica/utils-expression-evaluator';
import { type AsyncIterator, TransformIterator } from 'asynciterator';
import { Algebra } from 'sparqlalgebrajs';

/** The parts of Comunica's engine and actors used here, as Comunica 4.5 lays them out. */
type Mediator<I, O> = { mediate(action: I): Promise<O>; bus?: { actors?: unknown[] } };
type Bindings = unknown;
interface BindingsOutput {
  type: string;
  bindingsStream: AsyncIterator<Bindings>;
  metadata: unknown;
}
interface OrderByActor {
  operationName?: string;
  runOperation(operation: Algebra.OrderBy, context: unknown): Promise<BindingsOutput>;
  mediatorQueryOperation: Mediator<{ operation: Algebra.Operation; context: unknown }, BindingsOutput>;
  mediatorExpressionEvaluatorFactory: Mediator<
    { algExpr: Algebra.Expression; context: unknown },
    { evaluate(bindings: Bindings): Promise<RDF.Term> }
  >;
  mediatorTermComparatorFactory: Mediator<{ context: unknown }, { orderTypes(a?: RDF.Term, b?: RDF.Term): number }>;
}

/** A solution with the value of each key (undefined where the key is unbound or an error, which sorts first). */
interface Keyed {
  bindings: Bindings;
  values: Array<RDF.Term | undefined>;
}

/** Buffers its whole source, then gives it sorted; Array.prototype.sort is stable, so equals keep their order. */
class SortedIterator<T> extends TransformIterator<T, T> {
  private readonly items: T[] = [];

  constructor(
    source: AsyncIterator<T>,
    private readonly compare: (a: T, b: T) => number,
  ) {
    super(source);
  }

  protected override _transform(item: T, done: () => void): void {
    this.items.push(item);
    done();
  }

  protected override _flush(done: () => void): void {
    for (const item of this.items.sort(this.compare)) this._push(item);
    this.items.length = 0;
    done();
  }
}

/** `DESC(e)` as e descending; any other key ascending. */
function sortKey(expression: Algebra.Expression): { expression: Algebra.Expression; descending: boolean } {
  const descending = expression.expressionType === Algebra.expressionTypes.OPERATOR && expression.operator === 'desc';
  return { expression: descending ? (expression as Algebra.OperatorExpression).args[0] : expression, descending };
}

/** The orderby actor's evaluation, sorting once over every key. */
async function orderByEveryKey(actor: OrderByActor, operation: Algebra.OrderBy, context: unknown): Promise<BindingsOutput> {
  const output = await actor.mediatorQueryOperation.mediate({ operation: operation.input, context });
  if (output.type !== 'bindings') throw new Error(`ORDER BY needs solutions, but its input gave a result of type ${output.type}.`);
  const terms = await actor.mediatorTermComparatorFactory.mediate({ context });
  const keys = await Promise.all(
    operation.expressions.map(async (expression) => {
      const key = sortKey(expression);
      return { ...key, evaluator: await actor.mediatorExpressionEvaluatorFactory.mediate({ algExpr: key.expression, context }) };
    }),
  );
  const source = output.bindingsStream;
  const keyed = source.transform<Keyed>({
    transform: async (bindings, next, push) => {
      const values: Keyed['values'] = [];
      for (const key of keys) {
        try {
          values.push(await key.evaluator.evaluate(bindings));
        } catch (error) {
          // An expression error leaves the key without a value, as SPARQL's ORDER BY has it; anything else is a fault.
          if (!isExpressionError(error as Error)) source.emit('error', error);
          values.push(undefined);
        }
      }
      push({ bindings, values });
      next();
    },
  });
  const compare = (left: Keyed, right: Keyed) => {
    for (const [i, key] of keys.entries()) {
      const order = byCodePoints(left.values[i], right.values[i]) ?? terms.orderTypes(left.values[i], right.values[i]);
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  };
  return { ...output, bindingsStream: new SortedIterator(keyed, compare).map(({ bindings }) => bindings) };
}

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/**
 * Two IRIs, or two plain strings, by code points as SPARQL's `<` compares them (fn:compare, the codepoint
 * collation) — Comunica's term order uses a locale collation ("case" before "Code"); undefined for other pairs.
 */
export function byCodePoints(a: RDF.Term | undefined, b: RDF.Term | undefined): number | undefined {
  const plain = (t: RDF.Term | undefined) => t?.termType === 'NamedNode' || (t?.termType === 'Literal' && t.datatype.value === XSD_STRING);
  if (!a || !b || a.termType !== b.termType || !plain(a) || !plain(b)) return undefined;
  // Compared as code points, not UTF-16 units: characters beyond U+FFFF sort after U+E000–U+FFFF, as in UTF-8.
  const left = Array.from(a.value);
  const right = Array.from(b.value);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = (left[i].codePointAt(0) ?? 0) - (right[i].codePointAt(0) ?? 0);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return Math.sign(left.length - right.length);
}

/** The actors subscribed to the bus a mediator asks. */
const actorsOf = (mediator: unknown) =>
  ((mediator as Mediator<unknown, unknown> | undefined)?.bus?.actors ?? []) as Array<Record<string, unknown>>;

/**
 * Gives a Comunica engine's orderby actor the one sort above; the engine is returned for chaining. Throws if the
 * actor is not where Comunica 4.5 puts it (query process → query operation bus), rather than let it misorder.
 */
export function sortByEveryKey<E extends object>(engine: E): E {
  const init = (engine as { actorInitQuery?: { mediatorQueryProcess?: unknown } }).actorInitQuery;
  const operations = actorsOf(init?.mediatorQueryProcess).flatMap((process) => actorsOf(process.mediatorQueryOperation));
  const actor = operations.find((a) => a.operationName === 'orderby') as OrderByActor | undefined;
  if (!actor) {
    throw new Error(
      "Comunica's ORDER BY actor was not found on its query-operation bus: ORDER BY with several keys would come back misordered.",
    );
  }
  actor.runOperation = (operation, context) => orderByEveryKey(actor, operation, context);
  return engine;
}

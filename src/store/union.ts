// The union default graph as a set on a local Virtuoso. Virtuoso 7.2 reads the
// default graph (no dataset, `FROM a FROM b`, or default-graph-uri listing
// several graphs) as a bag: a triple stated in two document graphs matches
// twice (measured: test/store/union.test.ts). Documents share triples (states,
// concepts), so after every load one SQL statement over RDF_QUAD asks whether
// two graphs state a common triple. None: nothing is kept and queries go as
// before. Some: the loader keeps UNION_GRAPH, every document's triples once
// (RDF_QUAD's key is G,S,P,O, so a copy into one graph is a set), in step with
// each document added, replaced or removed; the store engine reads the default
// graph from it and keeps it out of GRAPH ?g (src/engine/store-union.ts).
import type { Virtuoso } from './virtuoso.js';

/** The merged default graph the loader keeps when documents overlap; no document is ever named so. */
export const UNION_GRAPH = 'urn:upr-graph:union';

/** Graphs Virtuoso writes of its own (src/store/virtuoso.ts removes them at start): never part of the merge. */
const VIRTUOSO_GRAPHS = ['http://www.openlinksw.com/schemas/virtrdf#', 'http://www.w3.org/ns/ldp#', 'http://localuriqaserver/sparql'];

const sqlString = (value: string) => `'${value.replace(/'/g, "''")}'`;
const iriId = (iri: string) => `iri_to_id (${sqlString(iri)})`;
/** The graphs the merge reads: every graph but itself and Virtuoso's own. */
const MERGED = `NOT IN (${[UNION_GRAPH, ...VIRTUOSO_GRAPHS].map(iriId).join(', ')})`;

// Names unlike any column (Virtuoso's SQL names are case-insensitive; see load.ts).
/**
 * UPR_LEAVE_UNION: the triples of a graph about to be replaced or dropped leave the merge unless
 * another graph states them too. UPR_JOIN_UNION: a graph's triples join it (INSERT SOFT skips those
 * already there). Neither commits: the loader's procedures call them inside their own transaction.
 */
export const UNION_PROCEDURES = [
  `CREATE PROCEDURE DB.DBA.UPR_LEAVE_UNION (in graph_iri varchar)
{
  declare graph_id, union_id any;
  graph_id := iri_to_id (graph_iri);
  union_id := iri_to_id (${sqlString(UNION_GRAPH)});
  for (SELECT S AS qs, P AS qp, O AS qo FROM DB.DBA.RDF_QUAD WHERE G = graph_id) do
  {
    if (not exists (SELECT 1 FROM DB.DBA.RDF_QUAD WHERE P = qp AND S = qs AND O = qo AND G <> graph_id AND G <> union_id))
      DELETE FROM DB.DBA.RDF_QUAD WHERE G = union_id AND P = qp AND S = qs AND O = qo;
  }
}`,
  `CREATE PROCEDURE DB.DBA.UPR_JOIN_UNION (in graph_iri varchar)
{
  INSERT SOFT DB.DBA.RDF_QUAD (G, S, P, O)
    SELECT iri_to_id (${sqlString(UNION_GRAPH)}), S, P, O FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id (graph_iri);
}`,
];

/** Defines the procedures (Virtuoso replaces one of the same name, so a database never keeps an older one). */
export async function defineUnionProcedures(virtuoso: Virtuoso): Promise<void> {
  for (const procedure of UNION_PROCEDURES) await virtuoso.isql(`${procedure};`);
}

/** Whether the store holds the merged graph now. */
export async function unionKept(virtuoso: Virtuoso): Promise<boolean> {
  const out = await virtuoso.isql(`SELECT TOP 1 S FROM DB.DBA.RDF_QUAD WHERE G = ${iriId(UNION_GRAPH)};`);
  return !/\b0 Rows\./.test(out);
}

/** Whether two graphs state a common triple: one join over RDF_QUAD's primary key (P,S,O,G), stopped at the first. */
export async function graphsOverlap(virtuoso: Virtuoso): Promise<boolean> {
  const out = await virtuoso.isql(
    `SELECT TOP 1 a.G FROM DB.DBA.RDF_QUAD a, DB.DBA.RDF_QUAD b WHERE b.P = a.P AND b.S = a.S AND b.O = a.O AND b.G <> a.G AND a.G ${MERGED} AND b.G ${MERGED};`,
  );
  return !/\b0 Rows\./.test(out);
}

/** What settling the union did after a load. */
export interface UnionReport {
  overlap: boolean;
  /** `built`: the merge made now; `kept`: it was kept in step by the load; `dropped`: no overlap is left; `none`: none needed. */
  union: 'built' | 'kept' | 'dropped' | 'none';
  ms: number;
}

/**
 * After the documents are loaded: checks for overlap once, and builds the merged graph (when
 * there is overlap and no merge yet) or drops it (when there is none any more). `kept` says the
 * loader kept a merge in step during this load. Also for a store loaded by bulkLoad alone.
 */
export async function settleUnion(virtuoso: Virtuoso, kept = false): Promise<UnionReport> {
  const started = performance.now();
  const overlap = await graphsOverlap(virtuoso);
  let union: UnionReport['union'] = kept ? 'kept' : 'none';
  if (overlap && !kept) {
    // Row by row without the transaction log (log_enable 2): one transaction of millions of rows would not fit; the checkpoint keeps it.
    await virtuoso.isql(
      `log_enable (2, 1); INSERT SOFT DB.DBA.RDF_QUAD (G, S, P, O) SELECT ${iriId(UNION_GRAPH)}, S, P, O FROM DB.DBA.RDF_QUAD WHERE G ${MERGED}; checkpoint;`,
    );
    union = 'built';
  } else if (!overlap && kept) {
    await virtuoso.isql(`DELETE FROM DB.DBA.RDF_QUAD WHERE G = ${iriId(UNION_GRAPH)}; checkpoint;`);
    union = 'dropped';
  }
  return { overlap, union, ms: performance.now() - started };
}

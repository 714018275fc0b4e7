// The class diagram of the ontology page (/ontology/diagram.svg): how the six
// classes of the card link, asked of the engine: the ontology's upr: domains
// and ranges, and the standard properties (schema.org, Dublin Core…, which the
// ontology gives no domain) the data uses between them. Only where the boxes
// stand is fixed here.
import { NS, shorten } from '../../namespaces.js';
import { escapeHtml } from './html.js';
import type { OntologyTerm } from './ontology-terms.js';
import { superClasses } from './ontology-terms.js';
import type { Select } from './site.js';

/** The six classes of the card and where each box stands: an embedding in which no two links cross. */
export const CARD_CLASSES: ReadonlyArray<{ iri: string; x: number; y: number }> = [
  { iri: `${NS.upr}Recommendation`, x: 130, y: 90 },
  { iri: `${NS.upr}Provision`, x: 470, y: 90 },
  { iri: `${NS.upr}Person`, x: 470, y: 270 },
  { iri: `${NS.upr}Outlet`, x: 470, y: 430 },
  { iri: `${NS.upr}Case`, x: 130, y: 520 },
  { iri: `${NS.upr}Source`, x: 810, y: 520 },
];

const WIDTH = 960;
const HEIGHT = 600;
const BOX = { width: 150, height: 40 };
const LINE_HEIGHT = 13;

/** A link from one class to another (or to itself), with the properties that make it. */
export interface DiagramEdge {
  from: string;
  to: string;
  /** Property IRIs, upr: ones first. */
  properties: string[];
  /** Whether a upr: property declares it (drawn solid), or only the data's use of standard properties (dashed). */
  declared: boolean;
}

/**
 * The links between the card classes. A upr: property makes one where its domain and range name the two classes,
 * or classes they specialise when the data uses it between them (schema:Organization takes in outlets, but no
 * court is an outlet); a standard property makes one where the data uses it between them.
 */
export async function diagramEdges(select: Select, terms: OntologyTerm[]): Promise<DiagramEdge[]> {
  const card = CARD_CLASSES.map((c) => c.iri);
  const values = card.map((c) => `<${c}>`).join(' ');
  const [supers, rows] = await Promise.all([
    superClasses(select),
    select(`SELECT DISTINCT ?from ?p ?to WHERE {
        VALUES ?from { ${values} } VALUES ?to { ${values} }
        ?a a ?from ; ?p ?b . ?b a ?to
      }`),
  ]);
  const used = new Set(rows.map((r) => `${r.from.value} ${r.p.value} ${r.to.value}`));
  const within = (cls: string, targets: string[]) => targets.some((t) => t === cls || supers.get(cls)?.has(t));
  const edges = new Map<string, DiagramEdge>();
  const add = (from: string, to: string, property: string, declared: boolean) => {
    const key = `${from} ${to}`;
    const edge = edges.get(key) ?? { from, to, properties: [], declared: false };
    if (!edge.properties.includes(property)) edge.properties.push(property);
    edge.declared ||= declared;
    edges.set(key, edge);
  };
  for (const term of terms.filter((t) => t.kind === 'object property')) {
    for (const from of card)
      for (const to of card) {
        const named = term.domain.includes(from) && term.range.includes(to);
        const inherited = within(from, term.domain) && within(to, term.range) && used.has(`${from} ${term.iri} ${to}`);
        if (named || inherited) add(from, to, term.iri, true);
      }
  }
  // In one order, not the rows' (each engine's own): the links and their properties come out the same everywhere.
  for (const key of [...used].sort()) {
    const [from, property, to] = key.split(' ');
    if (!property.startsWith(NS.upr)) add(from, to, property, false);
  }
  return [...edges.values()];
}

interface Point {
  x: number;
  y: number;
}

function position(iri: string): Point {
  const box = CARD_CLASSES.find((c) => c.iri === iri);
  if (!box) throw new Error(`${iri} is not a class of the card`);
  return box;
}

/** Where the line from a box's centre towards `toward` leaves the box. */
function boxEdge(center: Point, toward: Point): Point {
  const dx = toward.x - center.x;
  const dy = toward.y - center.y;
  const scale = Math.min(Math.abs(BOX.width / 2 / (dx || 1e-9)), Math.abs(BOX.height / 2 / (dy || 1e-9)));
  return { x: center.x + dx * scale, y: center.y + dy * scale };
}

/** The property names of a link, two to a line. */
function labelLines(edge: DiagramEdge): string[] {
  const names = edge.properties.map((p) => (p.startsWith(NS.upr) ? p.slice(NS.upr.length) : shorten(p)));
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += 2) lines.push(names.slice(i, i + 2).join(', '));
  return lines;
}

function text(lines: string[], at: Point): string {
  const top = at.y - ((lines.length - 1) * LINE_HEIGHT) / 2;
  return `<text x="${at.x.toFixed(1)}" y="${top.toFixed(1)}" text-anchor="middle" dominant-baseline="middle" font-size="11" fill="#333" stroke="#fff" stroke-width="4" paint-order="stroke">${lines
    .map((line, i) => `<tspan x="${at.x.toFixed(1)}" y="${(top + i * LINE_HEIGHT).toFixed(1)}">${escapeHtml(line)}</tspan>`)
    .join('')}</text>`;
}

/** A link drawn as an arrow between two boxes; a link with a reverse one is moved to its own side. */
function arrow(edge: DiagramEdge, hasReverse: boolean): string {
  const a = position(edge.from);
  const b = position(edge.to);
  const style = `stroke="#555" stroke-width="1.4" fill="none" marker-end="url(#arrow)"${edge.declared ? '' : ' stroke-dasharray="5 4"'}`;
  const lines = labelLines(edge);
  if (edge.from === edge.to) {
    const top = a.y - BOX.height / 2;
    const loop = `M ${a.x - 30} ${top} C ${a.x - 50} ${top - 45}, ${a.x + 50} ${top - 45}, ${a.x + 30} ${top}`;
    return `<path d="${loop}" ${style}/>${text(lines, { x: a.x, y: top - 46 })}`;
  }
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  const normal = { x: -(b.y - a.y) / length, y: (b.x - a.x) / length };
  const shift = hasReverse ? 7 : 0;
  const from = boxEdge({ x: a.x + normal.x * shift, y: a.y + normal.y * shift }, { x: b.x + normal.x * shift, y: b.y + normal.y * shift });
  const to = boxEdge({ x: b.x + normal.x * shift, y: b.y + normal.y * shift }, { x: a.x + normal.x * shift, y: a.y + normal.y * shift });
  const side = hasReverse ? 10 + (lines.length * LINE_HEIGHT) / 2 : 0;
  const middle = { x: (from.x + to.x) / 2 + normal.x * side, y: (from.y + to.y) / 2 + normal.y * side };
  return `<line x1="${from.x.toFixed(1)}" y1="${from.y.toFixed(1)}" x2="${to.x.toFixed(1)}" y2="${to.y.toFixed(1)}" ${style}/>${text(lines, middle)}`;
}

function box(iri: string, label: string): string {
  const { x, y } = position(iri);
  return `<a href="#${escapeHtml(iri.slice(NS.upr.length))}" target="_top"><rect x="${x - BOX.width / 2}" y="${y - BOX.height / 2}" width="${BOX.width}" height="${BOX.height}" rx="6" fill="#eef3fb" stroke="#2a4d8f" stroke-width="1.5"/><text x="${x}" y="${y}" text-anchor="middle" dominant-baseline="middle" font-size="14" font-weight="bold" fill="#1c3461">${escapeHtml(label)}</text></a>`;
}

/** The diagram as a standalone SVG document: boxes, arrows labelled with their properties, and a legend. */
export function classDiagramSvg(edges: DiagramEdge[], labelOf: (iri: string) => string): string {
  const keys = new Set(edges.map((e) => `${e.from} ${e.to}`));
  const arrows = edges.map((e) => arrow(e, e.from !== e.to && keys.has(`${e.to} ${e.from}`)));
  const legendY = HEIGHT - 24;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-family="system-ui, sans-serif" role="img" aria-labelledby="title desc">
<title id="title">How the six classes of the card link</title>
<desc id="desc">${escapeHtml(edges.map((e) => `${shorten(e.from)} → ${shorten(e.to)}: ${e.properties.map(shorten).join(', ')}`).join('; '))}</desc>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>
<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>
${arrows.join('\n')}
${CARD_CLASSES.map((c) => box(c.iri, labelOf(c.iri))).join('\n')}
<g font-size="11" fill="#333"><line x1="20" y1="${legendY}" x2="60" y2="${legendY}" stroke="#555" stroke-width="1.4"/><text x="66" y="${legendY}" dominant-baseline="middle">upr: property, by its domain and range</text>
<line x1="330" y1="${legendY}" x2="370" y2="${legendY}" stroke="#555" stroke-width="1.4" stroke-dasharray="5 4"/><text x="376" y="${legendY}" dominant-baseline="middle">standard property, as the data uses it</text></g>
</svg>
`;
}

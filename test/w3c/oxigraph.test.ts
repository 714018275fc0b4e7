// The W3C SPARQL 1.0 and 1.1 query-evaluation tests on the Oxigraph engine (see suite.ts).
import { describeSuite } from './suite.js';

describeSuite('oxigraph');

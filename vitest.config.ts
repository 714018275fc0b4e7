// Two passes over the suite: everything on the default engine (Oxigraph),
// then the tests that run queries end to end (saved queries and their goldens,
// facts, endpoint, API, federation, the readings pages) again with
// UPR_ENGINE=comunica, so that both engines are held to the same answers.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real servers, worker threads and a browser on 2 cores: generous limits, kept here so every project gets them.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'oxigraph', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'comunica',
          include: [
            'test/golden.test.ts',
            'test/readme.test.ts',
            'test/saved-queries.test.ts',
            'test/facts/**/*.test.ts',
            'test/endpoint/**/*.test.ts',
            'test/api/**/*.test.ts',
            'test/federation/federated-queries.test.ts',
            'test/federation/grouped-subquery.test.ts',
            'test/interop/python.test.ts',
            'test/pages/readings.test.ts',
            'test/hardening/**/*.test.ts',
          ],
          env: { UPR_ENGINE: 'comunica' },
        },
      },
    ],
  },
});

// Debian's Python (/usr/bin/python3, where python3-rdflib, python3-pandas and
// python3-sparqlwrapper are), run with a script or code on stdin.
import { spawn } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

/** Runs `python3 args…` with `input` on stdin; resolves with its exit code and output, whatever the code. */
export function runPython(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

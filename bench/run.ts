/**
 * `npm run bench [-- <suite> [filters...]]`: runs every benchmark suite, or those whose name
 * starts with the first argument; the remaining arguments go to the suite
 * (e.g. `npm run bench -- policy W1 cedar --seconds=5`). docs/benchmarks.md documents each suite.
 */

interface Suite {
  readonly name: string;
  readonly description: string;
  readonly run: (filters: readonly string[]) => Promise<void>;
}

const SUITES: readonly Suite[] = [
  {
    name: 'policy',
    description: 'policy engine decisions per second vs cedar-wasm, casbin, iam-simulate',
    run: async (filters) => (await import('./policy/suite.js')).run(filters),
  },
  {
    name: 'api',
    description:
      'signed GetUser/ListUsers/CreateUser+DeleteUser requests/s on a server process vs a bare node:http floor',
    run: async (filters) => (await import('./api/suite.js')).run(filters),
  },
  {
    name: 'audit',
    description:
      'LookupEvents p50/p99 over 1,000,000 events (store and HTTP); GetUser requests/s with auditing on and off',
    run: async (filters) => (await import('./audit/suite.js')).run(filters),
  },
];

async function main(args: readonly string[]): Promise<void> {
  const [first, ...rest] = args;
  const named =
    first !== undefined && !first.startsWith('-') ? SUITES.filter((s) => s.name.startsWith(first)) : [];
  const suites = named.length > 0 ? named : SUITES;
  const filters = named.length > 0 ? rest : args;
  if (args.includes('--help')) {
    for (const s of SUITES) console.log(`${s.name.padEnd(10)} ${s.description}`);
    return;
  }
  for (const s of suites) {
    console.log(`# ${s.name}\n`);
    await s.run(filters);
  }
}

await main(process.argv.slice(2));

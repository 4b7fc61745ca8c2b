/**
 * The house's floors (STYLE.md "Which way the arrows point"), checked in CI by `npm run lint:deps`.
 * A module reaches another only through its index.ts; platform/, lib/, shared/ and config/ stand
 * below every module and import none; nothing goes round in a circle.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No circles: a lower floor that must tell a higher one publishes an event through platform/ instead of importing it.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-not-to-modules',
      severity: 'error',
      comment: 'platform/ (db, http, errors, events, access, …) stands below every capability and knows none of them.',
      from: { path: '^server/src/platform/' },
      to: { path: '^server/src/modules/' },
    },
    {
      name: 'lib-stands-alone',
      severity: 'error',
      comment: 'server/src/lib holds libraries of their own (the dispatch solver): they import no module, nor anything else of the server; callers pass in what they need.',
      from: { path: '^server/src/lib/([^/]+)/' },
      to: { path: '^server/src/', pathNot: '^server/src/lib/$1/' },
    },
    {
      name: 'module-only-through-index',
      severity: 'error',
      comment: "A module uses another module only through that module's index.ts (its public names), never its internals.",
      from: { path: '^server/src/modules/([^/]+)/' },
      to: {
        path: '^server/src/modules/[^/]+/',
        pathNot: ['^server/src/modules/$1/', '^server/src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'shared-not-to-server-or-miniapp',
      severity: 'error',
      comment: 'shared/ (schemas, codes, time, geo) is used by the server and the mini-program and imports from neither.',
      from: { path: '^shared/' },
      to: { path: '^(server|miniapp)/' },
    },
    {
      name: 'config-not-to-server',
      severity: 'error',
      comment: 'config/ is a pure loadConfig(env) the server stands on; it imports nothing from the server.',
      from: { path: '^config/' },
      to: { path: '^server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    // Type-only imports count: a module that names another's internal type still reaches into it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.cjs', '.mjs', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};

// node:child_process for commander in the CLI bundle, loaded on first use (rollup.config.mjs points
// commander's require here). Commander needs it only to run executable sub-commands, which vpcsim has
// none of, and loading it (with net, dgram and streams) costs every run ~5 ms and ~180 page faults.
// CommonJS, so that @rollup/plugin-commonjs keeps the require below inside the function.
exports.spawn = (...args) => require('node:child_process').spawn(...args);

// ip-num for the CLI bundle, loaded on first use (rollup.config.mjs points src/model/ip.ts's import here).
// ip-num's module body builds IPv6 tables at load, ~15 ms of every `vpcsim` run, and most runs parse no
// IPv6 text. This file is CommonJS so that @rollup/plugin-commonjs turns the require below into a call
// made the first time an IPv6 text is parsed. It offers what src/model/ip.ts uses, nothing more.
let ipNum;
const load = () => (ipNum ??= require('ip-num'));

exports.Validator = {
  isValidIPv6String: (text) => load().Validator.isValidIPv6String(text),
};

/** `new IPv6(text)` makes ip-num's IPv6 (a constructor that returns an object gives `new` that object). */
exports.IPv6 = function IPv6(text) {
  return new (load().IPv6)(text);
};

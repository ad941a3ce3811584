// @grafana/ui's ES modules `import Scrollbars from 'react-custom-scrollbars-2'`, a CommonJS
// package compiled by Babel. Bundled with Node's interop rules, that default import is the whole
// exports object, not the component, and React throws error #130 in CustomScrollbar (the table
// panel's scroller). astro.config.mjs points the bare package name here; this file imports the
// package by its file path, which the alias does not match, and hands on the component.
import * as scrollbars from 'react-custom-scrollbars-2/lib/index.js';

const Scrollbars = scrollbars.Scrollbars ?? scrollbars.default?.Scrollbars ?? scrollbars.default;

export default Scrollbars;
export { Scrollbars };

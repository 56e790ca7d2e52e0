// The zod that dist/ loads (scripts/bundle-zod.js bundles this file as dist/node_modules/zod):
// `z` with only the members src/ calls at run time, so that the bundle leaves out what no command
// uses (every locale but English, JSON Schema conversion, the other schema types). zod's English
// messages stay: the first schema made registers them. A member src/ starts to use must be added
// here; the build fails naming it otherwise.
//
// jitless: zod compiles, with new Function, a fast path for each object schema the first time it
// parses with it. A command parses case.json once or twice, so that compilation is never paid
// back: it costs about 20 ms of CPU for the demo's case.json, against under 4 ms for parsing it
// without (the results and issues are the same: the compiled path is an optimisation of it).
import {
  array,
  boolean,
  config,
  enum as enumOf,
  literal,
  number,
  object,
  prettifyError,
  strictObject,
  string,
  url,
} from 'zod';

config({ jitless: true });

export const z = {
  array,
  boolean,
  enum: enumOf,
  literal,
  number,
  object,
  prettifyError,
  strictObject,
  string,
  url,
};

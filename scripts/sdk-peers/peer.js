// The JavaScript OpenTelemetry SDK as a peer of tests/sdk_peers.rs.
//
// Reads one JSON request per line on stdin and writes one JSON answer per line on stdout:
//   {"op": "inject", "members": [[key, value], ...]}  -> {"header": string or null}
//   {"op": "extract", "header": string}                -> {"members": [[key, value], ...]}
//   {"op": "typed", "values": {key: value, ...}}       -> {"header": string or null}
// "typed" writes each value as JavaScript services do: String(value), list.join(",").
'use strict';

const { ROOT_CONTEXT, propagation, defaultTextMapGetter, defaultTextMapSetter } =
  require('@opentelemetry/api');
const { W3CBaggagePropagator } = require('@opentelemetry/core');
const readline = require('readline');

const propagator = new W3CBaggagePropagator();

function inject(members) {
  const entries = {};
  for (const [key, value] of members) entries[key] = { value };
  const context = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage(entries));
  const carrier = {};
  propagator.inject(context, carrier, defaultTextMapSetter);
  return { header: carrier.baggage === undefined ? null : carrier.baggage };
}

function extract(header) {
  const context = propagator.extract(ROOT_CONTEXT, { baggage: header }, defaultTextMapGetter);
  const baggage = propagation.getBaggage(context);
  const members = baggage
    ? baggage.getAllEntries().map(([key, entry]) => [key, entry.value])
    : [];
  members.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { members };
}

function written(value) {
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

function answer(request) {
  switch (request.op) {
    case 'inject':
      return inject(request.members);
    case 'extract':
      return extract(request.header);
    case 'typed':
      return inject(Object.entries(request.values).map(([key, value]) => [key, written(value)]));
    default:
      throw new Error(`unknown op ${request.op}`);
  }
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
const out = [];
lines.on('line', (line) => out.push(JSON.stringify(answer(JSON.parse(line)))));
lines.on('close', () => process.stdout.write(out.length ? out.join('\n') + '\n' : ''));

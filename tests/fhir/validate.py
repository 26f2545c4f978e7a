"""Validates carepath's FHIR export with an independent, well-kept FHIR library.

Usage: python validate.py SITE_DIR TREE_SLUG[:structure] [...]

For each tree: runs `carepath tree content/checks/SLUG.toml --format fhir`, parses the result
as an HL7 FHIR R4 (4.0.1) Questionnaire with `fhir.resources` (pydantic models of the official
R4 definitions), then walks its enableWhen logic with the answers of every clinical case in the
tree file and checks that exactly one end item is shown, with the care level the case expects.
With `:structure` (protocols whose checklists the export folds into one question per list, so
a case's sign-by-sign answers cannot be walked) it checks the structure instead: the resource
parses, and every finding and end item carries its care level. Exits 1 on the first failure.
"""

import json
import os
import subprocess
import sys
import tomllib

import fhir.resources
from fhir.resources.questionnaire import Questionnaire

CARE_EXTENSION = "urn:carepath:extension:care-level"


def shown(item, chosen):
    conditions = item.enableWhen or []
    if not conditions:
        return True
    hold = [
        chosen.get(c.question) == (c.answerCoding.code if c.answerCoding else None)
        for c in conditions
    ]
    return all(hold) if item.enableBehavior == "all" else any(hold)


def walk(questionnaire, labels):
    chosen, ends, given = {}, [], iter(labels)
    for item in questionnaire.item:
        if not shown(item, chosen):
            continue
        if item.type == "choice":
            label = next(given, None)
            if label is None:
                break
            for option in item.answerOption:
                if option.valueCoding.display == label:
                    chosen[item.linkId] = option.valueCoding.code
        else:
            for ext in item.extension or []:
                if ext.url == CARE_EXTENSION:
                    ends.append(ext.valueCoding.code)
    return ends


def care_level(item):
    for ext in item.extension or []:
        if ext.url == CARE_EXTENSION:
            return ext.valueCoding.code
    return None


def check_structure(tree_file, questionnaire):
    outcomes = [i for i in questionnaire.item if i.linkId.startswith(("finding:", "end:"))]
    if not any(i.linkId.startswith("finding:") for i in outcomes):
        sys.exit(f"{tree_file}: no finding items in the export")
    for item in outcomes:
        if care_level(item) is None:
            sys.exit(f"{tree_file}: item {item.linkId!r} has no care level")
        if not item.enableWhen:
            sys.exit(f"{tree_file}: item {item.linkId!r} is shown whatever the answers")
    print(f"{tree_file}: valid FHIR {fhir.resources.__fhir_version__} Questionnaire, "
          f"{len(questionnaire.item)} items; {len(outcomes)} finding and end items carry a care level")


def check(carepath, site, slug):
    slug, _, mode = slug.partition(":")
    tree_file = os.path.join(site, "content", "checks", f"{slug}.toml")
    out = subprocess.run(
        [carepath, "tree", tree_file, "--format", "fhir"],
        check=True, capture_output=True, text=True,
    ).stdout
    questionnaire = Questionnaire.parse_obj(json.loads(out))
    if mode == "structure":
        return check_structure(tree_file, questionnaire)
    with open(tree_file, "rb") as f:
        cases = tomllib.load(f).get("cases", [])
    if not cases:
        sys.exit(f"{tree_file}: no clinical cases to walk")
    for case in cases:
        ends = walk(questionnaire, case["answers"])
        if ends != [case["care"]]:
            sys.exit(f"{tree_file}: case {case['name']!r}: FHIR walk shows {ends}, expected {case['care']!r}")
    print(f"{tree_file}: valid FHIR {fhir.resources.__fhir_version__} Questionnaire, "
          f"{len(questionnaire.item)} items; {len(cases)} cases give the expected care level")


def main():
    carepath = os.environ.get("CAREPATH", "carepath")
    site, slugs = sys.argv[1], sys.argv[2:]
    for slug in slugs:
        check(carepath, site, slug)


if __name__ == "__main__":
    main()

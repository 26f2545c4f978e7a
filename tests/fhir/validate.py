"""Parses carepath's FHIR export with an independent, well-kept FHIR library.

Usage: python validate.py TREE_FILE [...]   (CAREPATH names the binary)

For each tree: runs `carepath tree FILE --format fhir`, parses the result as an HL7 FHIR R4
(4.0.1) Questionnaire with `fhir.resources` (pydantic models of the official R4 definitions),
and checks what ties a response to the form and its outcome: a `version`, the review dates as
`effectivePeriod`, a care-level item and one item per page an end may show, each worked out by
an SDC `calculatedExpression`. The logic itself is walked path by path by check.mjs.
Exits 1 on the first failure.
"""

import json
import os
import subprocess
import sys

import fhir.resources
from fhir.resources.questionnaire import Questionnaire

CALCULATED = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"


def calculated(item):
    return any(ext.url == CALCULATED for ext in item.extension or [])


def check(carepath, tree_file):
    out = subprocess.run(
        [carepath, "tree", "--format", "fhir", "--", tree_file],
        check=True, capture_output=True, text=True,
    ).stdout
    q = Questionnaire.parse_obj(json.loads(out))
    if not q.version or not q.effectivePeriod or not q.effectivePeriod.end:
        sys.exit(f"{tree_file}: no version or effectivePeriod")
    care = [i for i in q.item if i.linkId == "care-level"]
    pages = [i for i in q.item if i.linkId.startswith("page:")]
    if len(care) != 1 or not calculated(care[0]):
        sys.exit(f"{tree_file}: no calculated care-level item")
    if not pages or not all(calculated(p) for p in pages):
        sys.exit(f"{tree_file}: the pages an end shows are not calculated items")
    print(f"{tree_file}: valid FHIR {fhir.resources.__fhir_version__} Questionnaire "
          f"(fhir.resources), version {q.version}, {len(q.item)} items, {len(pages)} outcome pages")


def main():
    carepath = os.environ.get("CAREPATH", "carepath")
    for tree_file in sys.argv[1:]:
        check(carepath, tree_file)


if __name__ == "__main__":
    main()

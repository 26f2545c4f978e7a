"""Reads and writes carepath's files for translators with translate-toolkit, a real tool.

GNU gettext's `msgfmt --check` also reads every PO file (no error, no warning).

For the `translated` fixture, in both formats (gettext PO and XLIFF 2.0):
  1. `carepath translate export` writes what the Welsh still needs; translate-toolkit parses it
     (every entry with its PAGE#KEY context and its source; the XLIFF's units the same as the
     PO's);
  2. the targets are filled in from Python and the file is written again by translate-toolkit
     (its own wrapping, escaping and XML);
  3. `carepath translate import` reads that file and creates the missing Welsh pages, and
     `carepath build` then succeeds with no warning about them;
  4. `translate export --all` of the now complete Welsh, parsed and written again unchanged by
     translate-toolkit, imports back leaving every file of the site byte for byte as it was.
The XLIFF is also parsed by lxml (well-formed, XLIFF 2.0 namespace and structure). There is no
schema validation: the OASIS XLIFF 2.0 schemas are not fetched (only package registries are
reachable); translate-toolkit's xliff2 reader and the structure checks below stand in for it.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import etree
from translate.storage import po, xliff2

CAREPATH = os.environ["CAREPATH"]
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "translated"
NS = "{urn:oasis:names:tc:xliff:document:2.0}"


def run(site, *args, ok=True):
    done = subprocess.run(
        [CAREPATH, *args, "--site", str(site)],
        cwd=site,
        capture_output=True,
        text=True,
        env={**os.environ, "CAREPATH_TODAY": "2026-12-08"},
    )
    if ok and done.returncode != 0:
        sys.exit(f"carepath {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done


def contents(site):
    root = site / "content"
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def welsh(source):
    """A stand-in translation that keeps the block's Markdown: a table row keeps its cells."""
    if source.endswith("|"):
        return source[:-1] + "(cy) |"
    return source + " (cy)"


def load(fmt, path):
    if fmt == "po":
        checked = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert checked.returncode == 0 and not checked.stderr, checked.stderr
        store = po.pofile.parsefile(str(path))
        units = [u for u in store.units if not u.isheader()]
        assert store.gettargetlanguage() == "cy", store.gettargetlanguage()
        keys = [u.getcontext() for u in units]
    else:
        tree = etree.parse(str(path))
        check_xliff_structure(tree)
        store = xliff2.Xliff2File.parsefile(str(path))
        units = list(store.units)
        assert store.gettargetlanguage() == "cy", store.gettargetlanguage()
        assert store.getsourcelanguage() == "en-GB", store.getsourcelanguage()
        files = [f.get("original") for f in tree.iter(NS + "file") for _ in f.iter(NS + "unit")]
        keys = [f"{page}#{u.getid()}" for page, u in zip(files, units)]
    for key, unit in zip(keys, units):
        page, _, block = key.rpartition("#")
        assert page.endswith(".md") and len(block) >= 12, key
        assert unit.source.strip(), key
    return store, units, keys


def check_xliff_structure(tree):
    root = tree.getroot()
    assert root.tag == NS + "xliff", root.tag
    assert root.get("version") == "2.0" and root.get("srcLang") and root.get("trgLang")
    ids = set()
    for file in root.iter(NS + "file"):
        assert file.get("id") not in ids and file.get("original"), etree.tostring(file)[:80]
        ids.add(file.get("id"))
        units = set()
        for unit in file.iter(NS + "unit"):
            assert unit.get("id") not in units, unit.get("id")
            units.add(unit.get("id"))
            children = [c.tag for c in unit if isinstance(c.tag, str)]
            assert children[0] in (NS + "notes", NS + "segment"), children
            for segment in unit.iter(NS + "segment"):
                assert [c.tag for c in segment][:1] == [NS + "source"], etree.tostring(segment)


def one_format(fmt, work):
    site = work / fmt
    shutil.copytree(FIXTURE, site)
    path = site / f"cy.{fmt}"
    run(site, "translate", "export", "--lang", "cy", "--format", fmt, "--out", path.name)
    store, units, keys = load(fmt, path)
    if fmt == "po":
        po_keys = keys
    else:
        po_path = site / "check.po"
        run(site, "translate", "export", "--lang", "cy", "--format", "po", "--out", po_path.name)
        _, po_units, po_keys = load("po", po_path)
        assert keys == po_keys, "the XLIFF's units differ from the PO's entries"
        assert [u.source for u in units] == [u.source for u in po_units]
        po_path.unlink()
    print(f"{fmt}: translate-toolkit read {len(units)} segments of {len({k.rpartition('#')[0] for k in keys})} pages")

    for unit in units:
        unit.target = welsh(unit.source)
    path.write_bytes(bytes(store))
    done = run(site, "translate", "import", path.name)
    created = [l for l in done.stdout.splitlines() if l.startswith("created ")]
    assert len(created) == len({k.rpartition("#")[0] for k in keys}), done.stdout
    built = run(site, "build", "--format", "short")
    assert ".cy.md" not in built.stderr, built.stderr
    page = (site / "public" / "cy" / "outcomes" / "gp.html").read_text()
    assert "Book an appointment with a GP (cy)" in page, page
    print(f"{fmt}: imported the file written by translate-toolkit: {len(created)} pages created, the site builds with no warning about them")

    before = contents(site)
    run(site, "translate", "export", "--lang", "cy", "--all", "--format", fmt, "--out", path.name)
    store, units, _ = load(fmt, path)
    assert all(u.target for u in units), "a block of the complete Welsh has no target"
    path.write_bytes(bytes(store))
    done = run(site, "translate", "import", path.name)
    assert contents(site) == before, "the round trip changed a file"
    print(f"{fmt}: --all export, written again by translate-toolkit, imports back byte for byte ({len(units)} segments)")
    stale(fmt, site, path)


def stale(fmt, site, path):
    """The English changes under the Welsh: the changed block comes out (in PO as fuzzy, with
    its old translation), the translator fixes it in the tool, and the import brings the
    Welsh up to date, changing nothing else in its file."""
    english = site / "content" / "causes" / "muscle-strain.md"
    english.write_text(english.read_text().replace("stretched too far", "stretched or twisted too far"))
    welsh = site / "content" / "causes" / "muscle-strain.cy.md"
    before = welsh.read_text()
    assert "muscle-strain.cy.md" in run(site, "build", "--format", "short").stderr
    run(site, "translate", "export", "--lang", "cy", "--format", fmt, "--out", path.name)
    store, units, keys = load(fmt, path)
    changed = [u for u, k in zip(units, keys) if k.startswith("causes/muscle-strain.md#")]
    assert len(changed) == 1 and "twisted" in changed[0].source, [u.source for u in changed]
    if fmt == "po":
        assert changed[0].isfuzzy() and "ymestyn yn rhy bell" in changed[0].target
        changed[0].markfuzzy(False)
    changed[0].target = "Mae cyhyr yn eich cefn wedi cael ei ymestyn neu ei droi yn rhy bell.[^1]"
    path.write_bytes(bytes(store))
    run(site, "translate", "import", path.name)
    after = welsh.read_text()
    assert after.replace("ymestyn neu ei droi yn", "ymestyn yn").split("+++")[2] == before.split("+++")[2]
    assert "muscle-strain.cy.md" not in run(site, "build", "--format", "short").stderr
    print(f"{fmt}: a changed English block, translated in translate-toolkit, brings the Welsh up to date")


def main():
    with tempfile.TemporaryDirectory(prefix="carepath-translate-") as tmp:
        for fmt in ("po", "xliff"):
            one_format(fmt, Path(tmp))


if __name__ == "__main__":
    main()

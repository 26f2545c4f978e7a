"""Checks carepath's printed leaflets with real PDF tools, as a publisher or a screen reader
would meet them: Poppler's pdfinfo and pdftotext, pikepdf for the PDF/UA-1 identification and
the structure tree, and ZBar's zbarimg for the QR code (after pdftoppm).

Run by tests/print/run.sh, which installs the tools. Prints one line per check and ends with
'N passed, N failed'; exits 1 when any check fails.
"""

import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile

import pikepdf

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAREPATH = os.path.join(ROOT, os.environ.get("CAREPATH", "target/debug/carepath"))
BASE = "https://leaflets.example.org/"
results = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    results["passed" if ok else "failed"] += 1
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"\n     {detail}"))


def run(*args, **kw):
    return subprocess.run(list(args), check=True, capture_output=True, text=True, **kw).stdout


def build(content_from, base_url=True, edit=None):
    """A copy of `content_from` (a content/ folder), changed by `edit(text of site.toml)` when
    given, built; returns the site folder."""
    site = tempfile.mkdtemp(prefix="carepath-print-")
    shutil.copytree(content_from, os.path.join(site, "content"))
    toml = os.path.join(site, "content", "site.toml")
    text = open(toml, encoding="utf-8").read()
    if base_url and "base_url" not in text:
        text = f'base_url = "{BASE}"\n' + text
    if edit:
        text = edit(text)
    open(toml, "w", encoding="utf-8").write(text)
    env = dict(os.environ, CAREPATH_TODAY="2026-12-07")
    out = subprocess.run([CAREPATH, "build", "--site", site], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        print(out.stdout, out.stderr)
        raise SystemExit(f"build of {content_from} failed")
    return site


def squash(text):
    return " ".join(text.split())


class Blocks(html.parser.HTMLParser):
    """The text of every block of a page's <main> (paragraphs, items, cells, headings, code)."""

    BLOCK = {"p", "li", "td", "th", "h1", "h2", "h3", "pre", "dd", "dt"}
    # The page's furniture, which a leaflet does not print or prints in its own words: the
    # breadcrumb and section links, the care card, the checker's button, the review dates,
    # the link to the leaflet itself, the disclaimer (the leaflet says "This leaflet describes").
    FURNITURE = {"care-card", "start", "review", "leaflet", "disclaimer"}
    VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "source", "col"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_main = False
        self.stack = []
        self.blocks = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if tag == "main":
            self.in_main = True
        classes = set((dict(attrs).get("class") or "").split())
        href = dict(attrs).get("href") or ""
        if self.skip or tag == "nav" or classes & self.FURNITURE or href.endswith(".pdf"):
            self.skip += 1
            return
        if self.in_main and tag in self.BLOCK:
            self.stack.append([tag, ""])

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.skip:
            self.skip -= 1
            return
        if tag == "main":
            self.in_main = False
        if self.stack and self.stack[-1][0] == tag:
            done = self.stack.pop()
            self.blocks.append((done[0], done[1]))
            if self.stack:
                self.stack[-1][1] += done[1]

    def handle_data(self, data):
        if self.stack and not self.skip:
            self.stack[-1][1] += data


def page_blocks(html_path):
    parser = Blocks()
    parser.feed(open(html_path, encoding="utf-8").read())
    return parser.blocks


def pdftotext(pdf):
    return run("pdftotext", "-enc", "UTF-8", "--", pdf, "-")


def pdfinfo(pdf):
    info = {}
    for line in run("pdfinfo", "--", pdf).splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def qr_of(pdf, tmp):
    prefix = os.path.join(tmp, "page")
    run("pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-png", "--", pdf, prefix)
    png = [f for f in os.listdir(tmp) if f.startswith("page")][0]
    out = subprocess.run(["zbarimg", "--raw", "-q", "--", os.path.join(tmp, png)], capture_output=True, text=True)
    return out.stdout.strip()


def default_site():
    site = build(os.path.join(ROOT, "content"))
    out = os.path.join(site, "public")
    pdf = os.path.join(out, "causes", "sciatica.pdf")
    page = os.path.join(out, "causes", "sciatica.html")
    check("default site: causes/sciatica.pdf is written beside its page", os.path.isfile(pdf))
    info = pdfinfo(pdf)
    check("pdfinfo: title", info.get("Title") == "Sciatica", info)
    check("pdfinfo: Tagged: yes", info.get("Tagged") == "yes", info)
    pages = int(info.get("Pages", "0"))
    check("pdfinfo: A4 pages", info.get("Page size", "").startswith("595.") and pages >= 1, info)
    html = open(page, encoding="utf-8").read()
    size = (os.path.getsize(pdf) + 1023) // 1024
    link = f'<a href="sciatica.pdf">Printable leaflet (PDF, {pages} page{"s" if pages != 1 else ""}, {size} KB)</a>'
    check("the page links its leaflet with the measured pages and size", link in html, link)

    text = squash(pdftotext(pdf))
    order = [
        "Sciatica",
        "Emergency? Call 999 or go to A&E.",
        "Signs of an emergency:",
        "numbness or tingling around your genitals or bottom",
        "What it is",
        "Sciatica is pain, tingling or numbness that goes down one leg.",
        "Reviewed 7 December 2026",  # the footer of the first page
        "Next review due 7 December 2027",
        "Get help now",
        "Sources",
    ]
    at = [text.find(s) for s in order]
    check("pdftotext: heading, emergency signs, body, review dates and sources in reading order",
          all(a >= 0 for a in at) and at == sorted(at), list(zip(order, at)))
    check("pdftotext: every page's footer has the review dates", text.count("Reviewed 7 December 2026 · Next review due 7 December 2027") == pages, pages)
    check("the leaflet carries its reference and version", re.search(r"Leaflet CAUSES-SCIATICA, version [0-9a-f]{8}", text) is not None, text[-400:])
    blocks = page_blocks(page)
    missing = [b for _, b in blocks if squash(b) and squash(b) not in text]
    check("every paragraph, item and heading of the page is in the leaflet", len(blocks) > 20 and not missing, missing[:5])

    with pikepdf.open(pdf) as doc:
        root = doc.Root
        check("pikepdf: /MarkInfo /Marked true", bool(root.get("/MarkInfo", {}).get("/Marked")), root.get("/MarkInfo"))
        check("pikepdf: a structure tree", "/StructTreeRoot" in root)
        check("pikepdf: /Lang en-GB", str(root.get("/Lang", "")).lower() in ("en-gb", "en"), root.get("/Lang"))
        meta = doc.open_metadata()
        check("pikepdf: XMP pdfuaid:part = 1", str(meta.get("pdfuaid:part")) == "1", dict(meta))
        check("pikepdf: XMP dc:title", "Sciatica" in str(meta.get("dc:title")), meta.get("dc:title"))
        check("pikepdf: DisplayDocTitle", bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")))
        kinds = set()

        def walk(node, depth=0):
            if depth > 60:
                return
            if isinstance(node, pikepdf.Dictionary) and "/S" in node:
                kinds.add(str(node.S))
            kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            if isinstance(kids, pikepdf.Array):
                for k in kids:
                    walk(k, depth + 1)
            elif isinstance(kids, pikepdf.Dictionary):
                walk(kids, depth + 1)

        walk(root.StructTreeRoot)
        check("structure tree: headings, paragraphs, lists and a figure for the QR code",
              {"/H1", "/H2", "/P", "/L", "/LI", "/Figure"} <= kinds, sorted(kinds))

    with tempfile.TemporaryDirectory() as tmp:
        got = qr_of(pdf, tmp)
    check("the QR code decodes to the page's address", got == BASE + "causes/sciatica.html", got)
    check("the address is printed under the QR code", "leaflets.example.org/causes/sciatica.html" in text)

    bare = build(os.path.join(ROOT, "content"), base_url=False)
    with tempfile.TemporaryDirectory() as tmp:
        got = qr_of(os.path.join(bare, "public", "causes", "sciatica.pdf"), tmp)
    check("without base_url there is no QR code", got == "", got)


def injection_fixture():
    site = build(os.path.join(ROOT, "tests", "fixtures", "leaflets", "content"))
    out = os.path.join(site, "public")
    pdf = os.path.join(out, "causes", "injection.pdf")
    info = pdfinfo(pdf)
    check("injection: the title prints literally (no #set page ran)",
          info.get("Title") == "Text that looks like code #set page(width: 1pt)", info.get("Title"))
    check("injection: the page is still A4", info.get("Page size", "").startswith("595.") , info.get("Page size"))
    raw = pdftotext(pdf)
    text = squash(raw)
    check("injection: /etc/passwd was not read", "root:" not in raw)
    literal = [
        '#read("/etc/passwd")',
        '#import "@preview/cetz:0.3.0": *',
        "#set page(width: 1pt)",
        "$ x^2 + y^2 $ costs $5 or $10",
        "@label and @someone.else",
        "<label> then not bold then <b>",
        '#{ panic("boom") } #let x = 1 #x #raw("y") #eval("1+1")',
        "#import \"evil.typ\"",
        '#panic("code block")',
        '$ math $ @ref <lbl> \\ #read("/etc/passwd")',
        "#strong[not bold in a list]",
        "$math$ in a list",
        "#col",
        "$cell$",
        "Every line below must print exactly as written: $x$ @ref <label> \\ #read(\"/etc/passwd\")",
        "A source with #emph[code] in its title, Publisher $1 @x",
    ]
    for s in literal:
        check(f"injection: prints {s!r}", squash(s) in text, text[:300])
    missing = [b for tag, b in page_blocks(os.path.join(out, "causes", "injection.html"))
               if squash(b) and squash(b) not in text]
    check("injection: text extraction holds every block of the page exactly", not missing, missing[:5])
    check("injection: leaflet_id is the reference", "Leaflet TEST-INJ-1, version" in text, text[-300:])

    doses = os.path.join(out, "advice", "doses.pdf")
    text = squash(pdftotext(doses))
    check("table: header and cells are printed", all(s in text for s in ["Medicine", "Most in 24 hours", "Every 4 to 6 hours", "8 tablets"]), text[:400])
    check("the emergency box lists the emergency page's signs", "numbness around your bottom or genitals" in text)
    check("publisher, contact line", "Riverside Community Health" in text and "0300 123 4567" in text)
    with pikepdf.open(doses) as doc:
        kinds, alts = set(), []

        def walk(node, depth=0):
            if depth > 60:
                return
            if isinstance(node, pikepdf.Dictionary) and "/S" in node:
                kinds.add(str(node.S))
                if "/Alt" in node:
                    alts.append(str(node.Alt))
            kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            if isinstance(kids, pikepdf.Array):
                for k in kids:
                    walk(k, depth + 1)
            elif isinstance(kids, pikepdf.Dictionary):
                walk(kids, depth + 1)

        walk(doc.Root.StructTreeRoot)
    check("table is tagged Table/TR/TH/TD", {"/Table", "/TR", "/TH", "/TD"} <= kinds, sorted(kinds))
    check("the image keeps its alt text", "A heat pack held on the lower back with a towel between it and the skin" in alts, alts)
    check("the logo has the publisher as its alt text", "Riverside Community Health" in alts, alts)


def a5_booklet():
    """`paper = "A5"`: A5 pages, a multiple of 4 of them, the padding blank and last."""
    site = build(os.path.join(ROOT, "content"), edit=lambda t: t + '\n[print]\npaper = "A5"\n')
    pdf = os.path.join(site, "public", "causes", "sciatica.pdf")
    info = pdfinfo(pdf)
    pages = int(info.get("Pages", "0"))
    check("A5: pdfinfo shows A5 pages (419.528 x 595.276 pts)", info.get("Page size", "").startswith("419.528 x 595.276"), info)
    check("A5: the page count is a multiple of 4", pages > 0 and pages % 4 == 0, pages)
    text_pages = [pdftotext_page(pdf, n) for n in range(1, pages + 1)]
    written = [n for n, t in enumerate(text_pages, 1) if t.strip()]
    last = written[-1] if written else 0
    check("A5: the text comes first and only blank pages follow it", written == list(range(1, last + 1)) and pages - last < 4, (written, pages))
    check("A5: the footer counts the pages with text", f"Page {last} of {last}" in text_pages[last - 1], text_pages[last - 1][-200:])


def pdftotext_page(pdf, n):
    return run("pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), "--", pdf, "-")


def right_to_left():
    """`language = "ar"`: the PDF's language is Arabic, the text is set right to left, and the
    Arabic comes out of pdftotext (with the known flaws written in the guide)."""
    arabic = "اتصل بطبيبك إذا ساء الألم"
    def edit(text):
        return re.sub(r'(?m)^language = .*$', 'language = "ar"', text)
    src = tempfile.mkdtemp(prefix="carepath-rtl-")
    content = os.path.join(src, "content")
    shutil.copytree(os.path.join(ROOT, "tests", "fixtures", "basic", "content"), content)
    with open(os.path.join(content, "outcomes", "gp.md"), "a", encoding="utf-8") as f:
        f.write(f"\n\n{arabic}.\n")
    site = build(content, edit=edit)
    pdf = os.path.join(site, "public", "outcomes", "gp.pdf")
    check("RTL: the leaflet is made", os.path.isfile(pdf))
    with pikepdf.open(pdf) as doc:
        check("RTL: /Lang ar", str(doc.Root.get("/Lang", "")) == "ar", doc.Root.get("/Lang"))
    text = pdftotext(pdf)
    check("RTL: whole Arabic words come out of pdftotext", all(w in text for w in ["اتصل", "بطبيبك", "ساء"]), text[-500:])


if __name__ == "__main__":
    default_site()
    injection_fixture()
    a5_booklet()
    right_to_left()
    print(f"print: {results['passed']} passed, {results['failed']} failed")
    sys.exit(1 if results["failed"] else 0)

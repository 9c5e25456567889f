"""The Markdown docs stand alone: every relative link in README.md, docs/ and the dbt doc
blocks (models/docs/) resolves to a file inside the repository, every anchor to a heading
or `<a id>` of the page it names, and no page carries a trace of how the project was
developed (paths outside the repository, issue numbers). A code block marked
`<!-- quoted from <path> -->` quotes that file: its lines appear there in the same
order (`...` stands for lines left out). The querying pages' SQL runs in the DuckDB
shell they tell the reader to open, which requirements.txt pins at duckdb's version.

Links to web pages (http, https, mailto) are left alone; links inside code spans and
fenced code blocks are not links. The dbt doc blocks link into the dbt docs site
(`#!/model/...`), which is no file: those are skipped."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pytest

from klantcontact.settings import SETTINGS

PROJECT_DIR = SETTINGS.project_dir.resolve()
PAGES = sorted(
    [PROJECT_DIR / "README.md", *(PROJECT_DIR / "docs").rglob("*.md"),
     *(PROJECT_DIR / "models" / "docs").glob("*.md")]
)  # fmt: skip

FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# [text](target "title") and ![alt](target); the target may sit in <...>.
INLINE_LINK = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>]*>|[^\s()]*(?:\([^\s()]*\))?[^\s()]*)"
)
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
HTML_LINK = re.compile(r"""<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']*)["']""", re.I)
HTML_ANCHOR = re.compile(r"""<a\b[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']""", re.I)
QUOTED_FROM = re.compile(r"^<!-- quoted from (\S+) -->$")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)

# Traces of development that a reader outside the project cannot follow.
TRACES = {
    "a path outside the repository": re.compile(
        r"\.\./shared\b|(?<![\w.])/work/|\bshared/(?:spec|style)"
    ),
    "an issue or pull request number": re.compile(
        r"\b(?:issues?|tickets?|pull requests?|PR|MR)\s*(?:#|no\.?\s*|nr\.?\s*)?\d+", re.I
    ),
    "a development session's vocabulary": re.compile(
        r"\b(?:the spec|helper session|worktree|task brief|the lead(?:'s)? (?:session|branch))\b",
        re.I,
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Link:
    page: Path
    line: int
    target: str

    def __str__(self) -> str:
        return f"{self.page.relative_to(PROJECT_DIR)}:{self.line}: {self.target}"


def _prose_lines(page: Path) -> list[tuple[int, str]]:
    """The page's lines outside fenced code blocks, code spans blanked."""
    lines: list[tuple[int, str]] = []
    fenced = False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append((number, CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)))
    return lines


def links(page: Path) -> list[Link]:
    found: list[Link] = []
    for number, line in _prose_lines(page):
        for pattern in (INLINE_LINK, REFERENCE_DEFINITION, HTML_LINK):
            for match in pattern.finditer(line):
                target = match.group(1).strip("<>")
                found.append(Link(page, number, target))
    return found


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, markup and punctuation dropped, spaces
    to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links: their text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "").lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@cache
def anchors(page: Path) -> frozenset[str]:
    """The anchors a page offers: its headings (numbered when repeated) and `<a id>`."""
    seen: dict[str, int] = {}
    found: set[str] = set()
    fenced = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        found.update(HTML_ANCHOR.findall(line))
        heading = HEADING.match(line)
        if heading:
            base = slug(heading.group(2))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return frozenset(found)


def problem(link: Link, root: Path = PROJECT_DIR) -> str | None:
    """Why the link does not resolve inside the repository (root), or None."""
    target = link.target
    if not target or EXTERNAL.match(target):
        return None
    if target.startswith("#!"):  # the dbt docs site's own routes (models/docs)
        return None
    path_part, _, anchor = target.partition("#")
    if path_part.startswith("/"):
        return "an absolute path"
    resolved = (link.page.parent / unquote(path_part)).resolve() if path_part else link.page
    if not resolved.is_relative_to(root):
        return "points outside the repository"
    if not resolved.exists():
        return "no such file"
    if anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
        return f"no anchor #{anchor} in {resolved.relative_to(root).as_posix()}"
    return None


def test_the_pages_are_found() -> None:
    names = {page.relative_to(PROJECT_DIR).as_posix() for page in PAGES}
    assert {"README.md", "docs/kpi-engine.md", "docs/sources/README.md"} <= names
    assert sum(len(links(page)) for page in PAGES) > 100


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(PROJECT_DIR).as_posix())
def test_relative_links_resolve_inside_the_repository(page: Path) -> None:
    broken = [f"{link}: {why}" for link in links(page) if (why := problem(link))]
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(PROJECT_DIR).as_posix())
def test_no_development_traces(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    found = [
        f"{page.relative_to(PROJECT_DIR)}:{text.count(chr(10), 0, match.start()) + 1}: "
        f"{what}: {match.group(0)!r}"
        for what, pattern in TRACES.items()
        for match in pattern.finditer(text)
    ]
    assert not found, "\n".join(found)


# The project's own specification documents are not in the repository, so a model or
# macro description that names one (published on the dbt docs site) points nowhere.
SPEC_FILES = re.compile(r"(?<![\w/-])(?:kpis|model|real-formats|analyst-questions)\.md\b")
DESCRIBED = sorted(
    path
    for folder in ("models", "macros", "seeds", "snapshots", "analyses")
    for path in (PROJECT_DIR / folder).rglob("*")
    if path.suffix in (".sql", ".yml", ".md")
) + [PROJECT_DIR / "dbt_project.yml"]


def test_descriptions_name_no_document_outside_the_repository() -> None:
    found = [
        f"{path.relative_to(PROJECT_DIR)}:{number}: {match.group(0)}"
        for path in DESCRIBED
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in SPEC_FILES.finditer(line)
    ]
    assert not found, "\n".join(found)


def quotes(page: Path) -> list[tuple[int, str, list[str]]]:
    """The page's quoted blocks: (line, the file named, the block's lines)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[tuple[int, str, list[str]]] = []
    for index, line in enumerate(lines):
        marker = QUOTED_FROM.match(line.strip())
        if not marker:
            continue
        assert index + 1 < len(lines) and FENCE.match(lines[index + 1]), (
            f"{page.name}:{index + 1}: a quote marker not followed by a code block"
        )
        end = next(i for i in range(index + 2, len(lines)) if FENCE.match(lines[i]))
        found.append((index + 1, marker.group(1), lines[index + 2:end]))
    return found


def misquoted(block: list[str], text: str) -> str | None:
    """The first line of the block not found, in order, among the text's lines."""
    lines = [line.rstrip() for line in text.splitlines()]
    position = 0
    for wanted in (line.rstrip() for line in block):
        if wanted.strip() == "...":
            continue
        try:
            position = lines.index(wanted, position) + 1
        except ValueError:
            return wanted
    return None


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(PROJECT_DIR).as_posix())
def test_quoted_blocks_match_their_files(page: Path) -> None:
    wrong = []
    for line, path, block in quotes(page):
        source = PROJECT_DIR / path
        if not source.is_file():
            wrong.append(f"{page.name}:{line}: quotes {path}, which does not exist")
        elif (missing := misquoted(block, source.read_text(encoding="utf-8"))) is not None:
            wrong.append(f"{page.name}:{line}: not in {path} (or out of order): {missing!r}")
    assert not wrong, "\n".join(wrong)


def test_the_worked_example_quotes_its_files() -> None:
    paths = {path for _, path, _ in quotes(PROJECT_DIR / "docs" / "kpi-engine.md")}
    assert {"seeds/kpis.csv", "models/docs/kpi_families.md",
            "models/marts/kpi/contributions/kpi_contributions_balie.sql",
            "models/marts/kpi/contributions/_contributions__unit_tests.yml"} <= paths


def test_misquoted_finds_the_first_missing_line() -> None:
    text = "a\nb\nc\nd\n"
    assert misquoted(["a", "...", "c", "d"], text) is None
    assert misquoted(["c", "b"], text) == "b"
    assert misquoted(["a", "x"], text) == "x"


# The DuckDB shell of README.md and docs/querying.md.
REQUIREMENTS = PROJECT_DIR / "requirements.txt"
SHELL = Path(sys.executable).parent / "duckdb"
SQL_PAGES = (PROJECT_DIR / "README.md", PROJECT_DIR / "docs" / "querying.md")


def pins() -> dict[str, str]:
    found: dict[str, str] = {}
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        name, separator, version = line.strip().partition("==")
        if separator and not name.startswith("#"):
            found[name.lower().replace("_", "-")] = version
    return found


def sql_blocks(page: Path) -> list[str]:
    return re.findall(r"^```sql\n(.*?)^```", page.read_text(encoding="utf-8"), re.M | re.S)


def test_the_shell_is_pinned_at_the_librarys_version() -> None:
    versions = pins()
    assert versions.get("duckdb-cli") == versions["duckdb"], versions.get("duckdb-cli")
    for page in SQL_PAGES:
        assert ".venv/bin/duckdb -readonly klantcontact.duckdb" in page.read_text("utf-8")


@pytest.mark.parametrize("page", SQL_PAGES, ids=lambda page: page.name)
def test_the_pages_sql_runs_in_the_shell(page: Path, request: pytest.FixtureRequest) -> None:
    if not SHELL.exists():
        pytest.skip(f"no DuckDB shell at {SHELL} (package duckdb-cli; `make venv` installs it)")
    database = request.getfixturevalue("built_fixture").database
    blocks = sql_blocks(page)
    assert blocks
    for sql in blocks:
        result = subprocess.run(
            [str(SHELL), "-readonly", "-bail", str(database)],
            input=sql, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode == 0 and "Error" not in result.stderr, (
            f"{page.name}: {result.stderr}\n{sql}"
        )
        assert result.stdout.strip(), sql


# The checker itself, on made-up pages.
@pytest.fixture
def page(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "other.md").write_text("# Other page\n\n## A `code` heading!\n\n"
                                                "## Repeated\n\n## Repeated\n", encoding="utf-8")
    return tmp_path / "docs" / "page.md"


def _problems(page: Path, text: str) -> list[str]:
    page.write_text(text, encoding="utf-8")
    anchors.cache_clear()
    root = page.parent.parent
    return [f"{link.target}: {why}" for link in links(page) if (why := problem(link, root))]


def test_checker_finds_what_does_not_resolve(page: Path) -> None:
    assert _problems(page, "[ok](other.md), [ok](other.md#a-code-heading), "
                           "[ok](other.md#repeated-1), [web](https://example.org/x)\n"
                           "`[code](nowhere.md)`\n```\n[fenced](nowhere.md)\n```\n") == []
    assert _problems(page, "See [gone](gone.md) and ![img](img/x.png).\n") == [
        "gone.md: no such file", "img/x.png: no such file"]
    assert _problems(page, "[up](../../shared/spec/kpis.md)\n") == [
        "../../shared/spec/kpis.md: points outside the repository"]
    assert _problems(page, "[a](other.md#nope) <a href=\"#here\">x</a>\n") == [
        "other.md#nope: no anchor #nope in docs/other.md", "#here: no anchor #here in docs/page.md"]
    assert _problems(page, '<a id="here"></a>\n[a](#here)\n[ref]: other.md#other-page\n') == []


@pytest.mark.parametrize(("text", "found"), [
    ("as agreed in issue 12", True),
    ("see issue #7", True),
    ("choices where the spec is silent", True),
    ("the spec in ../shared/spec", True),
    ("copied from /work/shared/style.md", True),
    ("Bijlage 3 #35 (p.29)", False),
    ("an analyst's DuckDB session", False),
    ("the helpers in telephony.py", False),
])  # fmt: skip
def test_trace_patterns(text: str, found: bool) -> None:
    assert any(pattern.search(text) for pattern in TRACES.values()) == found

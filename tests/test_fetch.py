"""``hubgen fetch s2|openalex`` against a local server that answers in the APIs' shapes.

The server (127.0.0.1, a free port) serves small made-up papers: Semantic Scholar pages by
offset/limit with ``next``, OpenAlex pages by cursor with ``meta.next_cursor``. Tests may
queue scripted answers (429, 401, broken bodies) in front of its normal ones.
"""

from __future__ import annotations

import http.server
import json
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import running

from generator.cli import cli
from generator.commands import fetch_cmd
from generator.fetch import http as fetch_http
from generator.fetch import openalex, s2
from generator.importers import yamlout

S2_ID = "ARXIV:2303.08112"
WORK_ID = "W4000000001"
KEY = "sk-test-5ecret-key-000111"
HUB = "eliciting-latent-predictions-from-transformers-with-the.yaml"
OA_HUB = "open-data-for-open-science.yaml"


def s2_paper() -> dict[str, Any]:
    return {
        "paperId": "a0000000000000000000000000000000000000f1",
        "externalIds": {"ArXiv": "2303.08112", "CorpusId": 257504984},
        "url": "https://www.semanticscholar.org/paper/a0000000000000000000000000000000000000f1",
        "title": "Eliciting Latent Predictions from Transformers with the Tuned Lens",
        "abstract": "We analyze transformers from the perspective of iterative inference.",
        "venue": "arXiv.org",
        "year": 2023,
        "citationCount": 9,
        "tldr": {"model": "tldr@v2.0.0", "text": "A probe for each layer."},
        "authors": [{"authorId": "1", "name": "Nora Belrose"}, {"authorId": "2", "name": "Zach"}],
    }


def s2_edge(n: int) -> dict[str, Any]:
    return {
        "contexts": [f"We apply the tuned lens [{n}]."],
        "intents": ["methodology"] if n % 2 else [],
        "contextsWithIntent": [{"context": f"We apply the tuned lens [{n}].", "intents": []}],
        "isInfluential": n == 1,
        "citingPaper": {
            "paperId": f"c{n:039d}",
            "externalIds": {"DOI": f"10.5555/Citer.{n}"},
            "title": f"Citing Paper Number {n}",
            "year": 2024,
            "authors": [{"authorId": None, "name": f"Author {n}"}],
        },
    }


def oa_work() -> dict[str, Any]:
    return {
        "id": f"https://openalex.org/{WORK_ID}",
        "doi": "https://doi.org/10.5555/open.data.2021",
        "title": "Open Data for Open Science",
        "display_name": "Open Data for Open Science",
        "publication_year": 2021,
        "authorships": [{"author": {"id": "https://openalex.org/A1", "display_name": "Mina"}}],
        "cited_by_count": 6,
        "abstract_inverted_index": {"Open": [0], "data.": [1]},
    }


def oa_citing(n: int) -> dict[str, Any]:
    return {
        "id": f"https://openalex.org/W41000000{n:02d}",
        "doi": f"https://doi.org/10.5555/oa.citer.{n}",
        "display_name": f"Citing Work {n}",
        "publication_year": 2023,
        "authorships": [{"author": {"display_name": f"Writer {n}"}}],
        "primary_location": {"source": {"display_name": "Journal of Reuse"}},
    }


Answer = tuple[int, dict[str, str], bytes]


@dataclass
class FakeApi:
    """The state of the local server: its data, scripted answers and what it was asked."""

    url: str = ""
    s2_edges: list[dict[str, Any]] = field(
        default_factory=lambda: [s2_edge(n) for n in range(1, 6)]
    )
    oa_citing: list[dict[str, Any]] = field(
        default_factory=lambda: [oa_citing(n) for n in range(1, 6)]
    )
    key: str = ""
    """When set, requests without this x-api-key header get 401."""
    script: dict[str, list[Answer]] = field(default_factory=dict)
    """Path -> answers served (and used up) before the normal ones."""
    requests: list[tuple[str, dict[str, list[str]], dict[str, str]]] = field(default_factory=list)

    def queue(self, path: str, *answers: Answer) -> None:
        self.script.setdefault(path, []).extend(answers)

    def paths(self) -> list[str]:
        return [path for path, _query, _headers in self.requests]

    def answer(self, path: str, query: dict[str, list[str]], headers: dict[str, str]) -> Answer:
        if self.script.get(path):
            return self.script[path].pop(0)
        if self.key and headers.get("x-api-key") != self.key:
            return body(401, {"message": "Unauthorized. Check your API key."})
        if path == f"/graph/v1/paper/{S2_ID}":
            return body(200, s2_paper())
        if path == f"/graph/v1/paper/{S2_ID}/citations":
            offset, limit = int(query["offset"][0]), int(query["limit"][0])
            page: dict[str, Any] = {
                "offset": offset,
                "data": self.s2_edges[offset : offset + limit],
            }
            if offset + limit < len(self.s2_edges):
                page["next"] = offset + limit
            return body(200, page)
        if path == f"/works/{WORK_ID}":
            return body(200, oa_work())
        if path == "/works" and query.get("filter") == [f"cites:{WORK_ID}"]:
            start = 0 if query["cursor"] == ["*"] else int(query["cursor"][0].removeprefix("c"))
            size = int(query["per-page"][0])
            end = start + size
            more = end < len(self.oa_citing)
            meta = {
                "count": len(self.oa_citing),
                "per_page": size,
                "next_cursor": f"c{end}" if more else None,
            }
            return body(200, {"meta": meta, "results": self.oa_citing[start:end]})
        return body(404, {"error": f"Paper with id {path.rsplit('/', 1)[-1]} not found"})


def body(status: int, data: Any, **headers: str) -> Answer:
    return status, {"Content-Type": "application/json", **headers}, json.dumps(data).encode()


@pytest.fixture
def api() -> Iterator[FakeApi]:
    fake = FakeApi()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            headers = {k.lower(): v for k, v in self.headers.items()}
            fake.requests.append((parts.path, query, headers))
            status, extra, payload = fake.answer(parts.path, query, headers)
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with running(server):
        fake.url = f"http://127.0.0.1:{server.server_address[1]}"
        yield fake


@pytest.fixture(autouse=True)
def small_pages_and_no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(s2, "PAGE_LIMIT", 2)
    monkeypatch.setattr(openalex, "PER_PAGE", 2)
    monkeypatch.setattr(fetch_http, "BACKOFF_FACTOR", 0.0)


def fetch(tmp_path: Path, *args: str, key: str | None = None) -> Result:
    env = {"S2_API_KEY": key, "OPENALEX_API_KEY": key, "OPENALEX_MAILTO": None}
    argv = ["fetch", *args, "--content", str(tmp_path / "content")]
    return CliRunner().invoke(cli, argv, env=env)


def s2_fetch(tmp_path: Path, api: FakeApi, *args: str, key: str | None = None) -> Result:
    return fetch(tmp_path, "s2", S2_ID, "--api-url", f"{api.url}/graph/v1", *args, key=key)


def record(tmp_path: Path, name: str = HUB) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((tmp_path / "content/hubs" / name).read_text("utf-8"))
    return data


def saved_folders(tmp_path: Path) -> list[Path]:
    save = tmp_path / ".hubgen-fetch"
    return sorted(save.iterdir()) if save.exists() else []


def assert_nothing_written(tmp_path: Path) -> None:
    assert not (tmp_path / "content").exists()
    assert saved_folders(tmp_path) == []


# Paging


def test_s2_pages_through_every_citation(tmp_path: Path, api: FakeApi) -> None:
    result = s2_fetch(tmp_path, api)
    assert result.exit_code == 0, result.output
    pages = [q for p, q, _h in api.requests if p.endswith("/citations")]
    assert [(q["offset"], q["limit"]) for q in pages] == [
        (["0"], ["2"]),
        (["2"], ["2"]),
        (["4"], ["2"]),
    ]
    fields = pages[0]["fields"][0].split(",")
    for wanted in ("contexts", "intents", "contextsWithIntent", "isInfluential", "externalIds"):
        assert wanted in fields
    assert "citationCount" in api.requests[0][1]["fields"][0].split(",")
    hub = record(tmp_path)
    assert [c["title"] for c in hub["citations"]] == [
        f"Citing Paper Number {n}" for n in range(1, 6)
    ]
    assert hub["citations"][0]["role_source"] == "Semantic Scholar intents"
    assert hub["coverage"] == {"known": 9, "source": "Semantic Scholar"}
    assert hub["slug"] == HUB.removesuffix(".yaml")
    assert "fetched 5 of 9 known citing papers (Semantic Scholar citationCount)\n" in result.stderr
    assert "\r" not in result.stderr  # no progress bar when stderr is not a terminal


def test_saved_responses_reimport_to_the_same_record(tmp_path: Path, api: FakeApi) -> None:
    fetched = s2_fetch(tmp_path, api)
    assert fetched.exit_code == 0, fetched.output
    [folder] = saved_folders(tmp_path)
    assert fetched.stderr.endswith(f"saved 4 responses in {folder}\n")
    assert folder.name.startswith("s2-arxiv-2303-08112-")
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "citations-0001.json",
        "citations-0002.json",
        "citations-0003.json",
        "paper.json",
    ]
    again = tmp_path / "again.yaml"
    paths = [str(folder / n) for n in ["paper.json", *names[:3]]]
    result = CliRunner().invoke(cli, ["import", "s2", *paths, "-o", str(again)])
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == (tmp_path / "content/hubs" / HUB).read_bytes()


def test_openalex_pages_by_cursor(tmp_path: Path, api: FakeApi) -> None:
    args = ["openalex", WORK_ID, "--api-url", api.url, "--mailto", "me@example.org"]
    result = fetch(tmp_path, *args)
    assert result.exit_code == 0, result.output
    pages = [q for p, q, _h in api.requests if p == "/works"]
    assert [q["cursor"] for q in pages] == [["*"], ["c2"], ["c4"]]
    assert all(q["filter"] == [f"cites:{WORK_ID}"] and q["per-page"] == ["2"] for q in pages)
    assert all(q["mailto"] == ["me@example.org"] for _p, q, _h in api.requests)
    hub = record(tmp_path, OA_HUB)
    assert [c["id"] for c in hub["citations"]] == [f"doi:10.5555/oa.citer.{n}" for n in range(1, 6)]
    assert hub["coverage"] == {"known": 6, "source": "OpenAlex"}
    assert "fetched 5 of 6 known citing papers (OpenAlex cited_by_count)" in result.stderr


def test_openalex_accepts_a_doi(tmp_path: Path, api: FakeApi) -> None:
    api.queue("/works/doi:10.5555/open.data.2021", body(200, oa_work()))
    result = fetch(
        tmp_path, "openalex", "https://doi.org/10.5555/open.data.2021", "--api-url", api.url
    )
    assert result.exit_code == 0, result.output
    assert api.paths()[0] == "/works/doi:10.5555/open.data.2021"
    assert len(record(tmp_path, OA_HUB)["citations"]) == 5


def test_max_stops_after_n_citing_papers(tmp_path: Path, api: FakeApi) -> None:
    result = s2_fetch(tmp_path, api, "--max", "3")
    assert result.exit_code == 0, result.output
    limits = [q["limit"] for p, q, _h in api.requests if p.endswith("/citations")]
    assert limits == [["2"], ["1"]]
    assert len(record(tmp_path)["citations"]) == 3
    assert "fetched 3 of 9 known citing papers" in result.stderr
    result = fetch(tmp_path, "openalex", WORK_ID, "--api-url", api.url, "--max", "1")
    assert result.exit_code == 0, result.output
    assert len(record(tmp_path, OA_HUB)["citations"]) == 1


# Retries


def test_429_with_retry_after_is_retried(tmp_path: Path, api: FakeApi) -> None:
    api.queue(
        f"/graph/v1/paper/{S2_ID}",
        body(429, {"message": "Too Many Requests"}, **{"Retry-After": "1"}),
    )
    api.queue(f"/graph/v1/paper/{S2_ID}/citations", body(503, {"message": "busy"}))
    start = time.monotonic()
    result = s2_fetch(tmp_path, api)
    assert result.exit_code == 0, result.output
    assert time.monotonic() - start >= 1  # the wait Retry-After asked for
    paths = api.paths()
    assert paths[:2] == [f"/graph/v1/paper/{S2_ID}"] * 2
    assert paths[2:4] == [f"/graph/v1/paper/{S2_ID}/citations"] * 2
    assert len(record(tmp_path)["citations"]) == 5


def test_retries_end_with_a_clear_message(tmp_path: Path, api: FakeApi) -> None:
    too_many = body(429, {"message": "Too Many Requests", "code": "429"}, **{"Retry-After": "0"})
    api.queue(f"/graph/v1/paper/{S2_ID}", *[too_many] * 10)
    result = s2_fetch(tmp_path, api)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: 127.0.0.1:{api.url.rsplit(':', 1)[1]}/graph/v1/paper/{S2_ID}: HTTP 429: "
        "Too Many Requests (code 429); gave up after 5 retries, try again later\n"
    )
    assert len(api.requests) == 6
    assert_nothing_written(tmp_path)


def test_retry_after_is_capped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, api: FakeApi
) -> None:
    monkeypatch.setattr(fetch_http, "MAX_WAIT", 0)
    api.queue(f"/graph/v1/paper/{S2_ID}", body(503, {}, **{"Retry-After": "3600"}))
    start = time.monotonic()
    assert s2_fetch(tmp_path, api).exit_code == 0
    assert time.monotonic() - start < 30


# Keys


def test_the_key_is_sent_and_never_kept(tmp_path: Path, api: FakeApi) -> None:
    api.key = KEY
    result = s2_fetch(tmp_path, api, key=KEY)
    assert result.exit_code == 0, result.output
    assert all(headers.get("x-api-key") == KEY for _p, _q, headers in api.requests)
    assert KEY not in result.output
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 5  # the record and four responses
    assert all(KEY.encode() not in p.read_bytes() for p in files)


def test_no_key_header_without_the_variable(tmp_path: Path, api: FakeApi) -> None:
    assert s2_fetch(tmp_path, api).exit_code == 0
    assert all("x-api-key" not in headers for _p, _q, headers in api.requests)


def test_an_echoed_openalex_key_is_scrubbed(tmp_path: Path, api: FakeApi) -> None:
    # A service that repeats the request (key included) in its error must not leak it.
    api.queue("/works", body(400, {"error": f"Invalid request /works?api_key={KEY}"}))
    result = fetch(tmp_path, "openalex", WORK_ID, "--api-url", api.url, key=KEY)
    assert result.exit_code == 1
    assert [q.get("api_key") for _p, q, _h in api.requests] == [[KEY], [KEY]]
    assert KEY not in result.output and "api_key=***" in result.stderr
    assert_nothing_written(tmp_path)


def test_the_key_is_not_sent_to_another_host(tmp_path: Path, api: FakeApi) -> None:
    port = api.url.rsplit(":", 1)[1]
    moved = f"http://localhost:{port}/graph/v1/paper/{S2_ID}"
    api.queue(f"/graph/v1/paper/{S2_ID}", (301, {"Location": moved}, b""))
    result = s2_fetch(tmp_path, api, key=KEY)
    assert result.exit_code == 0, result.output
    first, second = api.requests[0][2], api.requests[1][2]
    assert first["x-api-key"] == KEY
    assert second["host"] == f"localhost:{port}" and "x-api-key" not in second


# Failures: one line, exit 1, nothing written


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            body(404, {"error": "Paper with id ARXIV:2303.08112 not found"}),
            "not found (HTTP 404): Paper with id ARXIV:2303.08112 not found; check the id",
        ),
        (
            body(401, {"message": "Unauthorized"}),
            "the service refused the request (HTTP 401): Unauthorized; set S2_API_KEY",
        ),
        ((200, {}, b"<html>Service Unavailable</html>"), "expected JSON, found a syntax error"),
        (
            body(200, {"meta": {}, "results": []}),
            "expected a Semantic Scholar paper object, found an OpenAlex works page",
        ),
    ],
)
def test_failures_give_one_line_and_write_nothing(
    tmp_path: Path, api: FakeApi, answer: Answer, message: str
) -> None:
    api.queue(f"/graph/v1/paper/{S2_ID}", answer)
    result = s2_fetch(tmp_path, api)
    assert result.exit_code == 1, result.output
    where = f"{api.url.removeprefix('http://')}/graph/v1/paper/{S2_ID}"
    assert result.stderr.startswith(f"Error: {where}: {message}")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert_nothing_written(tmp_path)


def test_a_malformed_page_writes_nothing(tmp_path: Path, api: FakeApi) -> None:
    api.queue(f"/graph/v1/paper/{S2_ID}/citations", body(200, s2_paper()), (200, {}, b"{"))
    result = s2_fetch(tmp_path, api)
    assert result.exit_code == 1
    assert "/citations: expected a citations page" in result.stderr
    assert_nothing_written(tmp_path)


def test_no_network(tmp_path: Path) -> None:
    with socket.socket() as closed:  # a port that nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = fetch(tmp_path, "s2", S2_ID, "--api-url", f"http://127.0.0.1:{port}")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: 127.0.0.1:{port}/paper/{S2_ID}: cannot connect (no network, or the service "
        "is down) (gave up after retrying)\n"
    )
    assert_nothing_written(tmp_path)


def test_a_failed_page_writes_nothing_unless_partial_is_allowed(
    tmp_path: Path, api: FakeApi
) -> None:
    broken = body(500, {"message": "Internal Server Error"})
    api.queue(
        f"/graph/v1/paper/{S2_ID}/citations",
        body(200, {"data": [s2_edge(1)], "next": 1}),
        *[broken] * 6,
    )
    result = s2_fetch(tmp_path, api)
    assert result.exit_code == 1
    assert "HTTP 500: Internal Server Error; gave up after 5 retries" in result.stderr
    assert_nothing_written(tmp_path)
    api.queue(
        f"/graph/v1/paper/{S2_ID}/citations",
        body(200, {"data": [s2_edge(1)], "next": 1}),
        *[broken] * 6,
    )
    result = s2_fetch(tmp_path, api, "--allow-partial")
    assert result.exit_code == 0, result.output
    assert "warning: stopped after 1 page:" in result.stderr
    assert [c["title"] for c in record(tmp_path)["citations"]] == ["Citing Paper Number 1"]


def test_ctrl_c_leaves_no_record_and_no_responses(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, api: FakeApi
) -> None:
    def interrupted(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        raise KeyboardInterrupt

    monkeypatch.setattr(yamlout, "write_text", interrupted)
    monkeypatch.setattr("generator.importers.output.write_text", interrupted)
    result = s2_fetch(tmp_path, api)
    assert result.exit_code == 1
    assert not any((tmp_path / "content").rglob("*.*"))
    assert saved_folders(tmp_path) == []


def test_a_bad_output_name_is_refused_before_the_download(tmp_path: Path, api: FakeApi) -> None:
    result = s2_fetch(tmp_path, api, "-o", str(tmp_path / "hub.markdown"))
    assert result.exit_code == 1
    assert "expected a record file name ending in .yaml, .yml, .md" in result.stderr
    assert api.requests == []
    assert_nothing_written(tmp_path)


def test_bad_api_url_is_a_usage_error(tmp_path: Path) -> None:
    result = fetch(tmp_path, "s2", S2_ID, "--api-url", "file:///etc")
    assert result.exit_code == 2
    assert "expected an absolute http(s) URL" in result.output


# Re-fetch


def test_refetch_merges_and_keeps_curated_fields(tmp_path: Path, api: FakeApi) -> None:
    assert s2_fetch(tmp_path, api).exit_code == 0
    path = tmp_path / "content/hubs" / HUB
    hub = record(tmp_path)
    first = hub["citations"][0]
    first["summary"] = "Uses the lens on a new model family."
    first["role"] = "background"  # edited by hand, so the source marker goes
    del first["role_source"]
    hub["citations"][2]["summary"] = "Another curated line."
    path.write_text(yamlout.dump_record(hub), encoding="utf-8")
    api.s2_edges.append(s2_edge(6))
    result = s2_fetch(tmp_path, api)
    assert result.exit_code == 0, result.output
    assert f"wrote {path}: 6 citing papers (1 new, 5 updated)" in result.stderr
    again = record(tmp_path)
    assert again["citations"][0]["summary"] == "Uses the lens on a new model family."
    assert again["citations"][0]["role"] == "background"
    assert "role_source" not in again["citations"][0]
    assert again["citations"][2]["summary"] == "Another curated line."
    assert again["citations"][2]["role_source"] == "Semantic Scholar intents"  # still imported
    assert again["citations"][5]["title"] == "Citing Paper Number 6"
    assert len(saved_folders(tmp_path)) == 2  # each fetch keeps its own responses


def test_progress_line_for_terminals(capsys: pytest.CaptureFixture[str]) -> None:
    show = fetch_cmd._progress()
    show(1000, 10059)
    show(2000, None)
    err = capsys.readouterr().err
    assert err.startswith("\rFetching [##                       ] 1 pages, 1,000 of 10,059 citing")
    assert err.endswith("\rFetching 2 pages, 2,000 citing papers")

"""The build cache: a cached rebuild equals a clean build, and rewrites only what changed."""

from __future__ import annotations

import os
import pickle
import random
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import benchmark_module, cite

from generator import feeds, parallel, scan, textfiles
from generator.build import BuildOptions, BuildResult, build
from generator.check import read_content
from generator.derive import derive
from generator.incremental.reducers import LazyCitations
from generator.model import Citation
from generator.site import MARKER
from generator.urls import hub_path

corpus = benchmark_module("corpus")
HUB_TEMPLATE = '{% extends "default:hub.html" %}\n'


def make_project(root: Path, hubs: int, citations: int = 10, seed: int = 3) -> Path:
    """Write a synthetic project (content/ and an overriding templates/) at ``root``."""
    corpus.write_corpus(root / "content", corpus.CorpusShape(hubs, citations, seed))
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "hub.html").write_text(HUB_TEMPLATE, "utf-8")
    return root


def build_at(root: Path, clean: bool = False) -> BuildResult:
    """Build ``root``'s content with its templates into root/site, without Pagefind."""
    options = BuildOptions(
        root / "content", root / "site", root / "templates", search=False, clean=clean
    )
    return build(options)


def site_bytes(site: Path) -> dict[str, bytes]:
    """Return every file of a built site except the Pagefind index."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")
    }


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    """Return (inode, mtime in ns) of every file of a site."""
    return {
        p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in site.rglob("*")
        if p.is_file()
    }


def random_edit(rng: random.Random, root: Path, shape: object, titles: list[str]) -> str:
    """Apply one random change to the project; return what it was, for failure messages."""
    content = root / "content"
    present = sorted(content.glob("hubs/*"))
    kind = rng.choice(["add", "remove", "edit", "edit", "abstract", "site", "template"])
    if kind == "add":
        index = len(titles)
        titles.append(f"Added hub {index}")
        corpus.write_hub(content, shape, index, titles, 0)
        return f"added hub {index}"
    if kind == "remove" and len(present) > 3:
        victim = rng.choice(present)
        victim.unlink()
        return f"removed {victim.name}"
    if kind == "abstract":
        target = rng.choice(present)
        target.write_text(target.read_text("utf-8").replace("We study", "We examine", 1))
        return f"reworded the abstract of {target.name}"
    if kind == "site":
        limit = rng.choice([3, 5, 20])
        (content / "site.yaml").write_text(
            f"title: Hubs {limit}\ncocited_limit: {limit}\nbase_url: https://example.org/x/\n"
        )
        return f"site.yaml with cocited_limit {limit}"
    if kind == "template":
        extra = f"{{% block footer %}}<p>Footer {rng.randint(0, 999)}</p>{{% endblock %}}\n"
        (root / "templates" / "hub.html").write_text(HUB_TEMPLATE + extra, "utf-8")
        return "changed the hub template"
    index = int(rng.choice(present).stem.split("-")[1])
    corpus.write_hub(content, shape, index, titles, rng.randint(1, 99))
    return f"rewrote hub {index}"


@pytest.mark.slow  # dozens of random edits, each built cached and clean
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cached_rebuilds_equal_clean_builds(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    if seed == 3:  # also go through the process pool, as large sites do
        monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    rng = random.Random(seed)
    shape = corpus.CorpusShape(16, 8, seed)
    cached = make_project(tmp_path / "cached", shape.hubs, shape.citations, seed)
    titles = corpus.hub_titles(shape)
    build_at(cached)
    history = []
    for _ in range(6):
        history.append(random_edit(rng, cached, shape, titles))
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        shutil.copytree(cached / "content", clean / "content")
        shutil.copytree(cached / "templates", clean / "templates")
        build_at(cached)
        build_at(clean, clean=True)
        assert site_bytes(cached / "site") == site_bytes(clean / "site"), history


def test_no_change_rebuild_writes_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path, 12)
    first = build_at(root)
    before = stamps(root / "site")
    again = build_at(root)
    assert again.skipped
    assert again.hubs == first.hubs
    assert stamps(root / "site") == before


def test_rebuild_without_fast_path_renders_and_writes_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path, 12)
    build_at(root)
    before = stamps(root / "site")
    (root / ".hubgen-cache" / "state.pickle").unlink()  # forces the full, cached path
    again = build_at(root)
    assert not again.skipped
    assert again.rendered_hubs == 0
    assert again.written == ()
    # Only the manifest itself is written anew on this path (the fast path skips even that).
    after = {p: s[1] for p, s in stamps(root / "site").items() if p != MARKER}
    assert after == {p: s[1] for p, s in before.items() if p != MARKER}


def hub_files_of(paths: tuple[str, ...]) -> set[str]:
    """Return the slugs whose files appear in ``paths``."""
    return {p.split("/")[1] for p in paths if p.startswith("hubs/")}


def test_abstract_edit_rewrites_only_that_hub(tmp_path: Path) -> None:
    root = make_project(tmp_path, 12)
    build_at(root)
    target = root / "content" / "hubs" / "hub-00004.yaml"
    target.write_text(target.read_text("utf-8").replace("We study", "We examine", 1))
    result = build_at(root)
    assert result.rendered_hubs == 1
    assert hub_files_of(result.written) == {"hub-00004"}
    assert hub_path("hub-00004") in result.written


def test_citation_edit_rewrites_the_hubs_whose_derived_data_changed(tmp_path: Path) -> None:
    root = make_project(tmp_path, 20, citations=12)
    content = root / "content"
    build_at(root)
    before = derive(read_content(content).hubs, read_content(content).config)
    shape = corpus.CorpusShape(20, 12, 3)
    corpus.write_hub(content, shape, 7, corpus.hub_titles(shape), 5)
    after_checked = read_content(content)
    after = derive(after_checked.hubs, after_checked.config)
    old = {v.hub.slug: (v.cocited, v.citation_slugs) for v in before.hubs}
    changed = {
        v.hub.slug for v in after.hubs if old.get(v.hub.slug) != (v.cocited, v.citation_slugs)
    }
    result = build_at(root)
    expected = changed | {"hub-00007"}
    assert len(expected) > 1  # the edit really moved co-citations
    assert hub_files_of(result.written) == expected
    assert result.rendered_hubs == len(expected)


def test_cache_entries_from_elsewhere_are_never_unpickled(tmp_path: Path) -> None:
    import pickle

    from generator.incremental import Store
    from generator.signing import sign, unsign

    assert unsign(sign(b"data")) == b"data"
    assert unsign(b"x" * 32 + b"data") is None  # a committed or forged entry is a miss
    root = make_project(tmp_path, hubs=3)
    build_at(root)
    cache = Store(root / "content")
    state = cache.root / "state.pickle"
    state.write_bytes(pickle.dumps({"forged": True}))
    assert cache.state() is None
    assert build_at(root).skipped is False  # the forged state is ignored, the build runs


def test_the_previous_site_is_deleted_by_the_next_build(tmp_path: Path) -> None:
    root = make_project(tmp_path, hubs=3)
    build_at(root)
    trash = root / ".hubgen-cache" / "trash"
    settings = root / "content" / "site.yaml"
    for n in range(2):  # a new description changes every page: a whole new site is swapped in
        settings.write_text(f"title: Edit {n}\n", "utf-8")
        build_at(root)
        assert len(list(trash.iterdir())) == 1  # this build's old site; the one before: gone
    assert not [p for p in root.iterdir() if p.name.startswith(".hubgen-stage")]


def _age(content: Path, seconds: int) -> None:
    """Set every record's mtime ``seconds`` into the past (as if edited long ago)."""
    for path in content.glob("hubs/*"):
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def test_scan_reads_only_records_whose_stamp_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path, hubs=6)
    content = root / "content"
    _age(content, 3600)
    build_at(root)  # hashes every record and keeps their stamps
    edited = sorted(content.glob("hubs/*"))[2]
    edited.write_text(edited.read_text("utf-8").replace("We study", "We chart", 1), "utf-8")
    read: list[str] = []
    real = textfiles.read_below  # every read of a content file goes through it

    def counting(root: Path, parts: Sequence[str], limit: int) -> bytes:
        read.append(parts[-1])
        return real(root, parts, limit)

    monkeypatch.setattr(textfiles, "read_below", counting)
    result = build_at(root)
    assert read.count(edited.name) >= 1  # the edit is seen...
    assert {name for name in read if name.startswith("hub-")} == {edited.name}  # ...alone
    assert result.rendered_hubs == 1
    assert "We chart" in (root / "site" / hub_path(_slug_of(edited))).read_text("utf-8")


def test_a_same_size_edit_in_the_clock_tick_of_the_scan_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a coarse clock (FAT: 2 s; ext3, HFS+: 1 s) a same-size edit made right after a
    # scan keeps the stamp the scan saw: size, times and inode. Here every time is in
    # nanoseconds, so the coarse clock is emulated: every stamp reads one tick, and every
    # scan happens one second into it. Only the rule that a stamp is trusted once it is
    # TRUST_AFTER_NS older than its scan makes the second build read the file again.
    tick = time.time_ns()
    real_stamp = scan.stamp_of

    def coarse(st: os.stat_result) -> scan.Stamp:
        size, _mtime, _ctime, inode = real_stamp(st)
        return (size, tick, tick, inode)

    monkeypatch.setattr(scan, "stamp_of", coarse)
    monkeypatch.setattr(time, "time_ns", lambda: tick + 1_000_000_000)
    root = make_project(tmp_path, hubs=4)
    build_at(root)
    edited = sorted((root / "content").glob("hubs/*"))[1]
    before = coarse(edited.lstat())
    text = edited.read_text("utf-8")
    edited.write_text(text.replace("We study", "We STUDY", 1), "utf-8")
    assert coarse(edited.lstat()) == before  # the edit is invisible to the stamp
    result = build_at(root)
    assert result.rendered_hubs == 1
    assert "We STUDY" in (root / "site" / hub_path(_slug_of(edited))).read_text("utf-8")
    assert site_bytes(root / "site") == site_bytes(_clean_copy(root, tmp_path / "clean"))


def _slug_of(record: Path) -> str:
    return record.stem


def _clean_copy(root: Path, dest: Path) -> Path:
    """Build a copy of ``root``'s project from scratch; return the copy's site folder."""
    shutil.copytree(root / "content", dest / "content")
    shutil.copytree(root / "templates", dest / "templates")
    build_at(dest, clean=True)
    return dest / "site"


def test_a_fresh_checkout_with_the_restored_cache_rebuilds_nothing(tmp_path: Path) -> None:
    # What CI sees: the same bytes in new files (new inodes and times), with the cache
    # folder and the site restored from the last run.
    root = make_project(tmp_path, hubs=5)
    build_at(root)
    for path in sorted((root / "content").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            path.unlink()
            path.write_bytes(data)
    before = stamps(root / "site")
    result = build_at(root)
    assert result.skipped  # every record hashed again, every key found: nothing to do
    assert stamps(root / "site") == before


def test_an_edit_decodes_the_citing_papers_of_the_hubs_it_renders_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path, hubs=30)
    build_at(root)
    monkeypatch.setattr(feeds, "SITE_FEED_LIMIT", 3)  # the site feed reads a hub or two
    decoded: list[bytes] = []
    real = LazyCitations._all

    def counting(self: LazyCitations) -> tuple[Citation, ...]:
        if self._items is None:
            decoded.append(self._blob)
        return real(self)

    monkeypatch.setattr(LazyCitations, "_all", counting)
    edited = sorted((root / "content" / "hubs").iterdir())[7]
    edited.write_text(edited.read_text("utf-8").replace("We study", "We survey", 1), "utf-8")
    result = build_at(root)
    assert result.rendered_hubs == 1
    assert 1 <= len(decoded) <= 1 + 3  # not the 29 hubs neither rendered nor in the feed


def test_cached_citing_papers_behave_as_the_tuple_they_stand_for() -> None:
    papers = (cite("One", id="doi:10.1/1", year=2020), cite("Two", year=2021))
    cached = LazyCitations(pickle.dumps(papers))
    assert cached._items is None  # not decoded yet
    assert cached == papers and cached == LazyCitations(pickle.dumps(papers))
    assert hash(cached) == hash(papers) and repr(cached) == repr(papers)
    assert list(cached) == list(papers) and cached[1] == papers[1] and len(cached) == 2
    assert cached[:1] == papers[:1]


def test_pages_are_reused_where_folders_cannot_be_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path, hubs=4)
    build_at(root)
    monkeypatch.setattr(os, "supports_dir_fd", set())  # as on Windows: paths from the root
    edited = sorted((root / "content" / "hubs").iterdir())[0]
    edited.write_text(edited.read_text("utf-8").replace("We study", "We weigh", 1), "utf-8")
    assert build_at(root).rendered_hubs == 1


def test_kept_hubs_search_records_come_from_the_cache_not_the_site(tmp_path: Path) -> None:
    root = make_project(tmp_path, hubs=5)
    build_at(root)
    docs = root / "site" / "search" / "docs" / "0.js"
    docs.write_text(docs.read_text("utf-8").replace("We study", "Tampered"), "utf-8")
    edited = sorted((root / "content" / "hubs").iterdir())[0]
    edited.write_text(edited.read_text("utf-8").replace("We study", "We probe", 1), "utf-8")
    assert build_at(root).rendered_hubs == 1
    text = docs.read_text("utf-8")
    assert "Tampered" not in text and "We probe" in text  # remade, not copied
    assert site_bytes(root / "site") == site_bytes(_clean_copy(root, tmp_path / "clean"))


def test_a_no_change_build_shows_warnings_from_where_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path, hubs=2)
    record = next((root / "content" / "hubs").iterdir())
    record.write_text(record.read_text("utf-8") + "unknown_field: 1\n", "utf-8")
    monkeypatch.chdir(root)
    first = build_at(root)
    assert any(w.path.startswith("content/hubs/") for w in first.warnings)
    monkeypatch.chdir(root / "content")
    second = build_at(root)
    assert second.skipped
    assert {w.path for w in second.warnings} == {f"hubs/{record.name}"}

"""Synthetic hub corpus for benchmarks and cache tests: deterministic for a given seed.

Hubs draw their citing papers from one shared pool, each from a window of the pool near
the hub's own position, so neighbouring hubs share citing papers and co-citation has
real work to do. A few citing papers are other hubs, so cross-links appear as well.
Records are written as YAML (most) or Markdown with front matter (every seventh hub).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from generator.config_vocab import DEFAULT_POLARITIES, DEFAULT_ROLES

_VOCABULARY = """
attention sparse probing lens circuit feature superposition transformer language model
scaling law memory retrieval token embedding gradient residual stream layer neuron
dictionary autoencoder interpretability causal tracing editing knowledge benchmark
dataset corpus training inference latent representation alignment reward policy
contrastive vision speech graph kernel bayesian uncertainty calibration robustness
adversarial pruning distillation quantization mixture expert routing
"""
WORDS = tuple(_VOCABULARY.split())
VENUES = ("NeurIPS", "ICML", "ICLR", "ACL", "EMNLP", "TMLR", "arXiv", "JMLR")
POLARITY_WEIGHTS = (5, 4, 2)


@dataclass(frozen=True, slots=True)
class CorpusShape:
    """How big a synthetic corpus is."""

    hubs: int
    citations: int
    seed: int = 1
    pool_factor: float = 0.25
    """Citing papers in the shared pool, as a fraction of hubs × citations."""
    hub_citing_share: float = 0.03
    """Share of citations that are other hubs of the corpus (cross-links)."""


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _title(rng: random.Random, number: int) -> str:
    return f"{_words(rng, rng.randint(3, 7)).capitalize()} {number}"


def _abstract(rng: random.Random) -> str:
    first = f"We study **{_words(rng, 2)}** and show that {_words(rng, 12)}."
    second = (
        f"Our *{_words(rng, 1)}* method uses `{rng.choice(WORDS)}` and "
        f"[a public dataset](https://example.org/{rng.choice(WORDS)}); {_words(rng, 20)}."
    )
    third = "\n".join(f"- {_words(rng, 6)}" for _ in range(rng.randint(0, 3)))
    return "\n\n".join(p for p in (first, second, third) if p)


def _summary(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.5:
        return f"{_words(rng, 8).capitalize()}."
    if kind < 0.8:
        return f"Finds *{_words(rng, 3)}* {_words(rng, 5)}."
    return f"Extends `{rng.choice(WORDS)}` to {_words(rng, 4)}."


def _citation(
    rng: random.Random, paper: int, hub_target: int | None, titles: list[str], year: int
) -> str:
    if hub_target is not None:
        title, ident = titles[hub_target], f"doi:10.5555/hub.{hub_target}"
    else:
        title, ident = f"Citing study {paper}: {_words(rng, 4)}", f"doi:10.5555/cite.{paper}"
    roles = rng.sample(DEFAULT_ROLES[:7], k=1 if rng.random() < 0.8 else 2)
    entry: dict[str, object] = {
        "title": title,
        "id": ident,
        "year": rng.randint(year, 2025),
        "authors": [f"{_words(rng, 1).capitalize()} Author{rng.randint(1, 99)}"],
        "venue": rng.choice(VENUES),
        "summary": _summary(rng),
        "role": roles[0] if len(roles) == 1 else roles,
    }
    if rng.random() < 0.9:
        entry["polarity"] = rng.choices(DEFAULT_POLARITIES, POLARITY_WEIGHTS)[0]
    if rng.random() < 0.08:
        entry["representative"] = True
    if rng.random() < 0.2:
        entry["context"] = f"As shown by prior work, {_words(rng, 10)}."
    return "  - " + json.dumps(entry, ensure_ascii=False)


def hub_record(shape: CorpusShape, index: int, titles: list[str], variant: int = 0) -> str:
    """Return the YAML text of hub ``index`` (``variant`` > 0 gives an edited version)."""
    rng = random.Random(f"{shape.seed}:{index}:{variant}")
    pool = max(shape.citations, int(shape.hubs * shape.citations * shape.pool_factor))
    centre = index * pool // max(shape.hubs, 1)
    window = shape.citations * 4
    papers: dict[int, None] = {}
    while len(papers) < shape.citations:
        papers[(centre + rng.randint(-window, window)) % pool] = None
    year = rng.randint(2008, 2016)
    lines = [
        f"id: doi:10.5555/hub.{index}",
        f"slug: hub-{index:05d}",
        f"title: {json.dumps(titles[index])}",
        f"authors: {json.dumps([f'{_words(rng, 1).capitalize()} Writer{index % 50}'])}",
        f"year: {year}",
        f"venue: {rng.choice(VENUES)}",
        f"url: https://example.org/paper/{index}",
        f"abstract: {json.dumps(_abstract(rng), ensure_ascii=False)}",
        "claims:",
    ]
    for n in range(rng.randint(1, 4)):
        lines.append(f"  - text: {json.dumps(f'Claim {n}: *{_words(rng, 6)}* holds.')}")
        lines.append(f"    source: Section {n + 2}")
    lines.append("citations:")
    for paper in papers:
        target = None
        if rng.random() < shape.hub_citing_share and shape.hubs > 1:
            target = rng.randrange(shape.hubs)
            target = target if target != index else None
        lines.append(_citation(rng, paper, target, titles, year))
    return "\n".join(lines) + "\n"


def hub_titles(shape: CorpusShape) -> list[str]:
    """Return the title of every hub."""
    rng = random.Random(shape.seed)
    return [_title(rng, i) for i in range(shape.hubs)]


def hub_file(root: Path, index: int) -> Path:
    """Return the record file of hub ``index`` under the content directory ``root``."""
    suffix = ".md" if index % 7 == 3 else ".yaml"
    return root / "hubs" / f"hub-{index:05d}{suffix}"


def write_hub(root: Path, shape: CorpusShape, index: int, titles: list[str], variant: int) -> Path:
    """Write (or overwrite) one hub's record file; return its path."""
    text = hub_record(shape, index, titles, variant)
    path = hub_file(root, index)
    if path.suffix == ".md":
        notes = f"Editorial notes for hub {index}: *{variant}*.\n\n## Why it matters\n\nBecause.\n"
        text = f"---\n{text}---\n{notes}"
    path.write_text(text, "utf-8")
    return path


def write_corpus(root: Path, shape: CorpusShape) -> Path:
    """Write a content directory (site.yaml + hubs/) for ``shape`` at ``root``; return it."""
    (root / "hubs").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(
        "title: Benchmark hubs\ndescription: A synthetic corpus.\n"
        "base_url: https://example.org/bench/\n",
        "utf-8",
    )
    titles = hub_titles(shape)
    for index in range(shape.hubs):
        write_hub(root, shape, index, titles, 0)
    return root

"""The words of a hub's summary: its label sentence, and what its role and polarity shares
cover (how many citing papers, and how many have no role or polarity)."""

from __future__ import annotations

from collections.abc import Sequence

from .labels import LabelRule


def papers(count: int) -> str:
    """Return e.g. '1 citing paper', '1,001 citing papers'."""
    return f"{count:,} citing paper{'' if count == 1 else 's'}"


def label_sentence(rule: LabelRule, total: int, with_polarity: int) -> str:
    """Return the first sentence of a hub's summary: the rule's own, or made from its word.

    A rule on how many citing papers have a polarity says how many do, e.g.
    "Unclassified citation behavior (0 of 1,001 citing papers have a polarity)."
    """
    if rule.sentence:
        return rule.sentence
    if rule.with_polarity_below is None:
        return f"{rule.word} citation behavior."
    have = "has" if with_polarity == 1 else "have"
    counted = f"{with_polarity:,} of {papers(total)} {have} a polarity"
    return f"{rule.word} citation behavior ({counted})."


def role_part(roles: Sequence[str], percent: int, total: int, with_role: int) -> str:
    """Return the summary sentence's role part, e.g. ' Most common role is background (47%).'

    Roles tied for the most labels are all named, in the site's order: ' Most common roles
    are background and method (30% each).' When some citing papers have no role it says
    how many have one, so that a share made from a few papers (one of an imported 1,001,
    say) cannot pass for the hub's: ' Most common roles are background, method and
    comparison (33% each; 1 of 1,001 citing papers has a role).'
    """
    if len(roles) == 1:
        named, share = f"role is {roles[0]}", f"{percent}%"
    else:
        named = f"roles are {', '.join(roles[:-1])} and {roles[-1]}"
        share = f"{percent}% each"
    if with_role < total:
        have = "has" if with_role == 1 else "have"
        share += f"; {with_role:,} of {papers(total)} {have} a role"
    return f" Most common {named} ({share})."


def _without(total: int, covered: int) -> str:
    """Return e.g. ' (3 have none)', or '' when every citing paper is covered."""
    none = total - covered
    return f" ({none:,} {'has' if none == 1 else 'have'} none)" if none else ""


def role_coverage(total: int, with_role: int, role_labels: int) -> str:
    """Return the sentence saying which citing papers and role labels the role shares cover."""
    labels = "role label" if role_labels == 1 else "role labels"
    return (
        f"Roles of {with_role:,} of {papers(total)}{_without(total, with_role)}; "
        f"a paper may have several roles, so shares are of {role_labels:,} {labels}."
    )


def polarity_coverage(total: int, with_polarity: int) -> str:
    """Return the sentence saying which citing papers the polarity shares cover."""
    text = f"Polarities of {with_polarity:,} of {papers(total)}"
    if with_polarity == total:
        return text + "."
    return f"{text}{_without(total, with_polarity)}; shares are of these {with_polarity:,}."

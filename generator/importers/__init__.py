"""Importers: turn saved Semantic Scholar and OpenAlex API responses into hub records."""

from .common import Imported, ImportInputError, Record
from .merge import MergeConflict, MergeStats, merge_records, normalise_title
from .openalex import import_openalex, rebuild_abstract
from .s2 import import_s2
from .yamlout import dump_record, read_record_file, render_file, slugify

__all__ = [
    "ImportInputError",
    "Imported",
    "MergeConflict",
    "MergeStats",
    "Record",
    "dump_record",
    "import_openalex",
    "import_s2",
    "merge_records",
    "normalise_title",
    "read_record_file",
    "rebuild_abstract",
    "render_file",
    "slugify",
]

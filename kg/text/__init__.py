"""Text layer: read input files, clean them (with an offset map back to the
original text), split paragraphs/sentences and date documents."""

from kg.text.cleaning import CleanText, clean_text, normalize_width
from kg.text.reading import InputError, iter_input_files, read_text
from kg.text.splitting import Paragraph, document_year, paragraphs, sentences

__all__ = [
    "CleanText",
    "InputError",
    "Paragraph",
    "clean_text",
    "document_year",
    "iter_input_files",
    "normalize_width",
    "paragraphs",
    "read_text",
    "sentences",
]

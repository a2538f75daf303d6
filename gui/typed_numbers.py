"""Numbers as a learner types them: the core's one parser (core/typed_numbers.py), re-exported."""
from core.typed_numbers import clean, parse_number

__all__ = ["clean", "parse_number"]

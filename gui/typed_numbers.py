"""Numbers as a learner types them, read the same way in every field of the window."""


def clean(text):
    """`text` as Python's int() and float() read numbers: trimmed, the typographic minus (−, as the
    equations print it) as '-', without spaces (1 000), and a lone decimal comma (0,5, as many
    locales write it) as a point."""
    cleaned = text.strip().replace("−", "-").replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    return cleaned

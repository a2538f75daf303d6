"""The one exception the core raises for anything a user gave it."""


class BadInput(ValueError):
    """Input from a user (a file, a flag, a value typed in) that cannot be used.

    The message is written for the learner: it names the problem and, where it
    helps, the place (file, line, column, key) and what would be accepted.
    Raising it never leaves anything half-changed: callers validate first and
    mutate second.
    """

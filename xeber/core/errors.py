"""The error every write service raises for what a person or a browser sent wrong: its
message says what and where, and is shown to them (a 400, a form error), never a 500."""


class Invalid(ValueError):
    pass

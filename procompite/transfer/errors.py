"""The error of a file that cannot be read as a spreadsheet at all."""


class SpreadsheetError(Exception):
    """A file that cannot be read as a spreadsheet; the message is for the user, in Spanish."""

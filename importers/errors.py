"""Problems found in an import file, each tied to a row and a column."""

from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ImportProblem:
    """``row N, column: message``; ``row`` is the spreadsheet row (header = 1)."""

    message: str
    row: int | None = None
    column: str | None = None
    letter: str = ""
    value: str = ""

    def __str__(self):
        if self.row is None:
            where = _("file")
        elif self.column:
            where = _("row %(row)d, %(column)s") % {
                "row": self.row,
                "column": self.column,
            }
        else:
            where = _("row %(row)d") % {"row": self.row}
        return f"{where}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportProblem":
        return cls(**{key: data.get(key) for key in cls.__dataclass_fields__})


class FileRefused(Exception):
    """The file cannot be read at all (size, format, encoding, header)."""

    def __init__(self, *problems: ImportProblem):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = list(problems)


def file_problem(message: str) -> FileRefused:
    return FileRefused(ImportProblem(message))

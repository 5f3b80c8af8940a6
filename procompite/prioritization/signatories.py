"""Who signs a prioritisation exercise for the concertation space: name, DNI when known,
institution and role, in the order the report prints them. Edited while the exercise is a draft,
frozen with its approval."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from procompite.common.errors import Problem, ValidationError
from procompite.common.identifiers import dni_problem
from procompite.prioritization.exercises import Exercise, load_exercise
from procompite.storage import audit

# The institutions of the concertation space and the role each one signs with.
CONCERTATION = (
    ("Gerencia Regional de Desarrollo Económico", "Gerente regional"),
    ("Agencia Regional de Desarrollo", "Representante"),
    ("Mesa técnica PROCOMPITE", "Representante"),
)


@dataclass(frozen=True)
class Signatory:
    """Who signs the report for the concertation space: name, institution, role and DNI (empty
    when it is not known)."""

    name: str
    institution: str
    role: str
    dni: str = ""

    def cleaned(self) -> "Signatory":
        """The same signatory with its spaces tidied: none at the ends, one between words."""
        return Signatory(
            _tidy(self.name), _tidy(self.institution), _tidy(self.role), "".join(self.dni.split())
        )

    def as_snapshot(self) -> dict[str, str]:
        return {
            "nombre": self.name,
            "dni": self.dni,
            "institucion": self.institution,
            "cargo": self.role,
        }


def _tidy(text: str) -> str:
    return " ".join(text.split())


def load_signatories(db: Database, exercise_id: int) -> list[Signatory]:
    """The exercise's signatories in order; none for an exercise approved before they were
    recorded."""
    return [
        Signatory(row["name"], row["institution"], row["role"], row["dni"] or "")
        for row in db["prioritization_signatories"].rows_where(
            "prioritization_id = ?", [exercise_id], order_by="position"
        )
    ]


def signatory_problems(signatories: Sequence[Signatory]) -> list[Problem]:
    """What is wrong with each signatory (name, institution and role are required; a DNI, when
    given, has 8 digits and is not repeated)."""
    problems = []
    seen: dict[str, int] = {}
    for number, signatory in enumerate(signatories, 1):
        where = f"Firmante {number}"
        for value, label in (
            (signatory.name, "el nombre"),
            (signatory.institution, "la institución"),
            (signatory.role, "el cargo"),
        ):
            if not value.strip():
                problems.append(Problem(where, f"Falta {label}."))
        if signatory.dni:
            if message := dni_problem(signatory.dni):
                problems.append(Problem(where, message))
            elif signatory.dni in seen:
                problems.append(
                    Problem(
                        where, f"El DNI {signatory.dni} ya es del firmante {seen[signatory.dni]}."
                    )
                )
            else:
                seen[signatory.dni] = number
    return problems


def refuse_if_frozen(exercise: Exercise) -> None:
    """Refuse, in Spanish, to change the signatories of an approved exercise."""
    if exercise.approved:
        raise ValidationError(
            [
                Problem(
                    "Firmantes",
                    "La priorización está aprobada y sus firmantes quedaron fijados con ella; "
                    "para cambiarlos, cópiela en un nuevo borrador.",
                )
            ]
        )


def save_signatories(
    db: Database,
    exercise_id: int,
    signatories: Sequence[Signatory],
    *,
    actor: str = "usuario",
    at: str | None = None,
) -> list[Signatory]:
    """Replace the signatories of a draft exercise, all or nothing; returns them as stored."""
    exercise = load_exercise(db, exercise_id)
    refuse_if_frozen(exercise)
    cleaned = [signatory.cleaned() for signatory in signatories]
    if problems := signatory_problems(cleaned):
        raise ValidationError(problems)
    before = load_signatories(db, exercise_id)
    if cleaned == before:
        return cleaned
    with db.atomic():
        db.execute(
            "DELETE FROM prioritization_signatories WHERE prioritization_id = ?", [exercise_id]
        )
        db["prioritization_signatories"].insert_all(
            {
                "prioritization_id": exercise_id,
                "position": position,
                "name": signatory.name,
                "dni": signatory.dni or None,
                "institution": signatory.institution,
                "role": signatory.role,
            }
            for position, signatory in enumerate(cleaned, 1)
        )
        audit.record(
            db,
            actor=actor,
            action="firmantes de priorización",
            table="prioritizations",
            row_id=exercise_id,
            before={"firmantes": [s.as_snapshot() for s in before]},
            after={"firmantes": [s.as_snapshot() for s in cleaned]},
            at=at,
        )
    return cleaned

"""Checking a printed document's verification code against the database.

A code names one issued dictamen or acta. It is checked twice: the stored snapshot must still
give the code (the document is as it was issued) and the current data must still give the same
snapshot (nothing the document shows has changed since). Every difference is named. The
digital signatures of a document signed with certificates (:mod:`.signing`) are checked too.

What the document froze from the registry and the letterhead (the AEO, its padrón, the entity's
name and logo) may change afterwards for future calls: those changes are listed apart, as
information, and do not make the document invalid; it keeps printing what it was issued with.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from procompite.common.dates import format_long
from procompite.common.money import earlier_negatives_rewritten
from procompite.documents.actas import current_acta_snapshot
from procompite.documents.dictamen_snapshot import current_snapshot
from procompite.documents.issuing import canonical, verification_code
from procompite.documents.letterheads import KEY as MEMBRETE
from procompite.documents.letterheads import logo_problem
from procompite.documents.signing import check_signatures

MAX_DIFFERENCES = 12
# What a document froze from the registry, the letterhead and the calendar: the AEO (wherever
# it appears), the letterhead, the legal part (its signing city and the appeal deadline, which
# depends on the holidays known when it was issued), and the plan's figures and rules drawn from
# the AEO's padrón; an observed plan's term to correct it counts working days too.
FROZEN = ("aeo", MEMBRETE, "base_legal", "subsanacion")
FROZEN_PATHS = ("plan › socios", "plan › reglas")


@dataclass(frozen=True)
class Verification:
    code: str
    kind: str = ""
    number: str = ""
    issued_on: str = ""
    subject: str = ""
    in_force: bool = False
    status_note: str = ""
    intact: bool = False
    differences: list[str] = field(default_factory=list)
    later: list[str] = field(default_factory=list)
    signatures: tuple[str, ...] = ()
    signature_problem: str = ""

    @property
    def found(self) -> bool:
        return bool(self.kind)

    @property
    def valid(self) -> bool:
        return (
            self.found
            and self.intact
            and self.in_force
            and not self.differences
            and not self.signature_problem
        )

    def lines(self) -> list[str]:
        """The result in plain Spanish, one line per finding."""
        if not self.found:
            return [f"El código {self.code} no corresponde a ningún documento de esta base."]
        lines = [
            f"El código {self.code} corresponde {'a la' if self.kind in FEMININE else 'al'} "
            f"{self.kind} {self.number}, "
            f"{'emitido' if self.kind == 'dictamen' else 'emitida'} el "
            f"{format_long(self.issued_on)}: {self.subject}."
        ]
        if self.status_note:
            lines.append(self.status_note)
        if not self.intact:
            lines.append("El contenido guardado del documento fue alterado: ya no da este código.")
        if self.differences:
            lines.append("Los datos actuales NO coinciden con el documento; difieren:")
            lines += [f"  - {difference}" for difference in self.differences]
        if self.later:
            lines.append(
                "Después de la emisión cambiaron datos del registro o del membrete; valen para "
                "futuras convocatorias y el documento conserva los de su fecha:"
            )
            lines += [f"  - {change}" for change in self.later]
        lines += self.signatures
        if self.valid and self.later:
            lines.append(
                "VÁLIDO: las cifras y la decisión del documento coinciden con los datos actuales; "
                "los cambios de arriba no lo afectan."
            )
        elif self.valid:
            lines.append("VÁLIDO: los datos actuales coinciden con el documento.")
        else:
            lines.append("NO VÁLIDO.")
        return lines


FEMININE = ("resolución", "liquidación")


def normalise(code: str) -> str:
    """Accept the code with any case, spaces or dashes: ``f4c3 36af…`` -> ``F4C3-36AF-…``."""
    digits = re.sub(r"[^0-9A-Fa-f]", "", code).upper()
    return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def _label(item: object, index: int) -> str:
    if isinstance(item, dict):
        for key in ("codigo", "seccion", "nombre", "evaluador", "regla", "concepto", "limite"):
            if item.get(key):
                return f"[{item[key]}]"
    return f"[{index + 1}]"


def _by_code(items: list) -> dict | None:
    """Items keyed by their ``codigo`` when every item is a record with a distinct one."""
    if not all(isinstance(item, dict) and item.get("codigo") for item in items):
        return None
    keyed = {item["codigo"]: item for item in items}
    return keyed if len(keyed) == len(items) else None


def differences(stored: object, current: object, path: str = "") -> list[str]:
    """Where two snapshots differ, as readable paths with both values.

    Only what the document holds is compared: a field that a later version of the program adds
    to the current data was not on the document. Rows with a code (plans) are matched by it, so
    a list printed in another order is not a difference."""
    if isinstance(stored, dict) and isinstance(current, dict):
        found = []
        for key in sorted(stored):
            found += differences(
                stored.get(key), current.get(key), f"{path} › {key}" if path else key
            )
        return found
    if (
        isinstance(stored, list)
        and isinstance(current, list)
        and (old := _by_code(stored)) is not None
        and (new := _by_code(current)) is not None
        and set(old) == set(new)
    ):
        found = []
        for code, item in old.items():
            found += differences(item, new[code], f"{path} [{code}]")
        return found
    if isinstance(stored, list) and isinstance(current, list) and len(stored) == len(current):
        found = []
        for index, (a, b) in enumerate(zip(stored, current, strict=True)):
            found += differences(a, b, f"{path} {_label(a, index)}")
        return found
    if stored == current or (
        isinstance(stored, str) and earlier_negatives_rewritten(stored) == current
    ):
        return []
    return [f"{path}: en el documento «{_short(stored)}», ahora «{_short(current)}»"]


def _short(value: object) -> str:
    if value in ("", None):
        return "(vacío)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "…"


def _frozen(path: str) -> bool:
    parts = [part.split(" [")[0].strip() for part in path.split(" › ")]
    bare = " › ".join(parts)
    return any(part in FROZEN for part in parts) or bare.startswith(FROZEN_PATHS)


def compared(db: Database, stored: dict, current: dict) -> tuple[list[str], list[str]]:
    """The differences that contradict the document, and the later changes of what it froze.

    Parts that a later version of the program adds to snapshots (absent from the stored one)
    were not on the document, so they are not compared."""
    found = differences(stored, current)
    binding = [difference for difference in found if not _frozen(difference.split(":")[0])]
    later = [difference for difference in found if _frozen(difference.split(":")[0])]
    if problem := logo_problem(db, stored):
        binding.insert(0, problem)
    return binding[:MAX_DIFFERENCES], later[:MAX_DIFFERENCES]


def _as_stored(snapshot: dict) -> dict:
    """The snapshot as it reads back from its stored JSON (tuples become lists)."""
    return json.loads(canonical(snapshot))


def verify(db: Database, code: str) -> Verification:
    code = normalise(code)
    row = db.execute(
        "SELECT plan_id, number, issued_on, snapshot, status, reopened_reason "
        "FROM dictamenes WHERE verification_code = ?",
        [code],
    ).fetchone()
    if row:
        plan_id, number, issued_on, stored, status, reason = row
        snapshot = json.loads(stored)
        try:
            current = _as_stored(
                current_snapshot(db, plan_id, number, date.fromisoformat(issued_on))
            )
        except LookupError:
            current = {}
        binding, later = compared(db, snapshot, current)
        signed = check_signatures(db, "dictamen", code)
        return Verification(
            code,
            "dictamen",
            number,
            issued_on,
            f"plan de negocio {snapshot['plan']['codigo']} de {snapshot['aeo']['nombre']}",
            status == "emitido",
            "" if status == "emitido" else f"El dictamen fue REABIERTO: {reason}",
            verification_code(snapshot) == code,
            binding,
            later,
            signed.lines,
            signed.problem,
        )
    row = db.execute(
        "SELECT a.id, a.call_id, a.number, a.issued_on, a.snapshot, c.name, "
        "(SELECT max(id) FROM actas WHERE call_id = a.call_id) "
        "FROM actas a JOIN calls c ON c.id = a.call_id WHERE a.verification_code = ?",
        [code],
    ).fetchone()
    if row:
        acta_id, call_id, number, issued_on, stored, call_name, latest = row
        snapshot = json.loads(stored)
        current = _as_stored(
            current_acta_snapshot(db, call_id, number, date.fromisoformat(issued_on))
        )
        replaced = acta_id != latest
        binding, later = compared(db, snapshot, current)
        signed = check_signatures(db, "acta", code)
        return Verification(
            code,
            "acta",
            number,
            issued_on,
            f"convocatoria {call_name}",
            not replaced,
            "Hay un acta posterior de la misma convocatoria que la reemplaza." if replaced else "",
            verification_code(snapshot) == code,
            binding,
            later,
            signed.lines,
            signed.problem,
        )
    row = db.execute(
        "SELECT number, issued_on, snapshot, appellant FROM appeals WHERE verification_code = ?",
        [code],
    ).fetchone()
    if row:
        number, issued_on, stored, appellant = row
        snapshot = json.loads(stored)
        return Verification(
            code,
            "resolución",
            number,
            issued_on,
            f"recurso de {appellant} contra el dictamen {snapshot['recurso']['dictamen']}",
            True,
            "",
            verification_code(snapshot) == code,
        )
    row = db.execute(
        "SELECT p.code, o.name, c.closed_on, c.figures FROM plan_closures c "
        "JOIN plans p ON p.id = c.plan_id JOIN organizations o ON o.id = p.organization_id "
        "WHERE c.verification_code = ?",
        [code],
    ).fetchone()
    if row:
        plan_code, organization, closed_on, figures = row
        return Verification(
            code,
            "liquidación",
            f"del plan {plan_code}",
            closed_on,
            f"cifras finales del plan de negocio {plan_code} de {organization}",
            True,
            "",
            verification_code(json.loads(figures)) == code,
        )
    return Verification(code)

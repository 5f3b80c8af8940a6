"""Merging a returned package into the origin file: checked, shown, then applied whole.

The package must come from this file, be known here, and hold exactly what the member sealed;
an older revision than one already merged is refused, the same one changes nothing. Plans
whose scores are consolidated or issued are not overwritten: the merge is refused and lists
them. A plan the shared laptop changed for the same member since the package was made is a
conflict: the secretary keeps the package's or the file's version, with a reason.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from procompite.common.clock import now_iso
from procompite.common.errors import Problem, ValidationError
from procompite.evaluation.committee import member
from procompite.evaluation.consolidation import CURRENT_ROUND_SQL
from procompite.evaluation.packages import content as package
from procompite.evaluation.packages.building import FILE_ID
from procompite.evaluation.scoring import declare, load_sheet, reopen_sheet, save_sheet
from procompite.storage import audit
from procompite.storage.database import open_database
from procompite.storage.settings import is_package, setting

KEEP_PACKAGE, KEEP_FILE = "paquete", "archivo"
ISSUED = "SELECT 1 FROM dictamenes d WHERE d.plan_id = p.id AND d.status = 'emitido'"


@dataclass(frozen=True)
class Change:
    plan: str
    what: str
    before: str
    after: str

    def line(self) -> str:
        return f"{self.plan} · {self.what}: {self.before or '(vacío)'} → {self.after or '(vacío)'}"


@dataclass(frozen=True)
class Conflict:
    """A plan changed both in the package and in this file since the package was made."""

    plan: str
    in_file: list[str]
    in_package: list[str]


@dataclass
class Merge:
    package_id: str
    member: str
    revision: int
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    already_merged: bool = False
    applied: bool = False


@dataclass(frozen=True)
class _Returned:
    package_id: str
    call_id: int
    member_id: int
    revision: int
    work: dict


def _refuse(message: str) -> ValidationError:
    return ValidationError([Problem("Paquete", message)])


def _read(path: Path) -> tuple[dict, dict]:
    returned = open_database(path, create=False, readonly=True)
    try:
        settings = dict(returned.execute("SELECT key, value FROM settings").fetchall())
        if not settings.get(package.PACKAGE_ID):
            raise _refuse(f"«{path.name}» no es un paquete de evaluación.")
        work = package.member_work(
            returned, int(settings[package.PACKAGE_CALL]), int(settings[package.PACKAGE_MEMBER])
        )
    finally:
        returned.close()
    return settings, work


def _returned(db: Database, path: Path) -> tuple[_Returned, dict]:
    settings, work = _read(path)
    package_id = settings[package.PACKAGE_ID]
    if settings.get(package.PACKAGE_ORIGIN) != setting(db, FILE_ID):
        raise _refuse(
            f"El paquete se hizo en otro archivo ({settings.get(package.PACKAGE_ORIGIN_NAME)}); "
            "solo se incorpora en el archivo donde se creó."
        )
    try:
        record = db["evaluation_packages"].get(package_id)
    except NotFoundError:
        raise _refuse("El paquete no figura entre los creados en este archivo.") from None
    if str(record["call_id"]) != settings.get(package.PACKAGE_CALL) or str(
        record["committee_member_id"]
    ) != settings.get(package.PACKAGE_MEMBER):
        raise _refuse(
            "El paquete dice otra convocatoria u otro miembro que los registrados al crearlo."
        )
    revision = int(settings.get(package.PACKAGE_REVISION) or 0)
    stored_seal = settings.get(package.PACKAGE_SEAL) or ""
    if revision == 0 or not stored_seal:
        raise _refuse(
            "El paquete no fue sellado para devolverlo: el miembro debe abrirlo y usar "
            "«Sellar para devolver» con su PIN."
        )
    if not package.seal_matches(record["seal_key"], package_id, revision, work, stored_seal):
        raise _refuse(
            "El contenido del paquete no coincide con lo que el miembro selló: fue modificado "
            "fuera de la aplicación o después de sellarlo. No se incorpora nada."
        )
    if revision < record["merged_revision"]:
        raise _refuse(
            f"El paquete es la versión {revision}, más antigua que la versión "
            f"{record['merged_revision']} ya incorporada; no se aplica."
        )
    return _Returned(
        package_id, record["call_id"], record["committee_member_id"], revision, work
    ), record


def _lines(work: dict, plan: str) -> dict[str, str]:
    """A plan's part of a member's work, field by field, in words."""
    lines = {}
    declared = work["declaraciones"].get(plan)
    if declared is not None:
        lines["Declaración"] = (
            f"con conflicto ({declared['motivo']})" if declared["conflicto"] else "sin conflicto"
        )
    sheet = work["fichas"].get(plan)
    if sheet is not None:
        lines["Ficha"] = "enviada" if sheet["estado"] == "enviada" else "borrador"
        for code, points in sheet["puntajes"].items():
            lines[f"Criterio {code}"] = points
        for code, text in sheet["comentarios"].items():
            lines[f"Comentario {code}"] = text
    return lines


def _changes(plan: str, before: dict[str, str], after: dict[str, str]) -> list[Change]:
    return [
        Change(plan, what, before.get(what, ""), after.get(what, ""))
        for what in sorted(set(before) | set(after), key=_order)
        if before.get(what, "") != after.get(what, "")
    ]


def _order(what: str) -> tuple:
    head, _, code = what.partition(" ")
    rank = {"Declaración": 0, "Ficha": 1, "Criterio": 2, "Comentario": 3}.get(head, 4)
    return (rank, [int(p) if p.isdigit() else p for p in code.split(".")])


def _frozen(db: Database, call_id: int, codes: list[str]) -> list[str]:
    if not codes:
        return []
    marks = ",".join("?" * len(codes))
    return [
        f"{code}: {why}"
        for code, why in db.execute(
            f"""
            SELECT p.code,
                   CASE WHEN EXISTS ({ISSUED}) THEN 'tiene dictamen emitido'
                        ELSE 'su calificación ya se consolidó' END
            FROM plans p
            WHERE p.call_id = ? AND p.code IN ({marks})
              AND (EXISTS ({ISSUED})
                   OR EXISTS (SELECT 1 FROM plan_verdicts v WHERE v.plan_id = p.id
                              AND v.round = {CURRENT_ROUND_SQL.format(plan="p.id")}))
            ORDER BY p.code
            """,
            [call_id, *codes],
        )
    ]


def merge_package(
    db: Database,
    path: str | Path,
    *,
    actor: str,
    keep: dict[str, str] | None = None,
    reason: str = "",
    dry_run: bool = False,
) -> Merge:
    """Check the package at ``path`` and, unless ``dry_run``, apply it whole.

    ``keep`` says, for each plan in conflict, which version stays (``"paquete"`` or
    ``"archivo"``); ``reason`` is required with it. Raises :class:`ValidationError` when the
    package is refused; returns what changes (or changed) and the conflicts left to decide.
    """
    keep = keep or {}
    if is_package(db):
        raise _refuse(
            "Los paquetes se incorporan en el archivo de la secretaría, no en otro paquete."
        )
    returned, record = _returned(db, Path(path))
    who = member(db, returned.member_id)
    merge = Merge(returned.package_id, who.full_name, returned.revision)
    current = package.member_work(db, returned.call_id, returned.member_id)
    base = json.loads(record["base"])
    plans = sorted(set(returned.work["declaraciones"]) | set(returned.work["fichas"]))
    applied_plans = []
    for plan in plans:
        now, was, sent = _lines(current, plan), _lines(base, plan), _lines(returned.work, plan)
        if now == sent:
            continue
        if now != was and keep.get(plan) != KEEP_PACKAGE:
            if keep.get(plan) == KEEP_FILE:
                continue
            merge.conflicts.append(
                Conflict(
                    plan,
                    [c.line() for c in _changes(plan, was, now)],
                    [c.line() for c in _changes(plan, was, sent)],
                )
            )
            continue
        merge.changes += _changes(plan, now, sent)
        applied_plans.append(plan)
    if returned.revision == record["merged_revision"] and not merge.changes:
        merge.already_merged = True
        return merge
    if frozen := _frozen(db, returned.call_id, applied_plans):
        raise ValidationError(
            [
                Problem(
                    "Paquete",
                    "No se sobrescriben calificaciones ya consolidadas o emitidas: "
                    + "; ".join(frozen)
                    + ".",
                )
            ]
        )
    if keep and not reason.strip():
        raise ValidationError(
            [Problem("Motivo", "Escriba por qué se elige cada versión en conflicto.")]
        )
    if dry_run or merge.conflicts:
        return merge
    with db.atomic():
        for plan in applied_plans:
            _apply(db, returned, plan, current, actor=actor, reason=reason)
        merged = package.member_work(db, returned.call_id, returned.member_id)
        at = now_iso()
        db["evaluation_packages"].update(
            returned.package_id,
            {
                "merged_revision": returned.revision,
                "merged_at": at,
                "base": package.canonical(merged),
            },
        )
        audit.record(
            db,
            actor=actor,
            action="incorporar paquete de evaluación",
            table="evaluation_packages",
            row_id=None,
            after={
                "paquete": returned.package_id,
                "miembro": who.full_name,
                "versión": returned.revision,
                "cambios": [change.line() for change in merge.changes],
                "elecciones": keep,
            },
            reason=reason.strip(),
            at=at,
        )
    merge.applied = True
    return merge


def _apply(
    db: Database, returned: _Returned, plan: str, current: dict, *, actor: str, reason: str
) -> None:
    plan_id = db.execute(
        "SELECT id FROM plans WHERE call_id = ? AND code = ?", [returned.call_id, plan]
    ).fetchone()[0]
    declared = returned.work["declaraciones"].get(plan)
    if declared is not None and declared != current["declaraciones"].get(plan):
        declare(
            db,
            plan_id,
            returned.member_id,
            declared["conflicto"],
            declared["motivo"] or reason or f"Paquete de evaluación {returned.package_id[:8]}",
            actor=actor,
        )
    sheet = returned.work["fichas"].get(plan)
    if sheet is None or sheet == current["fichas"].get(plan):
        return
    existing = load_sheet(db, plan_id, returned.member_id)
    if existing.round != sheet["ronda"]:
        raise _refuse(
            f"{plan}: la ficha del paquete es de la ronda {sheet['ronda']}, y el plan está "
            f"en la ronda {existing.round}."
        )
    if existing.submitted:
        reopen_sheet(
            db,
            existing.evaluation_id,
            reason or "Se incorpora el paquete de evaluación del miembro.",
            actor=actor,
        )
    criteria = dict(
        db.execute(
            "SELECT c.code, c.id FROM rubric_criteria c "
            "JOIN rubrics r ON r.id = c.rubric_id WHERE r.call_id = ?",
            [returned.call_id],
        ).fetchall()
    )
    unknown = [code for code in sheet["puntajes"] if code not in criteria]
    if unknown:
        raise _refuse(
            f"{plan}: el paquete califica criterios que la rúbrica no tiene: {', '.join(unknown)}."
        )
    save_sheet(
        db,
        plan_id,
        returned.member_id,
        {criteria[code]: Decimal(points) for code, points in sheet["puntajes"].items()},
        {criteria[code]: text for code, text in sheet["comentarios"].items()},
        submit=sheet["estado"] == "enviada",
    )

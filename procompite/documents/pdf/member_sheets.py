"""A committee member's own record of their evaluation: for each plan of the call, the
declaration, and the sheet with the level chosen on each criterion, its comment and the total.
It holds nothing of the other members, so it prints the same in a package and in the
secretariat's file."""

from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable
from sqlite_utils import Database

from procompite.calls.entity import Letterhead
from procompite.common.dates import format_long, format_moment
from procompite.documents.pdf.base import ReportRenderer, render_letterhead_report
from procompite.evaluation.committee import member
from procompite.evaluation.consolidation import format_points, hundredths
from procompite.evaluation.scoring import declaration, load_sheet, worklist


def member_record(db: Database, call_id: int, member_id: int, today: date) -> dict:
    who = member(db, member_id)
    levels = {
        (criterion_id, hundredths(points)): text
        for criterion_id, points, text in db.execute(
            "SELECT criterion_id, points, description FROM rubric_levels"
        )
    }
    criteria = db.execute(
        "SELECT c.id, c.code, c.name FROM rubric_criteria c JOIN rubrics r ON r.id = c.rubric_id "
        "WHERE r.call_id = ? ORDER BY c.position, c.id",
        [call_id],
    ).fetchall()
    plans = []
    for item in worklist(db, call_id, member_id):
        declared = declaration(db, item.id, member_id)
        sheet = load_sheet(db, item.id, member_id)
        rows = []
        for criterion_id, code, name in criteria:
            if criterion_id in sheet.points:
                points = hundredths(sheet.points[criterion_id])
                rows.append(
                    [
                        code,
                        name,
                        format_points(points),
                        levels.get((criterion_id, points), ""),
                        sheet.comments.get(criterion_id, ""),
                    ]
                )
        plans.append(
            {
                "codigo": item.code,
                "aeo": item.organization,
                "declaracion": "sin declarar"
                if declared is None
                else (
                    f"con conflicto: {declared.reason}"
                    if declared.has_conflict
                    else "sin conflicto"
                ),
                "ficha": item.sheet.lower()
                + (f", el {format_moment(sheet.submitted_at)}" if sheet.submitted_at else ""),
                "total": format_points(hundredths(sheet.total)) if sheet.points else "—",
                "criterios": rows,
            }
        )
    return {
        "miembro": f"{who.full_name} ({who.role_label})",
        "convocatoria": db["calls"].get(call_id)["name"],
        "fecha_texto": format_long(today),
        "planes": plans,
    }


def member_flowables(pdf: ReportRenderer, record: dict) -> list[Flowable]:
    story: list[Flowable] = [
        pdf.paragraph("FICHA DE EVALUACIÓN DEL MIEMBRO DEL COMITÉ", "title"),
        pdf.paragraph(f"{record['miembro']} · {record['convocatoria']}", "subtitle"),
        pdf.paragraph(
            f"Constancia personal, al {record['fecha_texto']}, de las declaraciones y "
            "calificaciones registradas por el miembro. No es un acto de la convocatoria: los "
            "resultados constan en los dictámenes y el acta."
        ),
    ]
    for plan in record["planes"]:
        story += [
            pdf.heading(f"{plan['codigo']} — {plan['aeo']}"),
            pdf.key_values(
                [
                    ("Conflicto de interés", plan["declaracion"]),
                    ("Ficha", plan["ficha"]),
                    ("Puntaje total", plan["total"]),
                ]
            ),
        ]
        if plan["criterios"]:
            # The header, repeated on each page, names the plan the scores belong to.
            story.append(
                pdf.table(
                    [plan["codigo"], "Criterio", "Puntaje", "Nivel elegido", "Comentario"],
                    plan["criterios"],
                    [1.1, 1.9, 0.7, 2.1, 1.6],
                    right=(2,),
                )
            )
    return story


def render_member_record(record: dict, head: Letterhead, target: str | Path | None = None) -> bytes:
    return render_letterhead_report(
        "Ficha de evaluación del miembro del comité",
        head,
        record["fecha_texto"],
        lambda pdf: member_flowables(pdf, record),
        target,
    )

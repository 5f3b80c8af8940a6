"""Ficha del AEO: one page with the organisation's identity, its padrón in figures, its board
and its business plans with where each one stands."""

from datetime import date
from pathlib import Path

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable
from sqlite_utils import Database

from procompite.calls.entity import Letterhead
from procompite.common.dates import age_on, format_long, parse_iso
from procompite.common.labels import PLAN_STATUS, VERDICT
from procompite.common.money import format_soles
from procompite.documents.pdf.base import ReportRenderer, render_letterhead_report
from procompite.documents.pdf.issued import shared_member_warning
from procompite.plans.finance import financing
from procompite.plans.store import load_plan
from procompite.plans.summary import shared_members
from procompite.registry.brief import organization_brief, share_text
from procompite.registry.padron import youth_age_under


def _ages(db: Database, organization_id: int, on: date) -> list[tuple[str, str]]:
    """Socios by age band; the first band is the youth of the tie-breakers and quotas."""
    youth = youth_age_under(db)
    bands = (
        (f"Edad: menores de {youth} años", 0, youth),
        (f"Edad: de {youth} a 59 años", youth, 60),
        ("Edad: 60 años o más", 60, 200),
    )
    births = [
        parse_iso(birth)
        for (birth,) in db.execute(
            "SELECT birth_date FROM members WHERE organization_id = ?", [organization_id]
        )
    ]
    total = len(births)
    known = [age_on(born, on) for born in births if born is not None]
    rows = []
    for label, low, high in bands:
        count = sum(low <= age < high for age in known)
        rows.append((label, f"{count} ({share_text(count, total)})"))
    if missing := total - len(known):
        rows.append(("Sin fecha de nacimiento", f"{missing} ({share_text(missing, total)})"))
    return rows


def _plans(db: Database, organization_id: int) -> list[list[str]]:
    sql = """
        SELECT p.id, p.code, c.name, p.title, p.status,
               (SELECT v.verdict FROM plan_verdicts v WHERE v.plan_id = p.id
                ORDER BY v.round DESC LIMIT 1),
               (SELECT d.number FROM dictamenes d WHERE d.plan_id = p.id AND d.status = 'emitido'
                ORDER BY d.id DESC LIMIT 1)
        FROM plans p JOIN calls c ON c.id = p.call_id
        WHERE p.organization_id = ? ORDER BY c.year DESC, p.code
    """
    return [
        [
            code,
            f"{title} ({call})",
            PLAN_STATUS.get(status, status),
            format_soles(financing(load_plan(db, plan_id).lines).procompite_cents),
            VERDICT.get(verdict, "—"),
            number or "—",
        ]
        for plan_id, code, call, title, status, verdict, number in db.execute(
            sql, [organization_id]
        ).fetchall()
    ]


PLAN_HEADER = ("Código", "Título (convocatoria)", "Estado", "PROCOMPITE", "Veredicto", "Dictamen")
CELL_PADDING = 7
TITLE_SHARE = 0.3


def _widest(texts, style) -> float:
    return max((stringWidth(text, style.fontName, style.fontSize) for text in texts), default=0)


def plan_widths(pdf: ReportRenderer, rows: list[list[str]]) -> list[float]:
    """Column widths of the plans table: each column as wide as its longest cell, never narrower
    than the longest word of its header or its cells, so that a word is never split; the title
    takes what is left and at least a share of the frame."""
    head, body = pdf.styles["cell_head"], pdf.styles["cell"]
    columns = [[row[i] for row in rows] for i in range(len(PLAN_HEADER))]
    least = [
        max(
            _widest(header.split(), head),
            _widest([word for cell in cells for word in cell.split()], body),
        )
        + CELL_PADDING
        for header, cells in zip(PLAN_HEADER, columns, strict=True)
    ]
    natural = [
        max(_widest([header], head), _widest(cells, body)) + CELL_PADDING
        for header, cells in zip(PLAN_HEADER, columns, strict=True)
    ]
    title = 1
    others = [i for i in range(len(PLAN_HEADER)) if i != title]
    room = pdf.frame_width * (1 - TITLE_SHARE)
    wanted = sum(natural[i] for i in others)
    floor = sum(least[i] for i in others)
    widths = natural[:]
    if wanted > room:
        give = (wanted - room) / (wanted - floor) if wanted > floor else 1
        widths = [n - min(give, 1) * (n - m) for n, m in zip(natural, least, strict=True)]
    widths[title] = max(pdf.frame_width - sum(widths[i] for i in others), least[title])
    return widths


def build_ficha(db: Database, organization_id: int, today: date | None = None) -> dict:
    """Everything the ficha shows. Raises ``NotFoundError`` for an unknown organisation."""
    today = today or date.today()
    row = db["organizations"].get(organization_id)
    chain = db["chains"].get(row["chain_id"])["name"] if row["chain_id"] else "—"
    board = [
        [f"{first} {last}", role.capitalize(), dni]
        for first, last, role, dni in db.execute(
            "SELECT first_names, last_names, role, dni FROM members "
            "WHERE organization_id = ? AND role NOT IN ('socio', 'socia') ORDER BY id",
            [organization_id],
        )
    ]
    return {
        "fecha_texto": format_long(today),
        "aeo": organization_brief(db, organization_id, today),
        "contacto": {
            "direccion": row["address"] or "—",
            "telefono": row["phone"] or "—",
            "correo": row["email"] or "—",
        },
        "cadena": chain,
        "ventas": format_soles(row["annual_sales_cents"]),
        "edades": _ages(db, organization_id, today),
        "directiva": board,
        "planes": _plans(db, organization_id),
        "alertas": shared_members(db).get(organization_id, []),
    }


def ficha_flowables(pdf: ReportRenderer, ficha: dict) -> list[Flowable]:
    aeo, padron, contact = ficha["aeo"], ficha["aeo"]["padron"], ficha["contacto"]
    representative = aeo["representante"] or "—"
    if aeo["representante_dni"]:
        representative += f" (DNI {aeo['representante_dni']})"
    story: list[Flowable] = [
        pdf.paragraph("FICHA DEL AGENTE ECONÓMICO ORGANIZADO", "title"),
        pdf.paragraph(f"{aeo['nombre']} · RUC {aeo['ruc']}", "subtitle"),
        pdf.heading("Datos generales"),
        pdf.key_values(
            [
                ("Forma jurídica", aeo["forma_juridica"]),
                ("Constitución", aeo["constitucion"] or "—"),
                ("Partida registral", aeo["partida_registral"] or "—"),
                ("Ubicación", aeo["ubicacion"] or "—"),
                ("Dirección", contact["direccion"]),
                ("Teléfono y correo", f"{contact['telefono']} · {contact['correo']}"),
                ("Representante legal", representative),
                ("Cadena productiva", ficha["cadena"]),
                ("Ventas anuales", ficha["ventas"]),
            ]
        ),
        pdf.heading("Padrón de socios"),
        pdf.key_values(
            [
                ("Socios", str(padron["socios"])),
                ("Mujeres", f"{padron['mujeres']} ({padron['mujeres_pct']})"),
                *ficha["edades"],
            ]
        ),
        *shared_member_warning(pdf, ficha.get("alertas")),
    ]
    if ficha["directiva"]:
        story += [
            pdf.heading("Junta directiva"),
            pdf.table(["Nombre", "Cargo", "DNI"], ficha["directiva"], [3.0, 1.5, 1.0]),
        ]
    story.append(pdf.heading("Planes de negocio"))
    if ficha["planes"]:
        story.append(
            pdf.table(
                PLAN_HEADER,
                ficha["planes"],
                plan_widths(pdf, ficha["planes"]),
                right=(3,),
            )
        )
    else:
        story.append(pdf.paragraph("El AEO no ha presentado planes de negocio."))
    return story


def render_ficha(ficha: dict, head: Letterhead, target: str | Path | None = None) -> bytes:
    return render_letterhead_report(
        "Ficha del AEO", head, ficha["fecha_texto"], lambda pdf: ficha_flowables(pdf, ficha), target
    )

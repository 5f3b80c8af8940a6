"""The printed acta de entrega: the goods the entity hands to the AEO under the plan's
agreement, with what, how many and against which budget line, the AEO's commitment to use
them for the plan, both signatures and a code derived from the recorded delivery."""

from pathlib import Path

from reportlab.platypus import Flowable, Spacer
from sqlite_utils import Database

from procompite.calls.entity import letterhead
from procompite.calls.legal import norms_text, stored_legal
from procompite.common.dates import format_long
from procompite.documents.issuing import verification_code
from procompite.documents.pdf.base import ReportMeta, ReportRenderer, escape
from procompite.documents.snapshot_parts import signing_city
from procompite.followup.agreements import load_agreement
from procompite.followup.deliveries import load_delivery
from procompite.followup.funded import funded_plan

TITLE = "Acta de entrega de bienes"


def delivery_record(db: Database, number: str) -> dict:
    """Everything the acta prints, from the stored delivery: its code is derived from it."""
    delivery = load_delivery(db, number)
    plan = funded_plan(db, delivery["plan_id"])
    agreement = load_agreement(db, plan.plan_id) or {}
    call = dict(db["calls"].get(plan.call_id))
    ruc = db.execute("SELECT ruc FROM organizations WHERE id = ?", [plan.organization_id])
    return {
        "numero": delivery["number"],
        "fecha": delivery["delivered_on"],
        "lugar": delivery["place"] or signing_city(db, call),
        "ciudad": signing_city(db, call),
        "entidad": call["entity_name"],
        "convocatoria": call["name"],
        "normas": norms_text(stored_legal(call).norms),
        "plan": plan.code,
        "titulo": plan.title,
        "aeo": plan.organization,
        "ruc": ruc.fetchone()[0],
        "convenio": agreement.get("number", ""),
        "convenio_fecha": agreement.get("signed_on", ""),
        "entrega": delivery["delivered_by"],
        "recibe": delivery["received_by"],
        "dni": delivery["received_dni"] or "",
        "observaciones": delivery["notes"],
        "bienes": [
            [item["description"], item["quantity"], item["unit"], item["concept"]]
            for item in delivery["items"]
        ],
    }


def delivery_flowables(pdf: ReportRenderer, record: dict, code: str) -> list[Flowable]:
    on = format_long(record["fecha"])
    agreement = (
        f"el Convenio N.° {escape(record['convenio'])} del {format_long(record['convenio_fecha'])}"
        if record["convenio"]
        else "el convenio del plan"
    )
    items = [[str(n), *row] for n, row in enumerate(record["bienes"], start=1)]
    return [
        pdf.paragraph(f"ACTA DE ENTREGA DE BIENES N.° {escape(record['numero'])}", "title"),
        pdf.paragraph(
            f"{escape(record['convocatoria'])}<br/>{escape(record['entidad'])}<br/>"
            f"{escape(record['ciudad'])}, {on}",
            "subtitle",
        ),
        pdf.paragraph(
            f"En {escape(record['lugar'])}, el {on}, {escape(record['entidad'])}, representada por "
            f"<b>{escape(record['entrega'])}</b>, entrega al agente económico organizado "
            f"<b>{escape(record['aeo'])}</b> (RUC {escape(record['ruc'])}), representado por "
            f"<b>{escape(record['recibe'])}</b>"
            + (f" (DNI {escape(record['dni'])})" if record["dni"] else "")
            + f", los bienes adquiridos con recursos PROCOMPITE para el plan de negocio "
            f"{escape(record['plan'])} «{escape(record['titulo'])}», en cumplimiento de "
            f"{agreement}, conforme a {escape(record['normas'])}."
        ),
        pdf.heading("Bienes entregados"),
        pdf.table(
            ["N.°", "Bien", "Cantidad", "Unidad", "Línea del presupuesto del plan"],
            items,
            [0.6, 4, 1.2, 1.2, 3.5],
            right=(0, 2),
        ),
        Spacer(1, 6),
        pdf.paragraph(
            "El AEO declara recibir los bienes descritos en la cantidad indicada y se obliga a "
            "destinarlos exclusivamente a la ejecución del plan de negocio, a conservarlos en buen "
            "estado y a permitir su verificación en las visitas de seguimiento. Los bienes no "
            "pueden ser vendidos, cedidos ni gravados mientras dure el convenio."
        ),
        *(
            [pdf.paragraph(f"Observaciones: {escape(record['observaciones'])}")]
            if record["observaciones"]
            else []
        ),
        pdf.signatures(
            "Firmas",
            [
                (record["entrega"], record["entidad"], "Entrega"),
                (
                    record["recibe"],
                    f"DNI {record['dni']}" if record["dni"] else record["aeo"],
                    f"Recibe, por {record['aeo']}",
                ),
            ],
        ),
        Spacer(1, 8),
        pdf.paragraph(
            f"Código de verificación: <b>{code}</b>. Se deriva de los datos de esta entrega tal "
            "como constan en la base de datos del programa.",
            "small",
        ),
    ]


def render_delivery(db: Database, number: str, target: Path | None = None) -> bytes:
    """The acta de entrega ``number`` as a PDF; written to ``target`` when given."""
    record = delivery_record(db, number)
    code = verification_code(record)
    head = letterhead(db)
    pdf = ReportRenderer(
        ReportMeta(
            title=f"{TITLE} {record['numero']}",
            entity=head.entity or record["entidad"],
            number=record["numero"],
            issued=format_long(record["fecha"]),
            verification=code,
            logo=head.logo,
        )
    )
    return pdf.render(delivery_flowables(pdf, record, code), target)

"""The printed bases of a convocatoria: its legal basis, the categories with their limits and
pools, the chains, the documents, the schedule, the rubric with its weights and levels, the
tie-breakers, the passing score and the discount rate."""

from datetime import date
from pathlib import Path

from reportlab.platypus import Spacer
from sqlite_utils import Database

from procompite.calls.definition import CONSOLIDATIONS, CallDefinition
from procompite.calls.entity import Letterhead
from procompite.calls.status import STAGES
from procompite.calls.store import load_definition
from procompite.common.dates import format_long, format_short
from procompite.common.money import format_soles, percent_from_bp
from procompite.documents.pdf.base import ReportMeta, ReportRenderer
from procompite.evaluation.allocation import TIE_BREAKERS
from procompite.evaluation.rubrics import call_rubric_id, format_points, rubric_spec

LEGAL_BASIS = (
    "Ley N.º 29337, Ley que establece disposiciones para apoyar la competitividad productiva, "
    "y su Reglamento aprobado por Decreto Supremo N.º 001-2021-PRODUCE; Directiva N.º "
    "0001-2021-PRODUCE."
)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _points(value) -> str:
    return format_points(value)


def render_bases(
    db: Database, call_id: int, head: Letterhead, target: str | Path | None = None
) -> tuple[bytes, bool]:
    """The PDF of the call's bases, and whether it is a draft (bases not yet approved)."""
    d = load_definition(db, call_id)
    call = db["calls"].get(call_id)
    chains = dict(db.execute("SELECT id, name FROM chains").fetchall())
    sectors = dict(db.execute("SELECT id, sector FROM chains").fetchall())
    draft = not d.bases_resolution
    meta = ReportMeta(
        title="Bases del concurso PROCOMPITE",
        entity=head.entity or call["entity_name"],
        issued=format_long(d.bases_resolution_on) if not draft else format_long(date.today()),
        draft=draft,
        logo=head.logo,
    )
    pdf = ReportRenderer(meta)
    approval = (
        f"{d.bases_resolution}, del {format_long(d.bases_resolution_on)}"
        if not draft
        else "Sin resolución de aprobación: borrador de las bases."
    )
    committee = (
        f"{d.committee_resolution}, del {format_long(d.committee_resolution_on)}"
        if d.committee_resolution
        else "Pendiente de designación."
    )
    story = [
        pdf.paragraph("Bases del concurso PROCOMPITE", "title"),
        pdf.paragraph(d.name, "subtitle"),
        pdf.key_values(
            [
                ("Entidad convocante", call["entity_name"]),
                ("Año", d.year),
                ("Base legal", LEGAL_BASIS),
                ("Aprobación de las bases", approval),
                ("Designación del comité evaluador", committee),
                ("Monto autorizado", format_soles(d.budget_cents)),
                ("Tasa de descuento (VAN, B/C)", percent_from_bp(d.discount_rate_bp)),
                ("Puntaje mínimo aprobatorio", _points(d.passing_score)),
                (
                    "Consolidación de puntajes",
                    f"{CONSOLIDATIONS[d.consolidation]} de los miembros; quórum de "
                    f"{d.quorum} fichas; discrepancia que se discute: una diferencia de más del "
                    f"{percent_from_bp(d.disagreement_share_bp)} del máximo de un criterio",
                ),
                ("Etapa actual", STAGES[call["status"]]),
            ]
        ),
        pdf.heading("1. Categorías de AEO, límites y fondos"),
        pdf.table(
            [
                "Categoría",
                "Socios",
                "Años",
                "Ventas mín.",
                "Cofinanciamiento PROCOMPITE",
                "Máx. %",
                "Aporte mín. (monetario)",
                "Fondo",
            ],
            [
                [
                    c.name if c.code in c.name else f"{c.code} — {c.name}",
                    c.min_members,
                    c.min_years,
                    format_soles(c.min_annual_sales_cents) if c.min_annual_sales_cents else "—",
                    f"{format_soles(c.min_cofinancing_cents)} a "
                    f"{format_soles(c.max_cofinancing_cents)}",
                    percent_from_bp(c.max_cofinancing_bp),
                    f"{percent_from_bp(c.min_contribution_bp)} "
                    f"({percent_from_bp(c.min_cash_contribution_bp)})",
                    format_soles(c.budget_cents) if c.budget_cents is not None else "—",
                ]
                for c in d.categories
            ],
            [1.3, 0.9, 0.7, 1.0, 2.3, 0.9, 1.5, 1.5],
            right=[1, 2, 3, 5, 6, 7],
        ),
        pdf.paragraph(
            "Socios y años: mínimos de socios y de años de existencia del AEO. "
            "El aporte del AEO es un porcentaje del costo total del plan; el aporte monetario "
            "es parte de él. Un saldo de un fondo solo pasa a otro con un documento que lo "
            "autorice, y solo lo que queda después de financiar a sus ganadores.",
            "small",
        ),
        pdf.heading("2. Cadenas productivas que pueden postular"),
        pdf.table(
            ["Cadena productiva", "Sector", "Sustento"],
            [
                [
                    chains[c.chain_id],
                    sectors[c.chain_id],
                    c.reason or "Priorizada por la entidad (sobre el corte)",
                ]
                for c in d.chains
            ],
            [2.5, 1.5, 4],
        ),
        pdf.heading("3. Documentos que se exigen"),
        pdf.table(
            ["Código", "Documento", "Obligatorio"],
            [[doc.code, doc.name, "Sí" if doc.required else "No"] for doc in d.documents],
            [1, 6, 1],
        ),
        pdf.heading("4. Cronograma"),
        pdf.table(
            ["N.º", "Etapa", "Desde", "Hasta"],
            [
                [n, s.name, format_short(s.starts_on), format_short(s.ends_on)]
                for n, s in enumerate(d.stages, 1)
            ],
            [0.5, 5, 1.2, 1.2],
            right=[0],
        ),
        pdf.heading("5. Criterios de desempate, en orden"),
        pdf.table(
            ["Orden", "Criterio"],
            [[n, _capital(TIE_BREAKERS[t].label)] for n, t in enumerate(d.tie_breakers, 1)]
            or [["—", "Sin criterios: los empates se ordenan por código del plan"]],
            [1, 7],
            right=[0],
        ),
    ]
    story += _rubric(pdf, db, call_id)
    story += _bonus(pdf, d)
    return pdf.render(story, target), draft


def _bonus(pdf: ReportRenderer, d: CallDefinition) -> list:
    heading = pdf.heading("7. Bonificación (puntos afirmativos)")
    if not d.bonus_rules:
        return [heading, pdf.paragraph("Las bases no otorgan puntos de bonificación.")]
    counted = (
        "Se suman al puntaje técnico y cuentan para alcanzar el puntaje mínimo."
        if d.bonus_counts_for_passing
        else "Se suman al puntaje técnico solo de los planes que alcanzan el puntaje mínimo sin "
        "ellos; nunca hacen apto a un plan que no lo es."
    )
    return [
        heading,
        pdf.paragraph(
            "Se calculan al consolidar la evaluación de cada plan, con los datos del padrón de "
            "la AEO y del distrito del plan (INEI), y se imprimen en su dictamen aparte del "
            f"puntaje técnico, con la cifra que da cada punto. {counted} El cuadro de mérito "
            "sigue el puntaje final."
        ),
        pdf.table(
            ["N.°", "Bonificación", "Condición"],
            [[n, rule.name, rule.wording] for n, rule in enumerate(d.bonus_rules, 1)],
            [0.5, 2, 5.5],
            right=[0],
        ),
    ]


def _rubric(pdf: ReportRenderer, db: Database, call_id: int) -> list:
    rubric_id = call_rubric_id(db, call_id)
    if rubric_id is None:
        return [pdf.heading("6. Rúbrica de evaluación"), pdf.paragraph("Sin rúbrica.")]
    spec = rubric_spec(db, rubric_id)
    story = [
        pdf.heading("6. Rúbrica de evaluación"),
        pdf.paragraph(
            f"{spec['name']}: {_points(spec['total_points'])} puntos en total. Cada miembro "
            "del comité califica cada criterio en uno de sus niveles."
        ),
        pdf.table(
            ["Sección", "Criterio", "Puntaje máx.", "Peso"],
            [
                [
                    section["name"],
                    f"{criterion['code']} {criterion['name']}",
                    _points(criterion["max_points"]),
                    f"{criterion['max_points'] * 100 / spec['total_points']:.1f} %",
                ]
                for section in spec["sections"]
                for criterion in section["criteria"]
            ],
            [2.4, 4, 1, 0.8],
            right=[2, 3],
        ),
    ]
    for section in spec["sections"]:
        for criterion in section["criteria"]:
            story.append(Spacer(1, 4))
            story.append(
                pdf.table(
                    [f"{criterion['code']} {criterion['name']} — niveles", "Puntos"],
                    [
                        [level["description"], _points(level["points"])]
                        for level in criterion["levels"]
                    ],
                    [7, 1],
                    right=[1],
                )
            )
    return story

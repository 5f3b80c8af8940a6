"""Informe de priorización de cadenas productivas: data first, then the PDF."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, KeepTogether, Spacer
from sqlite_utils import Database

from procompite.calls.entity import Letterhead
from procompite.common.dates import format_long
from procompite.documents.pdf.base import ReportMeta, ReportRenderer, escape
from procompite.documents.pdf.fonts import fonts
from procompite.prioritization.ahp import MatrixError, ahp, complete_from_upper, fraction_text
from procompite.prioritization.exercises import Exercise, load_exercise
from procompite.prioritization.methods import METHOD_NAMES, Ranking
from procompite.prioritization.sensitivity import SensitivityRow
from procompite.prioritization.signatories import CONCERTATION, Signatory, load_signatories
from procompite.storage.settings import setting

KIND = {"rating": "Calificación", "indicator": "Indicador", "flag": "Sí / no"}
DIRECTION = {"more_better": "más es mejor", "more_worse": "más es peor"}
MISSING = {"worst": "se asigna el peor valor", "exclude": "se excluye la cadena con aviso"}
UNNAMED = "(nombre)"
LABEL_SIZE = 7.5
LABEL_LEADING = 8.5


@dataclass(frozen=True)
class TieGroup:
    """Chains with the same score, which share a rank and are listed alphabetically."""

    rank: int
    score: float
    names: list[str]

    @property
    def last(self) -> int:
        """The last position the group takes in the list."""
        return self.rank + len(self.names) - 1


@dataclass
class PrioritizationReport:
    """Everything the printed report shows, computed from the database."""

    exercise: Exercise
    department: str
    ranking: Ranking
    sensitivity: list[SensitivityRow]
    ahp_matrix: list[list[float]] | None
    ahp_cr: float | None
    entity: str
    ahp_problem: str = ""
    signatories: list[Signatory] = field(default_factory=list)

    @property
    def above(self) -> int:
        """How many chains are above the cut."""
        return sum(row.above_cut for row in self.ranking.rows)

    def ties(self) -> list[TieGroup]:
        groups: dict[int, list] = {}
        for row in self.ranking.rows:
            groups.setdefault(row.rank, []).append(row)
        return [
            TieGroup(rank, rows[0].score, [row.chain.name for row in rows])
            for rank, rows in groups.items()
            if len(rows) > 1
        ]

    def tie_at_cut(self) -> TieGroup | None:
        """The tie that the cut of the first N places falls inside, if any: every chain of it
        shares a place within the cut, so all of them are above it."""
        record = self.exercise.record
        if record["cut_kind"] != "top_n":
            return None
        return next(
            (g for g in self.ties() if g.rank <= record["cut_value"] < g.last),
            None,
        )


def _label_lines(text: str, width: float, font: str) -> list[str]:
    """A chart row's name broken into lines that fit beside its bar, at word boundaries."""
    return simpleSplit(text, font, LABEL_SIZE, width - 6) or [""]


def _row_label(drawing: Drawing, label_width: float, middle: float, lines: list[str], font: str):
    """A chart row's name, right-aligned against its bar and centred on it, line under line."""
    for number, line in enumerate(lines):
        drawing.add(
            String(
                label_width - 4,
                middle - 2.7 + ((len(lines) - 1) / 2 - number) * LABEL_LEADING,
                line,
                fontName=font,
                fontSize=LABEL_SIZE,
                textAnchor="end",
            )
        )


def _row_heights(
    names: list[str], label_width: float, least: float, font: str
) -> tuple[list[list[str]], list[float]]:
    """Each chart row's lines and height: taller when its name takes more than one line."""
    lines = [_label_lines(name, label_width, font) for name in names]
    return lines, [max(least, len(parts) * LABEL_LEADING + 3) for parts in lines]


def build_report(db: Database, exercise_id: int) -> PrioritizationReport:
    exercise = load_exercise(db, exercise_id)
    department = db["departments"].get(exercise.record["department_id"])["name"]
    matrix = cr = None
    problem = ""
    if exercise.comparisons:
        index = {c.id: i for i, c in enumerate(exercise.criteria)}
        upper = {(index[a], index[b]): v for (a, b), v in exercise.comparisons.items()}
        if len(upper) == len(index) * (len(index) - 1) // 2:
            matrix = complete_from_upper(upper, len(index))
            try:
                cr = ahp(matrix, names=[c.name for c in exercise.criteria]).cr
            except MatrixError as error:
                problem = str(error)
    return PrioritizationReport(
        exercise,
        department,
        exercise.ranking(),
        exercise.sensitivity(),
        matrix,
        cr,
        setting(db, "entity_name", f"Gobierno Regional {department}"),
        problem,
        load_signatories(db, exercise_id) or unnamed_signatories(),
    )


def unnamed_signatories() -> list[Signatory]:
    """Who signs for the concertation space when the exercise records nobody (one approved
    before signatories were recorded, or a draft without them): each line carries the
    institution and role the approval requires and a name to be written in."""
    return [Signatory(UNNAMED, institution, role) for institution, role in CONCERTATION]


def percent(weight: float) -> str:
    """A weight (0..1) as it is printed everywhere in the report: ``35.1 %``."""
    return f"{weight * 100:.1f} %"


def listed(names: list[str]) -> str:
    """Names joined as a Spanish list: «A, B y C» («e» before a word that sounds «i»)."""
    if len(names) < 2:
        return "".join(names)
    last = names[-1]
    sounds_i = last[:1].lower() in "ií" or (
        last[:2].lower() in ("hi", "hí") and last[2:3].lower() not in "aeiouáéó"
    )
    return f"{', '.join(names[:-1])} {'e' if sounds_i else 'y'} {last}"


def chains_text(count: int) -> str:
    return f"{count} cadena" if count == 1 else f"{count} cadenas"


def cut_text(report: PrioritizationReport) -> str:
    """The cut as the exercise sets it, with how many chains it leaves above."""
    record = report.exercise.record
    rule = (
        f"los primeros {record['cut_value']:g} puestos"
        if record["cut_kind"] == "top_n"
        else f"puntaje de {record['cut_value']:g} o más"
    )
    result = f"{rule}: {chains_text(report.above)} sobre el corte"
    if report.tie_at_cut():
        result += " (véase la sección 3)"
    return result


def cut_tie_text(report: PrioritizationReport) -> str:
    """The one sentence on a tie that the cut falls inside: who, the rule, the result."""
    tie = report.tie_at_cut()
    if tie is None:
        return ""
    places = report.exercise.record["cut_value"]
    extra = report.above - int(places)
    return (
        f"<b>Empate en el corte.</b> {escape(listed(tie.names))} tienen el mismo puntaje "
        f"({tie.score:.2f}) y comparten el puesto {tie.rank}; el corte llega al puesto "
        f"{places:g}. Regla: las cadenas empatadas comparten el puesto, así que entran todas "
        "(el orden alfabético solo decide en qué orden se listan). Resultado: "
        f"{chains_text(report.above)} sobre el corte, {extra} más que los {places:g} puestos."
    )


def ties_text(report: PrioritizationReport) -> str:
    """The ties outside the cut, said once for the whole table."""
    at_cut = report.tie_at_cut()
    ties = [tie for tie in report.ties() if tie != at_cut]
    if not ties:
        return ""
    if len(ties) == 1 and len(ties[0].names) == len(report.ranking.rows):
        return (
            f"Empate: las {len(ties[0].names)} cadenas tienen el mismo puntaje "
            f"({ties[0].score:.2f}) y comparten el puesto {ties[0].rank}; se listan en orden "
            "alfabético."
        )
    groups = "; ".join(f"puesto {tie.rank}, {listed(tie.names)} ({tie.score:.2f})" for tie in ties)
    lead = "Otros empates" if at_cut else "Empates"
    return (
        f"{lead} (las cadenas con el mismo puntaje comparten el puesto y se listan en orden "
        f"alfabético): {escape(groups)}."
    )


def ranking_chart(report: PrioritizationReport, width: float) -> Drawing:
    """Each chain's score as a bar, dark above the cut, with a dashed line where the cut falls."""
    rows = report.ranking.rows
    label_width = 120
    font = fonts()["regular"]
    lines, heights = _row_heights([row.chain.name for row in rows], label_width, 13, font)
    height = sum(heights) + 20
    drawing = Drawing(width, height)
    bar_width = width - label_width - 40
    top = height - 10
    cut_at = None
    for row, parts, row_height in zip(rows, lines, heights, strict=True):
        middle = top - row_height / 2
        _row_label(drawing, label_width, middle, parts, font)
        color = colors.HexColor("#2f6690") if row.above_cut else colors.HexColor("#b8c4cf")
        length = bar_width * max(row.score, 0) / 100
        drawing.add(Rect(label_width, middle - 5, length, 10, fillColor=color, strokeColor=None))
        drawing.add(
            String(
                label_width + length + 3,
                middle - 2.5,
                f"{row.score:.1f}",
                fontName=font,
                fontSize=7,
            )
        )
        top -= row_height
        if row.above_cut:
            cut_at = top
    if cut_at is not None and not rows[-1].above_cut:
        red = colors.HexColor("#c0392b")
        drawing.add(
            Line(0, cut_at, width, cut_at, strokeColor=red, strokeDashArray=[4, 3], strokeWidth=1)
        )
        drawing.add(
            String(
                width,
                cut_at + 2,
                "corte",
                fontName=font,
                fontSize=7,
                textAnchor="end",
                fillColor=red,
            )
        )
    return drawing


def _sensitivity_chart(rows: list[SensitivityRow], width: float) -> Drawing:
    """Per criterion: the weights that keep the list (bar) and the current weight (mark)."""
    label_width = 150
    font = fonts()["regular"]
    lines, heights = _row_heights([row.criterion.name for row in rows], label_width, 14, font)
    height = sum(heights) + 24
    drawing = Drawing(width, height)
    span = width - label_width - 20
    top = height - 8
    for row, parts, row_height in zip(rows, lines, heights, strict=True):
        middle = top - row_height / 2
        _row_label(drawing, label_width, middle, parts, font)
        drawing.add(
            Rect(
                label_width,
                middle - 1,
                span,
                1.5,
                fillColor=colors.HexColor("#b8c4cf"),
                strokeColor=None,
            )
        )
        drawing.add(
            Rect(
                label_width + span * row.low,
                middle - 4.5,
                max(span * (row.high - row.low), 1),
                9,
                fillColor=colors.HexColor("#2f6690"),
                strokeColor=None,
            )
        )
        x = label_width + span * row.weight
        drawing.add(
            Line(
                x,
                middle - 6.5,
                x,
                middle + 6.5,
                strokeColor=colors.HexColor("#c0392b"),
                strokeWidth=2,
            )
        )
        top -= row_height
    for tick in range(0, 101, 25):
        drawing.add(
            String(
                label_width + span * tick / 100,
                2,
                percent(tick / 100),
                fontName=font,
                fontSize=7,
                textAnchor="middle",
            )
        )
    return drawing


def _ahp_section(pdf: ReportRenderer, report: PrioritizationReport) -> list[Flowable]:
    criteria = report.exercise.criteria
    if report.ahp_matrix is None:
        return []
    if report.ahp_cr is None:
        verdict = f"La matriz no sirve para calcular pesos: {escape(report.ahp_problem)}"
    else:
        verdict = f"Razón de consistencia (CR): {report.ahp_cr:.3f}" + (
            " — supera 0.10" if report.ahp_cr > 0.10 else " (aceptable)"
        )
    return [
        pdf.heading("Matriz de comparación de pares (AHP)"),
        pdf.table(
            [""] + [c.name for c in criteria],
            [
                [c.name] + [fraction_text(v) for v in row]
                for c, row in zip(criteria, report.ahp_matrix, strict=True)
            ],
            [2.5] + [1] * len(criteria),
            right=list(range(1, len(criteria) + 1)),
        ),
        Spacer(1, 3),
        pdf.paragraph(verdict),
    ]


def _ranking_section(pdf: ReportRenderer, report: PrioritizationReport) -> list[Flowable]:
    notes = [escape(note) for note in report.ranking.notes]
    notes += [text for text in (cut_tie_text(report), ties_text(report)) if text]
    if report.ranking.excluded:
        notes.append(
            "Excluidas por falta de datos: "
            + escape(
                "; ".join(
                    f"{chain.name} (sin {listed(missing)})"
                    for chain, missing in report.ranking.excluded
                )
            )
            + "."
        )
    return [
        pdf.heading("3. Ranking y corte"),
        pdf.table(
            ["Puesto", "Cadena productiva", "Puntaje", "Sobre el corte"],
            [
                [r.rank, r.chain.name, f"{r.score:.2f}", "Sí" if r.above_cut else "No"]
                for r in report.ranking.rows
            ],
            [1, 5, 1.3, 1.5],
            right=[0, 2],
        ),
        Spacer(1, 3),
        *([KeepTogether([pdf.paragraph(note, "small") for note in notes])] if notes else []),
        Spacer(1, 6),
        ranking_chart(report, pdf.frame_width),
    ]


def _sensitivity_section(pdf: ReportRenderer, report: PrioritizationReport) -> Flowable:
    heading = pdf.heading("4. Sensibilidad de la lista priorizada")
    if len(report.exercise.criteria) == 1:
        return KeepTogether(
            [
                heading,
                pdf.paragraph(
                    "Hay un solo criterio: su peso es siempre 100.0 % y la lista no depende de "
                    "los pesos.",
                    "small",
                ),
            ]
        )
    return KeepTogether(
        [
            heading,
            pdf.paragraph(
                "Cuánto puede variar el peso de cada criterio (los demás se reescalan) sin "
                "que cambie el conjunto de cadenas sobre el corte.",
                "small",
            ),
            pdf.table(
                ["Criterio", "Peso", "Mín.", "Máx.", "Si baja más", "Si sube más"],
                [
                    [
                        s.criterion.name,
                        percent(s.weight),
                        percent(s.low),
                        percent(s.high),
                        s.change_down,
                        s.change_up,
                    ]
                    for s in report.sensitivity
                ],
                [2.4, 1, 1, 1, 2.5, 2.5],
                right=[1, 2, 3],
            ),
            Spacer(1, 6),
            _sensitivity_chart(report.sensitivity, pdf.frame_width),
            pdf.paragraph(
                "Barra azul: pesos con los que la lista no cambia; marca roja: peso actual.",
                "small",
            ),
        ]
    )


def signature_lines(signatory: Signatory) -> tuple[str, str, str]:
    """The three lines under a signature: name, institution, and role with the DNI if known."""
    role = f"{signatory.role} — DNI {signatory.dni}" if signatory.dni else signatory.role
    return signatory.name, signatory.institution, role


def _signatures(pdf: ReportRenderer, report: PrioritizationReport) -> Flowable:
    unnamed = any(s.name == UNNAMED for s in report.signatories)
    return pdf.signatures(
        "Firmas del espacio de concertación",
        [signature_lines(s) for s in report.signatories],
        "El ejercicio no registra quiénes lo firman: cada firmante escribe su nombre donde "
        f"dice «{UNNAMED}»."
        if unnamed
        else "",
    )


def render_report(
    report: PrioritizationReport,
    target: str | Path | None = None,
    head: Letterhead | None = None,
) -> bytes:
    record = report.exercise.record
    approved = report.exercise.approved
    meta = ReportMeta(
        title="Informe de priorización de cadenas productivas",
        entity=report.entity,
        issued=format_long(record["approved_on"]) if approved else format_long(date.today()),
        draft=not approved,
        logo=head.logo if head else None,
    )
    pdf = ReportRenderer(meta)
    criteria = report.exercise.criteria
    story = [
        pdf.paragraph("Informe de priorización de cadenas productivas", "title"),
        pdf.paragraph(escape(record["name"]), "subtitle"),
        pdf.key_values(
            [
                ("Ámbito", f"Departamento de {report.department}"),
                ("Año", record["year"]),
                ("Método", METHOD_NAMES[report.ranking.method]),
                (
                    "Pesos",
                    "comparación de pares (AHP)"
                    if record["weighting"] == "ahp"
                    else "asignados directamente",
                ),
                ("Datos faltantes", MISSING[record["missing_policy"]]),
                ("Corte", cut_text(report)),
                (
                    "Estado",
                    f"Aprobado el {format_long(record['approved_on'])} — "
                    f"{record['approval_reference']}"
                    if approved
                    else "Borrador (no aprobado)",
                ),
                ("Empates", report.ranking.tie_rule),
            ]
        ),
        pdf.heading("1. Criterios y pesos"),
        pdf.table(
            ["Criterio", "Tipo", "Peso", "Dirección", "Fuente del dato"],
            [
                [c.name, KIND[c.kind], percent(w), DIRECTION[c.direction], row["source_note"]]
                for c, w, row in zip(
                    criteria, _normalised(criteria), report.exercise.criterion_rows, strict=True
                )
            ],
            [3, 1.4, 0.9, 1.3, 4],
            right=[2],
        ),
        *_ahp_section(pdf, report),
    ]
    values = report.exercise.values
    story += [
        pdf.heading("2. Valores por cadena"),
        pdf.table(
            ["Cadena"] + [c.name for c in criteria],
            [
                [chain.name] + [_value(c, values.get((c.id, chain.id))) for c in criteria]
                for chain in report.exercise.chains
            ],
            [2.2] + [1] * len(criteria),
            right=list(range(1, len(criteria) + 1)),
        ),
        Spacer(1, 3),
        pdf.paragraph(
            "Celda vacía: sin dato (" + MISSING[record["missing_policy"]] + ").", "small"
        ),
        *_ranking_section(pdf, report),
        _sensitivity_section(pdf, report),
        Spacer(1, 10),
        _signatures(pdf, report),
    ]
    return pdf.render(story, target)


def _normalised(criteria) -> list[float]:
    total = sum(c.weight for c in criteria) or 1
    return [c.weight / total for c in criteria]


def _value(criterion, value) -> str:
    if value is None:
        return ""
    if criterion.kind == "flag":
        return "Sí" if value else "No"
    return f"{value:g}"

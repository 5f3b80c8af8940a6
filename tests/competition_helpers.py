"""A region's own competition built as its staff would: AEO and plans written to the Excel
templates and imported, the committee added, every sheet scored on the rubric's levels."""

from decimal import Decimal
from pathlib import Path

import openpyxl

from procompite.common.identifiers import ruc_check_digit
from procompite.evaluation.committee import save_member
from procompite.evaluation.scoring import declare, save_sheet
from procompite.plans.store import admit_plan, load_plan, save_plan
from tests.cli_helpers import procompite

CALL_NAME = "PROCOMPITE 2025 — Municipalidad Provincial de Tambopata"
BASES = Path(__file__).parent / "data" / "bases_tambopata_2025.json"
COMMITTEE = (
    ("Ana Lucía Huamán Ríos", "41234567", "presidente"),
    ("Pedro Pablo Quispe Mamani", "42345678", "miembro"),
    ("María Elena Flores Cahuana", "43456789", "miembro"),
)
# code, category, members, PROCOMPITE, AEO cash, AEO in kind, chain
PLANS = (
    ("PN-2025-001", "A", 12, "120000", "10000", "20000", "Cacao"),
    ("PN-2025-002", "A", 10, "150000", "10000", "28000", "Castaña"),
    ("PN-2025-003", "B", 4, "200000", "40000", "50000", "Acuicultura"),
    ("PN-2025-004", "B", 3, "300000", "60000", "80000", "Cacao"),
)


def ruc(number: int) -> str:
    first_ten = f"20{number:08d}"
    return first_ten + str(ruc_check_digit(first_ten))


def write_aeo(path: Path) -> None:
    procompite("template", "aeo", str(path))
    book = openpyxl.load_workbook(path)
    organizations, members = book["Organizaciones"], book["Socios"]
    dni = 70000000
    for n, (code, category, count, *_rest, chain) in enumerate(PLANS, 1):
        organizations.append(
            [
                ruc(600000 + n),
                f"Asociación de Productores {code[-3:]} de Tambopata",
                "Asociación",
                category,
                "2019-05-10",
                f"1100{n:04d}",
                "170101",
                "Av. Madre de Dios 123",
                "Rosa Quispe",
                f"{40000000 + n}",
                "982000000",
                "",
                chain,
                "0",
            ]
        )
        for m in range(count):
            dni += 1
            members.append(
                [
                    ruc(600000 + n),
                    str(dni),
                    f"Socia{m}",
                    "Mamani",
                    "F" if m % 2 else "M",
                    "1980-01-15",
                    "presidente" if m == 0 else "socio",
                    "2019-05-10",
                ]
            )
    book.save(path)


def write_plans(path: Path) -> None:
    procompite("template", "plan", str(path))
    book = openpyxl.load_workbook(path)
    plans, budget, flows = book["Planes"], book["Presupuesto"], book["Flujo de caja"]
    for n, (code, category, _count, public, cash, kind, chain) in enumerate(PLANS, 1):
        plans.append(
            [
                CALL_NAME,
                code,
                ruc(600000 + n),
                category,
                chain,
                f"Mejora productiva {code}",
                "170101",
                12,
                10,
                8,
                6,
                12,
                "Equipamiento y asistencia técnica.",
            ]
        )
        for payer, amount in (
            ("PROCOMPITE", public),
            ("AEO monetario", cash),
            ("AEO no monetario", kind),
        ):
            budget.append(
                [CALL_NAME, code, "Activos fijos", f"Equipos ({payer})", "global", 1, amount, payer]
            )
        total = int(public) + int(cash) + int(kind)
        flows.append([CALL_NAME, code, 0, 0, 0, total, 0])
        for year in range(1, 6):
            flows.append([CALL_NAME, code, year, total, total // 2, 0, 0 if year < 5 else 10000])
    book.save(path)


def admit_all(db) -> None:
    for (plan_id,) in db.execute("SELECT id FROM plans ORDER BY code").fetchall():
        draft = load_plan(db, plan_id)
        draft.documents = {row[0]: True for row in db.execute("SELECT id FROM call_documents")}
        save_plan(db, draft, plan_id=plan_id, actor="oficina")
        admit_plan(db, plan_id, actor="oficina")


def add_committee(db, call_id: int) -> list[int]:
    return [
        save_member(db, call_id, {"full_name": name, "dni": dni, "role": role}, actor="oficina")
        for name, dni, role in COMMITTEE
    ]


def score_all(db, call_id: int, members: list[int]) -> None:
    """Every member scores every plan: the first plans of each category high, the rest low."""
    levels: dict[int, list[Decimal]] = {}
    for criterion, points in db.execute(
        "SELECT c.id, l.points FROM rubric_levels l JOIN rubric_criteria c ON c.id = "
        "l.criterion_id JOIN rubrics r ON r.id = c.rubric_id WHERE r.call_id = ?",
        [call_id],
    ):
        levels.setdefault(criterion, []).append(Decimal(str(points)))
    plans = db.execute("SELECT id, code FROM plans ORDER BY code").fetchall()
    for plan_id, code in plans:
        high = code in ("PN-2025-001", "PN-2025-002", "PN-2025-003")
        points = {c: (max(v) if high else min(v)) for c, v in levels.items()}
        for member in members:
            declare(db, plan_id, member, False, actor="comité")
            save_sheet(db, plan_id, member, points, {}, submit=True)

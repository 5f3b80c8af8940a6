"""A call's bases as a JSON file that moves between files and regions.

The file names chains, documents and the rubric by their content, never by ids: imported into
another region's file the call takes that file's entity and department, and a chain the file
lacks is added to its catalogue (the import says so). An import is checked whole before anything
is written and then written in one transaction: a refused file changes nothing.

A disagreement is a share of each criterion's maximum (``disagreement_share_pct``). A file
written before that setting existed gives a gap in points (``disagreement_gap``): when every
criterion of its rubric has the same maximum, the gap becomes the share that flags the same
criteria (4 points on criteria of 0 to 5: 80 %); when their maxima differ no share does, and the
call takes the default 40 %."""

import json
import math
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from procompite.calls.bonuses import rule_record
from procompite.calls.definition import CallDefinition, ChainChoice
from procompite.calls.legal import legal_raw
from procompite.calls.reading import read_definition
from procompite.calls.store import load_definition, save_call
from procompite.common.errors import Problem, ValidationError
from procompite.common.money import from_cents
from procompite.common.values import is_empty
from procompite.evaluation.allocation import TIE_BREAKERS
from procompite.evaluation.rubrics import (
    call_rubric_id,
    insert_rubric,
    parse_points,
    rubric_problems,
    rubric_spec,
)
from procompite.prioritization.catalogue import add_chain, chain_by_name
from procompite.storage import audit

FORMAT = "procompite-bases"
VERSION = 1
MAX_BYTES = 2_000_000
KNOWN_TIE_BREAKERS = {code: breaker.label for code, breaker in TIE_BREAKERS.items()}


def _percent(basis_points: int) -> str:
    return f"{basis_points / 100:.2f}"


def _soles(cents: int | None) -> str | None:
    return None if cents is None else str(from_cents(cents))


def bases_record(db: Database, call_id: int) -> dict[str, Any]:
    """The call's bases as the file holds them."""
    d = load_definition(db, call_id)
    sectors = dict(db.execute("SELECT id, sector FROM chains").fetchall())
    names = dict(db.execute("SELECT id, name FROM chains").fetchall())
    rubric_id = call_rubric_id(db, call_id)
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": d.name,
        "year": d.year,
        "budget": _soles(d.budget_cents),
        "discount_rate_pct": _percent(d.discount_rate_bp),
        "passing_score": str(d.passing_score),
        "consolidation": d.consolidation,
        "disagreement_share_pct": _percent(d.disagreement_share_bp),
        "quorum": d.quorum,
        "tie_breakers": list(d.tie_breakers),
        "document_prefix": d.document_prefix,
        "legal": legal_raw(d.legal),
        "bases_resolution": d.bases_resolution,
        "bases_resolution_on": d.bases_resolution_on and d.bases_resolution_on.isoformat(),
        "committee_resolution": d.committee_resolution,
        "committee_resolution_on": d.committee_resolution_on
        and d.committee_resolution_on.isoformat(),
        "categories": [
            {
                "code": c.code,
                "name": c.name,
                "min_members": c.min_members,
                "min_years": c.min_years,
                "min_annual_sales": _soles(c.min_annual_sales_cents),
                "min_cofinancing": _soles(c.min_cofinancing_cents),
                "max_cofinancing": _soles(c.max_cofinancing_cents),
                "max_cofinancing_pct": _percent(c.max_cofinancing_bp),
                "min_contribution_pct": _percent(c.min_contribution_bp),
                "min_cash_contribution_pct": _percent(c.min_cash_contribution_bp),
                "pool": _soles(c.budget_cents),
            }
            for c in d.categories
        ],
        "chains": [
            {"name": names[c.chain_id], "sector": sectors[c.chain_id], "reason": c.reason}
            for c in d.chains
        ],
        "documents": [
            {"code": doc.code, "name": doc.name, "required": doc.required} for doc in d.documents
        ],
        "stages": [
            {"name": s.name, "starts_on": s.starts_on.isoformat(), "ends_on": s.ends_on.isoformat()}
            for s in d.stages
        ],
        "bonus_rules": [rule_record(rule) for rule in d.bonus_rules],
        "bonus_counts_for_passing": d.bonus_counts_for_passing,
        "rubric": rubric_spec(db, rubric_id) if rubric_id else None,
    }


def export_bases(db: Database, call_id: int, out: Path) -> None:
    text = json.dumps(bases_record(db, call_id), ensure_ascii=False, indent=2)
    out.write_text(text + "\n", encoding="utf-8")


@dataclass
class BasesImport:
    """What an import would do: the definition, the rubric and the chains it adds."""

    definition: CallDefinition
    rubric: dict[str, Any]
    new_chains: list[dict[str, str]] = field(default_factory=list)


def _refused(where: str, message: str) -> ValidationError:
    return ValidationError([Problem(where, message)])


def read_bases_file(path: Path) -> Any:
    """The JSON in ``path``, or ``ValidationError`` saying what is wrong with the file."""
    where = f"Archivo «{path.name}»"
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _refused(where, "pesa más de 2 MB: no es un archivo de bases.")
        data = path.read_bytes()
    except OSError as error:
        raise _refused(where, f"no se puede leer: {error.strerror or error}.") from None
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _refused(where, "no está en UTF-8: no es un archivo de bases.") from None
    except json.JSONDecodeError as error:
        at = f"línea {error.lineno}, columna {error.colno}"
        raise _refused(where, f"no es JSON válido ({at}: {error.msg}).") from None
    except RecursionError:
        raise _refused(where, "anida demasiados niveles: no es un archivo de bases.") from None


def _chains(db: Database, raw: Any, problems: list[Problem]) -> tuple[list, list[dict]]:
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        problems.append(Problem("Cadenas", "debe ser una lista."))
        return [], []
    known, new = [], []
    for number, item in enumerate(raw, 1):
        where = f"Cadena {number}"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            problems.append(Problem(where, "debe tener su nombre («name»)."))
            continue
        name, reason = " ".join(item["name"].split()), item.get("reason") or ""
        sector = item.get("sector") or ""
        if not name or not isinstance(reason, str) or not isinstance(sector, str):
            problems.append(Problem(where, "el nombre, el sector y el motivo son textos."))
            continue
        chain_id = chain_by_name(db, name)
        if chain_id is None:
            if not sector.strip():
                problems.append(
                    Problem(where, f"«{name}» no está en el catálogo: indique su sector.")
                )
                continue
            new.append({"name": name, "sector": sector.strip()})
        known.append((chain_id, name, reason))
    return known, new


def check_bases(db: Database, raw: Any) -> BasesImport:
    """Everything the import would do, or ``ValidationError`` with every located problem."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ValidationError(
            [Problem("Archivo", f"no es un archivo de bases de PROCOMPITE («format»: «{FORMAT}»).")]
        )
    if raw.get("version") != VERSION:
        raise ValidationError(
            [Problem("Archivo", f"es de la versión {raw.get('version')!r}; se lee la {VERSION}.")]
        )
    problems: list[Problem] = []
    chains, new_chains = _chains(db, raw.get("chains"), problems)
    placeholder = tuple(ChainChoice(chain_id or 0, reason) for chain_id, _, reason in chains)
    definition, found = read_definition(raw, tie_breakers=KNOWN_TIE_BREAKERS, chains=placeholder)
    problems += found
    rubric = raw.get("rubric")
    if not isinstance(rubric, dict):
        problems.append(Problem("Rúbrica", "el archivo no trae la rúbrica de la convocatoria."))
    else:
        problems += [Problem(f"Rúbrica, {p.field}", p.message) for p in rubric_problems(rubric)]
    if problems:
        raise ValidationError(problems)
    if is_empty(raw.get("disagreement_share_pct")) and not is_empty(raw.get("disagreement_gap")):
        share = _share_of_gap(definition.disagreement_gap, rubric)
        if share is not None:
            definition = replace(definition, disagreement_share_bp=share)
    return BasesImport(definition, rubric, new_chains)


def _share_of_gap(gap: Decimal, rubric: dict[str, Any]) -> int | None:
    """The share of the criterion's maximum (basis points) that flags the same criteria as a gap
    in points, or ``None`` when the rubric's criteria have different maxima."""
    maxima = {
        parse_points(criterion.get("max_points"))
        for section in rubric["sections"]
        for criterion in section["criteria"]
    }
    if len(maxima) != 1 or not (maximum := maxima.pop()) or maximum <= 0:
        return None
    return min(10000, math.ceil(gap * 10000 / maximum))


IMPORTED_REASON = "incluida en las bases importadas"


def import_bases(db: Database, raw: Any, *, actor: str) -> tuple[int, list[str]]:
    """Create a call from a bases file; returns its id and the names of the chains added."""
    checked = check_bases(db, raw)
    with db.atomic():
        for chain in checked.new_chains:
            add_chain(db, chain["name"], chain["sector"], actor=actor, source="archivo de bases")
        chains = tuple(
            ChainChoice(chain_by_name(db, item["name"]), item.get("reason") or IMPORTED_REASON)
            for item in raw.get("chains") or []
        )
        call_id = save_call(db, replace(checked.definition, chains=chains), actor=actor)
        name = db["calls"].get(call_id)["name"]
        spec = checked.rubric | {"name": f"Rúbrica de la convocatoria {name}"}
        insert_rubric(db, spec, call_id=call_id)
        audit.record(
            db,
            actor=actor,
            action="importar bases",
            table="calls",
            row_id=call_id,
            after={"cadenas_agregadas": [c["name"] for c in checked.new_chains]},
        )
    return call_id, [c["name"] for c in checked.new_chains]

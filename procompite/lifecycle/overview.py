"""A call described in lines of text for ``call list`` and ``call show``: its settings,
categories with limits and pools, chains, documents, schedule, committee, transfers, and what
its next stage still needs."""

from sqlite_utils import Database

from procompite.calls.definition import CONSOLIDATIONS
from procompite.calls.status import ORDER, STAGES, call_stage
from procompite.calls.store import load_definition
from procompite.common.dates import format_short
from procompite.common.labels import COMMITTEE_ROLE
from procompite.common.money import format_soles, percent_from_bp
from procompite.evaluation.allocation import TIE_BREAKERS
from procompite.evaluation.committee import members
from procompite.evaluation.rubrics import format_points
from procompite.evaluation.transfers import transfers
from procompite.lifecycle.stages import stage_change_problems


def call_rows(db: Database) -> list[dict]:
    return list(
        db.query("SELECT id, year, status, budget_cents, name FROM calls ORDER BY year, id")
    )


def next_stage(stage: str) -> str | None:
    position = ORDER.index(stage)
    return ORDER[position + 1] if position + 1 < len(ORDER) else None


def call_lines(db: Database, call_id: int) -> list[str]:
    d = load_definition(db, call_id)
    call = db["calls"].get(call_id)
    chains = dict(db.execute("SELECT id, name FROM chains").fetchall())
    stage = call_stage(db, call_id)
    lines = [
        f"Convocatoria {call_id}: {d.name}",
        f"  Entidad: {call['entity_name']} · año {d.year} · etapa «{STAGES[stage]}»",
        f"  Monto autorizado: {format_soles(d.budget_cents)} · tasa de descuento "
        f"{percent_from_bp(d.discount_rate_bp)} · puntaje mínimo {format_points(d.passing_score)}",
        f"  Consolidación: {CONSOLIDATIONS[d.consolidation].lower()} · discrepancia: más del "
        f"{percent_from_bp(d.disagreement_share_bp)} del máximo del criterio · quórum {d.quorum}",
        "  Desempate: "
        + ("; ".join(TIE_BREAKERS[t].label for t in d.tie_breakers) or "por código del plan"),
    ]
    for label, number, on in (
        ("Resolución de bases", d.bases_resolution, d.bases_resolution_on),
        ("Resolución del comité", d.committee_resolution, d.committee_resolution_on),
    ):
        lines.append(f"  {label}: {number} del {format_short(on)}" if number else f"  {label}: —")
    legal = d.legal
    lines.append(f"Base legal ({len(legal.norms)} normas), firmada en {legal.city or '—'}:")
    lines += [f"  {norm}" for norm in legal.norms]
    lines.append(
        f"  Recurso: {legal.appeal_kind}, ante {legal.appeal_filed_with}; lo resuelve "
        f"{legal.appeal_heard_by}; plazo {legal.appeal_days} días hábiles"
    )
    if d.bonus_rules:
        counted = "cuenta" if d.bonus_counts_for_passing else "no cuenta"
        lines.append(
            f"Bonificación ({len(d.bonus_rules)} reglas; {counted} para el puntaje mínimo):"
        )
        lines += [f"  {rule.name}: {rule.wording}" for rule in d.bonus_rules]
    lines.append(f"Categorías ({len(d.categories)}):")
    for c in d.categories:
        lines.append(
            f"  {c.code} {c.name}: ≥ {c.min_members} socios, ≥ {c.min_years} año(s), "
            f"{format_soles(c.min_cofinancing_cents)} a {format_soles(c.max_cofinancing_cents)} "
            f"(≤ {percent_from_bp(c.max_cofinancing_bp)}), aporte ≥ "
            f"{percent_from_bp(c.min_contribution_bp)} (monetario ≥ "
            f"{percent_from_bp(c.min_cash_contribution_bp)}), fondo {format_soles(c.budget_cents)}"
        )
    lines.append(f"Cadenas ({len(d.chains)}):")
    lines += [
        f"  {chains[c.chain_id]}" + (f" — motivo: {c.reason}" if c.reason else "") for c in d.chains
    ]
    lines.append(f"Documentos exigidos ({len(d.documents)}):")
    lines += [f"  {doc.code}: {doc.name}" for doc in d.documents]
    lines.append(f"Cronograma ({len(d.stages)} etapas):")
    lines += [
        f"  {format_short(s.starts_on)} – {format_short(s.ends_on)}  {s.name}" for s in d.stages
    ]
    committee = members(db, call_id)
    lines.append(f"Comité evaluador ({len(committee)}):")
    lines += [f"  {m.full_name} ({COMMITTEE_ROLE[m.role]})" for m in committee]
    moved = transfers(db, call_id)
    if moved:
        lines.append("Transferencias entre fondos:")
        lines += [
            f"  {format_short(t['transferred_on'])}: {format_soles(t['amount_cents'])} de "
            f"{t['source']} a {t['target']} ({t['document_reference']})"
            for t in moved
        ]
    following = next_stage(stage)
    if following:
        missing = stage_change_problems(db, call_id, following)
        if missing:
            lines.append(f"Para pasar a «{STAGES[following]}» falta:")
            lines += [f"  {problem}" for problem in missing]
        else:
            lines.append(f"Lista para pasar a «{STAGES[following]}».")
    return lines

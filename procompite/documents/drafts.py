"""Who may see a document that is not issued yet: a draft dictamen prints every member's scores
and a draft acta every plan's, so they follow the committee's rule of who sees scores
(:func:`procompite.evaluation.consolidation.visible_scores`). Issued documents are public."""

from sqlite_utils import Database

from procompite.evaluation.consolidation import LOGIN_FIRST, visible_scores


def draft_refusal(db: Database, kind: str, item_id: int, viewer_id: int | None) -> str | None:
    """Why ``viewer_id`` (``None``: nobody logged in) may not see this draft, or ``None``."""
    if kind == "dictamen":
        if db["dictamenes"].count_where("plan_id = ? AND status = 'emitido'", [item_id]):
            return None
        shown = visible_scores(db, item_id, viewer_id)
        if shown.members:
            return None
        return "El borrador del dictamen muestra la calificación de cada miembro. " + shown.reason
    if kind == "acta":
        if db["actas"].count_where("call_id = ?", [item_id]) or viewer_id is not None:
            return None
        return "El borrador del acta muestra los puntajes. " + LOGIN_FIRST
    return None


def drafts_refusal(viewer_id: int | None) -> str | None:
    """Why the drafts of a whole call may not be printed by ``viewer_id``, or ``None``."""
    if viewer_id is None:
        return "Los borradores de los dictámenes muestran las calificaciones. " + LOGIN_FIRST
    return None

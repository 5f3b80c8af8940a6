"""A member's work in a call, as a package carries it: conflict declarations and sheets by plan
code and criterion code, and the seal over it keyed by the member's PIN."""

import hashlib
import hmac
import json
from decimal import Decimal

from sqlite_utils import Database

from procompite.evaluation.consolidation import hundredths

SEAL_ITERATIONS = 200_000

# The settings a package file carries about itself.
PACKAGE_ID = "package_id"
PACKAGE_CALL = "package_call_id"
PACKAGE_MEMBER = "package_member_id"
PACKAGE_ORIGIN = "package_origin_id"
PACKAGE_ORIGIN_NAME = "package_origin_name"
PACKAGE_CREATED = "package_created_at"
PACKAGE_SALT = "package_key_salt"
PACKAGE_REVISION = "package_revision"
PACKAGE_SEAL = "package_seal"
PACKAGE_SEALED_AT = "package_sealed_at"


def seal_key(pin: str, salt: str) -> str:
    """The key of the member's seal: slow to guess from the PIN, kept by the origin file."""
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), SEAL_ITERATIONS).hex()


def canonical(content: dict) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def seal(key: str, package_id: str, revision: int, content: dict) -> str:
    message = f"{package_id}|{revision}|{canonical(content)}".encode()
    return hmac.new(bytes.fromhex(key), message, hashlib.sha256).hexdigest()


def seal_matches(key: str, package_id: str, revision: int, content: dict, stored: str) -> bool:
    return hmac.compare_digest(seal(key, package_id, revision, content), stored)


def member_work(db: Database, call_id: int, member_id: int) -> dict:
    """``{"declaraciones": {plan: {...}}, "fichas": {plan: {...}}}`` for the member's plans."""
    declarations = {
        code: {"conflicto": bool(conflict), "motivo": reason}
        for code, conflict, reason in db.execute(
            "SELECT p.code, d.has_conflict, d.reason FROM conflict_declarations d "
            "JOIN plans p ON p.id = d.plan_id WHERE p.call_id = ? AND d.committee_member_id = ?",
            [call_id, member_id],
        )
    }
    sheets: dict[str, dict] = {}
    for code, round_, status, criterion, points, comment in db.execute(
        "SELECT p.code, e.round, e.status, c.code, s.points, s.comment FROM evaluations e "
        "JOIN plans p ON p.id = e.plan_id "
        "LEFT JOIN scores s ON s.evaluation_id = e.id "
        "LEFT JOIN rubric_criteria c ON c.id = s.criterion_id "
        "WHERE p.call_id = ? AND e.committee_member_id = ? ORDER BY p.code, e.round",
        [call_id, member_id],
    ):
        sheet = sheets.setdefault(code, {})
        if sheet.get("ronda", round_) != round_:
            sheet.clear()
        sheet.update({"ronda": round_, "estado": status})
        sheet.setdefault("puntajes", {})
        sheet.setdefault("comentarios", {})
        if criterion is not None:
            sheet["puntajes"][criterion] = f"{Decimal(hundredths(points)) / 100:.2f}"
            if comment:
                sheet["comentarios"][criterion] = comment
    return {"declaraciones": declarations, "fichas": sheets}

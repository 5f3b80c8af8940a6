"""In the member's package: sealing the work to return it. The seal is keyed by the member's
PIN over their declarations and sheets and a revision that grows with each seal, so that the
origin file can tell the package holds exactly what the member sealed, and in which order."""

from sqlite_utils import Database

from procompite.common.clock import now_iso
from procompite.common.errors import Problem, ValidationError
from procompite.evaluation.committee import pin_matches
from procompite.evaluation.packages import content as package
from procompite.storage.settings import save_setting, setting


def package_member(db: Database) -> tuple[int, int]:
    """The call and the member of the package open in ``db``."""
    if not setting(db, package.PACKAGE_ID):
        raise ValidationError([Problem("Archivo", "El archivo no es un paquete de evaluación.")])
    return int(setting(db, package.PACKAGE_CALL)), int(setting(db, package.PACKAGE_MEMBER))


def seal_package(db: Database, pin: str) -> int:
    """Seal the member's work with their PIN; return the revision sealed."""
    call_id, member_id = package_member(db)
    if not pin_matches(db, member_id, pin):
        raise ValidationError([Problem("PIN", "El PIN no es el de este paquete.")])
    revision = int(setting(db, package.PACKAGE_REVISION, "0")) + 1
    key = package.seal_key(pin, setting(db, package.PACKAGE_SALT))
    work = package.member_work(db, call_id, member_id)
    with db.atomic():
        save_setting(db, package.PACKAGE_REVISION, str(revision))
        save_setting(
            db,
            package.PACKAGE_SEAL,
            package.seal(key, setting(db, package.PACKAGE_ID), revision, work),
        )
        save_setting(db, package.PACKAGE_SEALED_AT, now_iso())
    return revision
